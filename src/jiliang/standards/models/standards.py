"""Measurement standards (计量标准), their approval certificates (计量标准考核证书), suspensions and periodic
stability / repeatability checks."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.core.rights import ALL, FieldRights, Fields
from jiliang.standards.choices import (
    AccuracyKind,
    ApprovalStatus,
    CheckKind,
    StandardLevel,
    StandardStatus,
)

#: The fields of a standard a person edits (form and API input alike); its status has its own services.
STANDARD_FIELDS = [
    "code",
    "name",
    "holder",
    "level",
    "discipline",
    "quantity",
    "measuring_range",
    "uncertainty",
    "accuracy_kind",
    "accuracy_value",
    "accuracy_unit",
    "verified_mpe_value",
    "verified_mpe_unit",
    "instrument_types",
    "note",
]


class MeasurementStandard(TimeStampedModel):
    """A measurement standard held by an institution or enterprise, at one level of the hierarchy.

    Its accuracy is stated as on its certificate (``uncertainty``, free text) and as a number with its
    unit (``accuracy_value`` / ``accuracy_unit``, "%" for relative values) for the uncertainty-ratio check;
    ``verified_mpe_*`` is the smallest MPE of the instruments it verifies (for the last link of an
    instrument's chain). ``instrument_types`` are the catalogue entries it can verify or calibrate.
    ``status`` mirrors the open suspension (kept by the services); whether the standard was valid on a
    day comes from its approval certificates and suspension periods.
    """

    #: Which editable fields each role may write (core.rights; published in docs/roles.md).
    WRITE_RIGHTS = FieldRights(
        editable=STANDARD_FIELDS,
        # Who holds a standard and at which level (社会公用 / 部门 / 企事业最高) is the bureau's decision.
        institute=Fields(update=[f for f in STANDARD_FIELDS if f not in ("holder", "level")], create=ALL),
        enterprise=Fields(update=[f for f in STANDARD_FIELDS if f not in ("holder", "level")], create=ALL),
    )

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=128)
    holder = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("holder"),
        related_name="measurement_standards",
        on_delete=models.PROTECT,
    )
    level = models.CharField(_("level"), max_length=24, choices=StandardLevel.choices)
    discipline = models.ForeignKey(
        "registry.Discipline", verbose_name=_("discipline"), related_name="+", on_delete=models.PROTECT
    )
    quantity = models.CharField(_("measured quantity"), max_length=64)
    measuring_range = models.CharField(_("measuring range"), max_length=128, blank=True)
    uncertainty = models.CharField(
        _("uncertainty, accuracy class or MPE"),
        max_length=128,
        help_text=_(
            "As stated on the approval certificate, e.g. Urel = 0.02 % (k=2), class 0.05, MPE ±0.5 mg."
        ),
    )
    accuracy_kind = models.CharField(
        _("accuracy stated as"), max_length=16, choices=AccuracyKind.choices, default=AccuracyKind.UNCERTAINTY
    )
    accuracy_value = models.DecimalField(
        _("accuracy (number)"), null=True, blank=True, max_digits=24, decimal_places=12
    )
    accuracy_unit = models.CharField(
        _("accuracy unit"), max_length=16, blank=True, help_text=_('"%" for a relative value.')
    )
    verified_mpe_value = models.DecimalField(
        _("smallest MPE of the instruments it verifies"),
        null=True,
        blank=True,
        max_digits=24,
        decimal_places=12,
    )
    verified_mpe_unit = models.CharField(_("unit of that MPE"), max_length=16, blank=True)
    instrument_types = models.ManyToManyField(
        "registry.InstrumentType",
        verbose_name=_("instrument types it verifies"),
        related_name="measurement_standards",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=StandardStatus.choices, default=StandardStatus.ACTIVE
    )
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True, editable=False)
    status_reason = models.CharField(_("reason"), max_length=255, blank=True, editable=False)
    retired_on = models.DateField(_("retired on"), null=True, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("measurement standard")
        verbose_name_plural = _("measurement standards")
        indexes = [models.Index(fields=["level", "holder"], name="standard_level_holder_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(accuracy_value__isnull=True) | (Q(accuracy_value__gt=0) & ~Q(accuracy_unit="")),
                name="standard_accuracy_positive_with_unit",
            ),
            models.CheckConstraint(
                condition=Q(verified_mpe_value__isnull=True)
                | (Q(verified_mpe_value__gt=0) & ~Q(verified_mpe_unit="")),
                name="standard_verified_mpe_positive_with_unit",
            ),
            models.CheckConstraint(
                condition=~Q(status=StandardStatus.SUSPENDED) | Q(suspended_on__isnull=False),
                name="standard_suspended_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status=StandardStatus.RETIRED, retired_on__isnull=False)
                | (~Q(status=StandardStatus.RETIRED) & Q(retired_on__isnull=True)),
                name="standard_retired_iff_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


#: The fields of a ApprovalCertificate a person edits (its form and its API input alike).
APPROVAL_CERTIFICATE_FIELDS = [
    "standard",
    "number",
    "issued_on",
    "valid_until",
    "issued_by",
]


class ApprovalCertificate(TimeStampedModel):
    """A 计量标准考核证书: the examining authority's approval of a standard for a period.

    Issued once and never edited: a re-examination (复查) issues a renewal that supersedes it; a wrong or
    withdrawn one is revoked (in force until the day before ``revoked_on``).
    """

    standard = models.ForeignKey(
        MeasurementStandard, verbose_name=_("standard"), related_name="approvals", on_delete=models.PROTECT
    )
    number = models.CharField(_("certificate number"), max_length=64, unique=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"))
    issued_by = models.CharField(_("issued by"), max_length=128, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ApprovalStatus.choices, default=ApprovalStatus.VALID
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revocation"), max_length=255, blank=True)
    renews = models.OneToOneField(
        "self",
        verbose_name=_("renews"),
        null=True,
        blank=True,
        related_name="renewed_by",
        on_delete=models.PROTECT,
    )

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("approval certificate")
        verbose_name_plural = _("approval certificates")
        indexes = [models.Index(fields=["standard", "valid_until"], name="approval_standard_until_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("issued_on")), name="approval_validity_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status=ApprovalStatus.REVOKED, revoked_on__isnull=False)
                | (~Q(status=ApprovalStatus.REVOKED) & Q(revoked_on__isnull=True)),
                name="approval_revoked_iff_date",
            ),
        ]

    def __str__(self) -> str:
        return self.number


#: The fields of a StandardCheck a person edits (its form and its API input alike).
STANDARD_CHECK_FIELDS = [
    "standard",
    "kind",
    "performed_on",
    "readings",
    "limit",
    "unit",
    "criterion",
    "performed_by",
    "note",
]


class StandardCheck(TimeStampedModel):
    """A periodic stability or repeatability check of a standard with its acceptance criterion.

    ``observed`` is computed from ``readings`` by the service (stability: max − min of the group means;
    repeatability: s), ``passed`` compares it with ``limit``. A failed check suspends the standard.
    """

    standard = models.ForeignKey(
        MeasurementStandard, verbose_name=_("standard"), related_name="checks", on_delete=models.PROTECT
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CheckKind.choices)
    performed_on = models.DateField(_("performed on"))
    readings = models.JSONField(_("readings"), default=list)
    observed = models.DecimalField(_("observed"), max_digits=24, decimal_places=12)
    limit = models.DecimalField(_("acceptance limit"), max_digits=24, decimal_places=12)
    unit = models.CharField(_("unit"), max_length=16)
    criterion = models.CharField(_("acceptance criterion"), max_length=255, blank=True)
    passed = models.BooleanField(_("passed"))
    performed_by = models.ForeignKey(
        "registry.Person",
        verbose_name=_("performed by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-performed_on", "-id"]
        verbose_name = _("standard check")
        verbose_name_plural = _("standard checks")
        indexes = [models.Index(fields=["standard", "performed_on"], name="check_standard_date_idx")]
        constraints = [models.CheckConstraint(condition=Q(limit__gt=0), name="check_limit_positive")]

    def __str__(self) -> str:
        return f"{self.standard.code} {self.get_kind_display()} {self.performed_on:%Y-%m-%d}"


class StandardSuspension(models.Model):
    """A period in which a standard was suspended (from ``started_on`` until the day before ``ended_on``;
    open while ``ended_on`` is empty), e.g. after a failed check."""

    standard = models.ForeignKey(
        MeasurementStandard, verbose_name=_("standard"), related_name="suspensions", on_delete=models.PROTECT
    )
    started_on = models.DateField(_("suspended on"))
    ended_on = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=255)
    check_record = models.ForeignKey(
        StandardCheck,
        verbose_name=_("failed check"),
        null=True,
        blank=True,
        related_name="suspensions",
        on_delete=models.PROTECT,
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
                name="suspension_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.standard_id} {self.started_on} – {self.ended_on or ''}"
