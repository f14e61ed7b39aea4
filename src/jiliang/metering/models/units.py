"""Key energy-using units (重点用能单位), their ingest tokens, declared metering needs, sub-units and
equipment, and monthly statements."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.core.rights import ALL, FieldRights, Fields
from jiliang.metering.choices import (
    Basis,
    ConsumerLevel,
    EnergyType,
    ListMembership,
    MeterLevel,
    ThresholdUnit,
    UnitOfMeasure,
)

#: The fields of a EnergyUnit a person edits (its form and its API input alike).
ENERGY_UNIT_FIELDS = [
    "organization",
    "list_membership",
    "list_year",
    "annual_tce",
    "manager_name",
    "manager_phone",
    "manager_email",
    "electricity_basis",
]


class EnergyUnit(TimeStampedModel):
    """The energy-metering record of an organization flagged as a key energy-using unit.

    ``list_membership`` and ``list_year`` say which list (national 万家, provincial, city) named it and
    when; ``annual_tce`` is its declared annual comprehensive energy consumption. ``electricity_basis``
    chooses how its electricity converts to standard coal (当量值 by default, GB/T 2589).
    """

    #: Which editable fields each role may write (core.rights; published in docs/roles.md).
    WRITE_RIGHTS = FieldRights(
        editable=ENERGY_UNIT_FIELDS,
        # The key-unit list (membership, year, declared tce) is the bureau's and county's; the unit keeps
        # its energy manager and its electricity basis up to date.
        enterprise=Fields(update=["manager_name", "manager_phone", "manager_email", "electricity_basis"]),
    )

    organization = models.OneToOneField(
        "registry.Organization",
        verbose_name=_("organization"),
        related_name="energy_unit",
        on_delete=models.PROTECT,
    )
    list_membership = models.CharField(_("key-unit list"), max_length=16, choices=ListMembership.choices)
    list_year = models.PositiveSmallIntegerField(_("listed in year"))
    annual_tce = models.DecimalField(
        _("annual comprehensive consumption (tce)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    manager_name = models.CharField(_("energy manager"), max_length=64, blank=True)
    manager_phone = models.CharField(_("energy manager phone"), max_length=32, blank=True)
    manager_email = models.EmailField(_("energy manager e-mail"), blank=True)
    electricity_basis = models.CharField(
        _("electricity conversion"), max_length=16, choices=Basis.choices, default=Basis.EQUIVALENT
    )

    class Meta:
        ordering = ["organization__name", "id"]
        verbose_name = _("key energy-using unit")
        verbose_name_plural = _("key energy-using units")
        indexes = [models.Index(fields=["list_membership"], name="energyunit_list_idx")]

    def __str__(self) -> str:
        return str(self.organization)


class IngestToken(models.Model):
    """A unit's credential for the readings endpoint; only its SHA-256 is stored, the token is shown once."""

    unit = models.ForeignKey(
        EnergyUnit, verbose_name=_("unit"), related_name="tokens", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=64)
    prefix = models.CharField(_("token begins with"), max_length=8)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        "registry.User", null=True, blank=True, related_name="+", on_delete=models.SET_NULL
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ingest token")
        verbose_name_plural = _("ingest tokens")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.name} ({self.prefix}…)"


class MeteringRequirement(models.Model):
    """How many meters a unit needs for one energy type at one level: the theoretical requirement that
    GB 17167-2006 §3 divides the installed meters by (配备率)."""

    unit = models.ForeignKey(
        EnergyUnit, verbose_name=_("unit"), related_name="requirements", on_delete=models.CASCADE
    )
    energy_type = models.CharField(_("energy type"), max_length=24, choices=EnergyType.choices)
    level = models.CharField(_("level"), max_length=16, choices=MeterLevel.choices)
    required = models.PositiveIntegerField(_("meters required"))

    class Meta:
        ordering = ["unit", "energy_type", "level"]
        verbose_name = _("metering requirement")
        verbose_name_plural = _("metering requirements")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "energy_type", "level"], name="metering_requirement_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.energy_type} {self.level}: {self.required}"


#: The fields of a EnergyConsumer a person edits (its form and its API input alike).
ENERGY_CONSUMER_FIELDS = [
    "unit",
    "level",
    "name",
    "energy_type",
    "size",
    "size_unit",
    "active",
    "note",
]


class EnergyConsumer(TimeStampedModel):
    """One energy flow of a sub-unit (次级用能单位) or a piece of equipment (用能设备) a unit declares: its
    energy type and size — rated power in kW, or annual consumption — in the unit of GB 17167 Table 2.

    A consumer (its ``name`` at its ``level``) with several energy flows has one row per energy type. The
    review decides from Table 2 which consumers are "major" and how many meters that requires.
    """

    #: Which editable fields each role may write (core.rights; published in docs/roles.md).
    WRITE_RIGHTS = FieldRights(
        editable=ENERGY_CONSUMER_FIELDS,
        enterprise=Fields(update=ALL),
    )

    unit = models.ForeignKey(
        EnergyUnit, verbose_name=_("unit"), related_name="consumers", on_delete=models.PROTECT
    )
    level = models.CharField(_("level"), max_length=16, choices=ConsumerLevel.choices)
    name = models.CharField(_("sub-unit or equipment"), max_length=128)
    energy_type = models.CharField(_("energy type"), max_length=24, choices=EnergyType.choices)
    size = models.DecimalField(_("size (rated power or annual consumption)"), max_digits=16, decimal_places=3)
    size_unit = models.CharField(_("size unit"), max_length=8, choices=ThresholdUnit.choices)
    active = models.BooleanField(_("in use"), default=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["unit", "level", "name", "energy_type"]
        verbose_name = _("sub-unit or equipment")
        verbose_name_plural = _("sub-units and equipment")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "level", "name", "energy_type"], name="energy_consumer_unique"
            ),
            models.CheckConstraint(condition=Q(size__gte=0), name="energy_consumer_size_nonnegative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.energy_type} {self.size:g} {self.size_unit})"


class UnitCalorificValue(models.Model):
    """A unit's measured net calorific value of a fuel (kJ per unit of measure), used instead of the
    GB/T 2589 average from ``valid_from``."""

    unit = models.ForeignKey(
        EnergyUnit, verbose_name=_("unit"), related_name="calorific_values", on_delete=models.CASCADE
    )
    energy_type = models.CharField(_("energy type"), max_length=24, choices=EnergyType.choices)
    net_calorific_kj = models.DecimalField(_("net calorific value (kJ)"), max_digits=12, decimal_places=2)
    unit_of_measure = models.CharField(_("per"), max_length=12, choices=UnitOfMeasure.choices)
    valid_from = models.DateField(_("valid from"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["unit", "energy_type", "-valid_from"]
        verbose_name = _("measured calorific value")
        verbose_name_plural = _("measured calorific values")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "energy_type", "valid_from"], name="calorific_value_unique"
            ),
            models.CheckConstraint(condition=Q(net_calorific_kj__gt=0), name="calorific_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.energy_type} {self.net_calorific_kj} kJ/{self.unit_of_measure}"


#: The fields of a MonthlyStatement a person edits (its form and its API input alike).
MONTHLY_STATEMENT_FIELDS = [
    "unit",
    "energy_type",
    "month",
    "quantity",
    "unit_of_measure",
]


class MonthlyStatement(models.Model):
    """The monthly consumption a unit reports for one energy type (the online system's monthly upload),
    checked against the sum of its daily data (must agree within 5 %)."""

    #: Which editable fields each role may write (core.rights; published in docs/roles.md).
    WRITE_RIGHTS = FieldRights(
        editable=MONTHLY_STATEMENT_FIELDS,
        enterprise=Fields(update=ALL),
    )

    unit = models.ForeignKey(
        EnergyUnit, verbose_name=_("unit"), related_name="monthly_statements", on_delete=models.PROTECT
    )
    energy_type = models.CharField(_("energy type"), max_length=24, choices=EnergyType.choices)
    month = models.DateField(_("month (first day)"))
    quantity = models.DecimalField(
        _("quantity"), max_digits=18, decimal_places=4, validators=[MinValueValidator(Decimal(0))]
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=12, choices=UnitOfMeasure.choices)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["unit", "-month", "energy_type"]
        verbose_name = _("monthly statement")
        verbose_name_plural = _("monthly statements")
        constraints = [
            models.UniqueConstraint(fields=["unit", "energy_type", "month"], name="monthly_statement_unique"),
            models.CheckConstraint(condition=Q(month__day=1), name="monthly_statement_first_day"),
            models.CheckConstraint(
                condition=Q(quantity__gte=0), name="monthly_statement_quantity_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.energy_type} {self.month:%Y-%m}"
