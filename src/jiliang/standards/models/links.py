"""Calibration links (溯源关系) between standards, and the external references chains end at."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.standards.choices import ExternalKind, LinkKind


class ExternalReference(TimeStampedModel):
    """A standard outside the registry that calibrates local standards: the provincial institute, the
    national institute (NIM), another NMI — identified by institution and certificate.

    ``accepted_as_root`` ends a chain (a national primary standard); any other reference must itself be
    ``traced_to`` another one (the provincial institute to NIM).
    """

    institution = models.CharField(_("institution"), max_length=128)
    kind = models.CharField(_("kind"), max_length=24, choices=ExternalKind.choices)
    standard_name = models.CharField(_("standard"), max_length=128, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=64, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    accepted_as_root = models.BooleanField(_("accepted root of traceability"), default=False)
    traced_to = models.ForeignKey(
        "self",
        verbose_name=_("traced to"),
        null=True,
        blank=True,
        related_name="traces",
        on_delete=models.PROTECT,
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["institution", "certificate_number"]
        verbose_name = _("external reference")
        verbose_name_plural = _("external references")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "certificate_number"], name="external_institution_certificate_unique"
            ),
            models.CheckConstraint(
                condition=Q(traced_to__isnull=True) | ~Q(traced_to=F("id")),
                name="external_not_traced_to_self",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution} {self.certificate_number}".strip()


#: The fields of a CalibrationLink a person edits (its form and its API input alike).
CALIBRATION_LINK_FIELDS = [
    "standard",
    "higher_standard",
    "external",
    "kind",
    "certificate_number",
    "calibrated_on",
    "valid_until",
    "stated_uncertainty",
    "uncertainty_value",
    "uncertainty_unit",
    "note",
]


class CalibrationLink(TimeStampedModel):
    """One calibration (or verification) of a standard by a higher local standard or an external
    reference: the certificate, its date and validity, and the uncertainty it states."""

    standard = models.ForeignKey(
        "standards.MeasurementStandard",
        verbose_name=_("standard calibrated"),
        related_name="calibrations",
        on_delete=models.PROTECT,
    )
    higher_standard = models.ForeignKey(
        "standards.MeasurementStandard",
        verbose_name=_("calibrated by (local standard)"),
        null=True,
        blank=True,
        related_name="calibrated",
        on_delete=models.PROTECT,
    )
    external = models.ForeignKey(
        ExternalReference,
        verbose_name=_("calibrated by (external)"),
        null=True,
        blank=True,
        related_name="calibrated",
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LinkKind.choices, default=LinkKind.CALIBRATION)
    certificate_number = models.CharField(_("certificate number"), max_length=64)
    #: How many days after today each date may lie (core.plausibility): 0 for what has happened.
    DATE_HORIZONS = {"calibrated_on": 0}
    calibrated_on = models.DateField(_("calibrated on"))
    valid_until = models.DateField(_("valid until"))
    stated_uncertainty = models.CharField(_("stated uncertainty"), max_length=128, blank=True)
    uncertainty_value = models.DecimalField(
        _("stated uncertainty (number)"), null=True, blank=True, max_digits=24, decimal_places=12
    )
    uncertainty_unit = models.CharField(_("uncertainty unit"), max_length=16, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-calibrated_on", "-id"]
        verbose_name = _("calibration link")
        verbose_name_plural = _("calibration links")
        indexes = [
            models.Index(fields=["higher_standard", "calibrated_on"], name="link_higher_date_idx"),
            models.Index(fields=["standard", "calibrated_on"], name="link_standard_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(higher_standard__isnull=False, external__isnull=True)
                | Q(higher_standard__isnull=True, external__isnull=False),
                name="link_one_source",
            ),
            models.CheckConstraint(
                condition=Q(higher_standard__isnull=True) | ~Q(higher_standard=F("standard")),
                name="link_not_self",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("calibrated_on")), name="link_validity_ordered"
            ),
            models.CheckConstraint(
                condition=Q(uncertainty_value__isnull=True)
                | (Q(uncertainty_value__gt=0) & ~Q(uncertainty_unit="")),
                name="link_uncertainty_positive_with_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_number} ({self.calibrated_on:%Y-%m-%d})"

    @property
    def source(self) -> object:
        """The higher standard or the external reference."""
        return self.higher_standard or self.external
