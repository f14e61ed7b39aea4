"""Metering points and their meters."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.core.plausibility import validate_positive
from jiliang.core.rights import ALL, FieldRights, Fields
from jiliang.metering.choices import EnergyType, MeterLevel, ReadingKind, UnitOfMeasure

#: What a person enters for a meter (form and API input alike).
METER_FIELDS = [
    "unit",
    "code",
    "name",
    "energy_type",
    "level",
    "unit_of_measure",
    "kind",
    "multiplier",
    "accuracy_class",
    "interval_minutes",
    "register_max",
    "max_per_hour",
    "instrument",
    "active",
]


class Meter(TimeStampedModel):
    """A metering point of a unit and the meter on it: energy type, GB 17167 level, unit of measure,
    cumulative register or interval values, multiplier (CT/PT ratio), accuracy class and the expected
    reporting interval.

    ``code`` is the unit's own name for the point, the key readings are sent under. ``instrument`` links
    the meter to its record in the mandatory-verification register, so a reading taken while that
    verification had expired is marked untrustworthy. ``register_max`` is the value at which a cumulative
    register wraps to zero; ``max_per_hour`` the physical maximum per hour (after the multiplier), above
    which a step is a spike.
    """

    #: Which editable fields each role may write (core.rights; published in docs/roles.md).
    WRITE_RIGHTS = FieldRights(
        editable=METER_FIELDS,
        enterprise=Fields(update=ALL),
    )

    unit = models.ForeignKey(
        "metering.EnergyUnit", verbose_name=_("unit"), related_name="meters", on_delete=models.PROTECT
    )
    code = models.CharField(_("meter code"), max_length=32)
    name = models.CharField(_("metering point"), max_length=128)
    energy_type = models.CharField(_("energy type"), max_length=24, choices=EnergyType.choices)
    level = models.CharField(_("level"), max_length=16, choices=MeterLevel.choices)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=12, choices=UnitOfMeasure.choices)
    kind = models.CharField(_("reading kind"), max_length=16, choices=ReadingKind.choices)
    multiplier = models.DecimalField(
        _("multiplier (CT/PT ratio)"), max_digits=12, decimal_places=4, default=Decimal(1)
    )
    accuracy_class = models.CharField(_("accuracy class"), max_length=16, blank=True)
    interval_minutes = models.PositiveSmallIntegerField(_("expected interval (minutes)"), default=15)
    register_max = models.FloatField(
        _("register wraps at"), null=True, blank=True, validators=[validate_positive]
    )
    max_per_hour = models.FloatField(
        _("physical maximum per hour"), null=True, blank=True, validators=[validate_positive]
    )
    instrument = models.ForeignKey(
        "instruments.Instrument",
        verbose_name=_("register entry"),
        null=True,
        blank=True,
        related_name="energy_meters",
        on_delete=models.PROTECT,
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["unit", "code"]
        verbose_name = _("meter")
        verbose_name_plural = _("meters")
        constraints = [
            models.UniqueConstraint(fields=["unit", "code"], name="meter_unit_code_unique"),
            models.CheckConstraint(condition=Q(multiplier__gt=0), name="meter_multiplier_positive"),
            models.CheckConstraint(condition=Q(interval_minutes__gt=0), name="meter_interval_positive"),
            models.CheckConstraint(
                condition=Q(register_max__isnull=True) | Q(register_max__gt=0),
                name="meter_register_max_positive",
            ),
            models.CheckConstraint(
                condition=Q(max_per_hour__isnull=True) | Q(max_per_hour__gt=0),
                name="meter_max_per_hour_positive",
            ),
        ]
        indexes = [models.Index(fields=["level", "active"], name="meter_level_active_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
