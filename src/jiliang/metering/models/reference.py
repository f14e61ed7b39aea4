"""Editable reference tables: GB/T 2589 coefficients and GB 17167 Tables 1, 2 and 3.

Loaded with the defaults of reference/domain.md §4; cells not confirmed against the standard's text say so
(``confirmed`` = False) and the pages show it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiliang.metering.choices import (
    Basis,
    ConsumerLevel,
    EnergyType,
    MeterLevel,
    ThresholdUnit,
    UnitOfMeasure,
)


class ConversionCoefficient(models.Model):
    """kgce per unit of measure of an energy type in one edition of GB/T 2589; one edition is in force."""

    edition = models.CharField(_("edition"), max_length=32)
    energy_type = models.CharField(_("energy type"), max_length=24, choices=EnergyType.choices)
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices, default=Basis.EQUIVALENT)
    unit_of_measure = models.CharField(_("per"), max_length=12, choices=UnitOfMeasure.choices)
    kgce = models.DecimalField(_("kgce per unit"), max_digits=12, decimal_places=6)
    confirmed = models.BooleanField(_("confirmed against the standard"), default=False)
    in_force = models.BooleanField(_("in force"), default=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["edition", "energy_type", "basis"]
        verbose_name = _("standard-coal coefficient")
        verbose_name_plural = _("standard-coal coefficients")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "energy_type", "basis"], name="coefficient_edition_energy_unique"
            ),
            models.UniqueConstraint(
                fields=["energy_type", "basis"],
                condition=Q(in_force=True),
                name="coefficient_one_in_force",
            ),
            models.CheckConstraint(condition=Q(kgce__gt=0), name="coefficient_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_energy_type_display()} {self.kgce} kgce/{self.unit_of_measure} ({self.edition})"


class EquippingRequirement(models.Model):
    """GB 17167-2006 Table 1: the equipping rate (%) required for an energy type at a level."""

    energy_type = models.CharField(_("energy type"), max_length=24, choices=EnergyType.choices)
    level = models.CharField(_("level"), max_length=16, choices=MeterLevel.choices)
    rate = models.DecimalField(_("required equipping rate (%)"), max_digits=5, decimal_places=1)
    confirmed = models.BooleanField(_("confirmed against the standard"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["energy_type", "level"]
        verbose_name = _("equipping-rate requirement")
        verbose_name_plural = _("equipping-rate requirements")
        constraints = [
            models.UniqueConstraint(fields=["energy_type", "level"], name="equipping_requirement_unique"),
            models.CheckConstraint(condition=Q(rate__gte=0, rate__lte=100), name="equipping_rate_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.energy_type} {self.level}: {self.rate} %"


class AccuracyRequirement(models.Model):
    """GB 17167-2006 Table 3: the accuracy a meter of an energy type at a level must reach."""

    energy_type = models.CharField(_("energy type"), max_length=24, choices=EnergyType.choices)
    level = models.CharField(_("level"), max_length=16, choices=MeterLevel.choices)
    requirement = models.CharField(_("required accuracy"), max_length=32)
    confirmed = models.BooleanField(_("confirmed against the standard"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["energy_type", "level"]
        verbose_name = _("accuracy requirement")
        verbose_name_plural = _("accuracy requirements")
        constraints = [
            models.UniqueConstraint(fields=["energy_type", "level"], name="accuracy_requirement_unique")
        ]

    def __str__(self) -> str:
        return f"{self.energy_type} {self.level}: {self.requirement}"


class MajorThreshold(models.Model):
    """GB 17167-2006 Table 2: the consumption (or rated power) from which a sub-unit or a piece of
    equipment is "major" for an energy type — reached when the declared size is at least ``threshold``
    (≥, "大于或等于"). Loaded from memory (reference/domain.md §4.1), UNCONFIRMED: the bureau edits it."""

    level = models.CharField(_("level"), max_length=16, choices=ConsumerLevel.choices)
    energy_type = models.CharField(_("energy type"), max_length=24, choices=EnergyType.choices)
    threshold = models.DecimalField(_("major from (≥)"), max_digits=14, decimal_places=3)
    size_unit = models.CharField(_("unit"), max_length=8, choices=ThresholdUnit.choices)
    confirmed = models.BooleanField(_("confirmed against the standard"), default=False)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["level", "energy_type"]
        verbose_name = _("major-consumer threshold")
        verbose_name_plural = _("major-consumer thresholds")
        constraints = [
            models.UniqueConstraint(fields=["level", "energy_type"], name="major_threshold_unique"),
            models.CheckConstraint(condition=Q(threshold__gt=0), name="major_threshold_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.energy_type} ≥ {self.threshold:g} {self.size_unit}"
