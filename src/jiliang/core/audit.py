"""Recording writes: every service calls these inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile

from jiliang.core.models import AuditAction, AuditEntry


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field value, so the audit entry survives any database."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, FieldFile):  # a stored file: its name (the content is not audited)
        return value.name or ""
    if isinstance(value, list | tuple | set):
        return sorted(str(_plain(v)) for v in value)
    return value


def snapshot(instance: models.Model, *, m2m: Iterable[str] = ()) -> dict[str, Any]:
    """Field values of an instance (foreign keys by id) to compare before and after a change."""
    values: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        values[field.attname] = _plain(getattr(instance, field.attname))
    for name in m2m:
        if instance.pk is not None:
            values[name] = sorted(str(pk) for pk in getattr(instance, name).values_list("pk", flat=True))
        else:
            values[name] = []
    for skip in ("created_at", "updated_at"):
        values.pop(skip, None)
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The changed fields as {field: [before, after]}."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def audit_record(
    *,
    actor: Any,
    instance: models.Model,
    action: str,
    changes: Mapping[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """Write one audit entry for a change to ``instance`` made by ``actor`` (None for the system)."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:255],
        changes=dict(changes or {}),
        note=note[:255],
    )


def audit_created(*, actor: Any, instance: models.Model, m2m: Iterable[str] = (), note: str = "") -> None:
    """Audit a new object: all its fields count as changed from nothing."""
    after = snapshot(instance, m2m=m2m)
    audit_record(
        actor=actor,
        instance=instance,
        action=AuditAction.CREATE,
        changes={k: [None, v] for k, v in after.items() if v not in (None, "", [])},
        note=note,
    )


def audit_history(*, instance: models.Model) -> models.QuerySet[AuditEntry]:
    """The audit entries of one object, newest first."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
    ).select_related("actor")
