"""Values no regulatory record can hold, refused for every model before it is saved.

``core.writes`` runs :func:`plausibility_errors` beside ``full_clean`` on every create and update, so pages,
the API and imports refuse the same things with the field named:

* a float that is not finite (NaN, ±inf: Django's FloatField takes them, and they break the audit's JSON);
* a date before :data:`EARLIEST_DATE` (the platform keeps no record older than the People's Republic's
  legal-metrology system) or more than :data:`YEARS_AHEAD` years ahead (a typo such as 2099);
* a date further ahead than the model allows for it: ``DATE_HORIZONS`` maps a field to the days it may lie
  after today — 0 for what has happened (verified, sampled, calibrated …), a year for a planned first use.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

EARLIEST_DATE = dt.date(1949, 1, 1)
YEARS_AHEAD = 50


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, dt.date) else None


def plausibility_errors(instance: models.Model) -> dict[str, list[str]]:
    """Field name → messages for each implausible value of ``instance`` (empty when all are plausible)."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    horizons: dict[str, int] = getattr(type(instance), "DATE_HORIZONS", {})
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if value is None:
            continue
        if isinstance(field, models.FloatField):
            if isinstance(value, float) and not math.isfinite(value):
                errors[field.name] = [_("Enter a finite number.")]
            continue
        if not isinstance(field, models.DateField):  # DateTimeField is a DateField too
            continue
        day = _day(value)
        if day is None:
            continue
        if day < EARLIEST_DATE:
            message = _("A date before %(year)s is not accepted.") % {"year": EARLIEST_DATE.year}
        elif field.name in horizons and day > today + dt.timedelta(days=horizons[field.name]):
            if horizons[field.name]:
                message = _("This date is more than %(days)s days ahead.") % {"days": horizons[field.name]}
            else:
                message = _("This date is in the future; it must be today or earlier.")
        elif day.year > today.year + YEARS_AHEAD:
            message = _("A date more than %(years)s years ahead is not accepted.") % {"years": YEARS_AHEAD}
        else:
            continue
        errors[field.name] = [message]
    return errors


def validate_positive(value: Any) -> None:
    """A model-field validator: the value must be greater than zero (a register's wrap value, a maximum)."""
    if value is not None and not value > 0:
        raise ValidationError(gettext_lazy("Must be greater than zero."), code="positive")
