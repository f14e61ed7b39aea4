"""The catalogue of measuring instruments under mandatory administration (强制管理的计量器具目录).

Reference data shared by the standards registry (what a standard can verify), verifier qualifications
and the instrument register. Entries are versioned by date: a catalogue revision closes the old entry
(``valid_to``) and opens a new one, so a figure for 2016 uses the 2016 catalogue.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiliang.registry.choices import UseDomain, VerificationRegime


class HouseholdMeterKind(models.TextChoices):
    """The four household meters (民用四表) of the plan's 98 % target."""

    ELECTRICITY = "electricity", _("electricity meter")
    WATER = "water", _("water meter")
    GAS = "gas", _("gas meter")
    HEAT = "heat", _("heat meter")


class InstrumentTypeQuerySet(models.QuerySet["InstrumentType"]):
    def valid_on(self, day: dt.date) -> InstrumentTypeQuerySet:
        return self.filter(Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day)))


class InstrumentType(models.Model):
    """One entry of the catalogue with its verification regime.

    ``regime`` is periodic (``period_months``) or first-verification-only; the household meters are
    first-verification-only with a limited service life (``service_life_months``), after which the meter
    is replaced (1991 有关规定; JJG 162-2019 for water meters).
    """

    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=128)
    category = models.CharField(_("category"), max_length=64)
    regime = models.CharField(_("verification regime"), max_length=32, choices=VerificationRegime.choices)
    period_months = models.PositiveSmallIntegerField(_("verification period (months)"), null=True, blank=True)
    service_life_months = models.PositiveSmallIntegerField(_("service life (months)"), null=True, blank=True)
    use_domains = models.JSONField(_("use domains"), default=list, blank=True)
    pattern_approval = models.BooleanField(_("pattern approval required"), default=False)
    is_key_managed = models.BooleanField(_("key-managed instrument"), default=True)
    household_meter = models.CharField(
        _("household meter"), max_length=16, choices=HouseholdMeterKind.choices, blank=True
    )
    edition = models.CharField(_("catalogue edition"), max_length=64)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until (exclusive)"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = InstrumentTypeQuerySet.as_manager()

    class Meta:
        ordering = ["code", "valid_from"]
        verbose_name = _("instrument type")
        verbose_name_plural = _("instrument types")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="instrument_type_code_valid_from_unique"
            ),
            models.CheckConstraint(
                condition=~Q(regime=VerificationRegime.PERIODIC) | Q(period_months__gt=0),
                name="instrument_type_periodic_has_period",
            ),
            models.CheckConstraint(
                condition=~Q(regime=VerificationRegime.FIRST_ONLY_LIMITED_LIFE)
                | Q(service_life_months__gt=0),
                name="instrument_type_limited_life_has_life",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        unknown = set(self.use_domains or []) - set(UseDomain.values)
        if unknown:
            raise ValidationError(
                {"use_domains": _("Unknown use domain(s): %s") % ", ".join(sorted(unknown))}
            )
