"""A region named by its GB/T 2260 code, in a form, a filter or an API input.

A code can have several records over time (a division retired and its code later reused, or an old
version kept beside the new); the one in force is meant, else the newest. A code that is not six digits
or names no division is a validation error on that field — never a lookup that raises.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, QuerySet
from rest_framework import serializers

from jiliang.registry.models import Region


def region_by_code(queryset: QuerySet[Region], code: Any) -> Region | None:
    """The region of ``queryset`` with GB/T 2260 ``code``: the one in force, else the newest; None when
    ``code`` is not a six-digit string or no such region is in ``queryset``."""
    if not isinstance(code, str) or len(code) != 6 or not code.isascii() or not code.isdigit():
        return None
    ordered = queryset.filter(code=code).order_by(F("valid_to").desc(nulls_first=True), "-valid_from")
    return ordered.first()


class RegionChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """A form field taking a region code (``?region=410305``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["to_field_name"] = "code"
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Region | None:
        if value in self.empty_values:
            return None
        if isinstance(value, Region):
            return value
        region = region_by_code(self.queryset, value)  # type: ignore[arg-type]
        if region is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return region


class RegionFilter(django_filters.ModelChoiceFilter):  # type: ignore[misc]
    """A django-filter filter on a region given by its code (pages and API share it through FilterSets)."""

    field_class = RegionChoiceField


class RegionCodeField(serializers.SlugRelatedField):  # type: ignore[type-arg]
    """An API input naming a region by its code."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["slug_field"] = "code"
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Region:
        region = region_by_code(self.get_queryset(), data)  # type: ignore[arg-type]
        if region is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:20])
        return region
