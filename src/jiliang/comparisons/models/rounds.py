"""A comparison round (比对项目), its measurement points, participants and the artefact's circulation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiliang.comparisons.choices import Circulation, Level, Method, RoundStatus
from jiliang.core.models import TimeStampedModel

PROTOCOL_EXTENSIONS = ["pdf", "doc", "docx"]
PROTOCOL_MAX_BYTES = 20 * 1024 * 1024


def protocol_path(instance: ComparisonRound, filename: str) -> str:
    """Under MEDIA_ROOT, one folder per round (served only through the round's access-checked view)."""
    return f"comparisons/{instance.code}/{filename}"


#: The fields a person edits (form and API input alike); status and dates are set by the services.
ROUND_FIELDS = [
    "code",
    "title",
    "level",
    "organizer",
    "pilot",
    "pilot_name",
    "quantity",
    "artefact",
    "protocol",
    "protocol_file",
    "circulation",
    "starts_on",
    "submission_deadline",
    "method",
    "exclude_discrepant",
]
#: The fields of a measurement point a person edits (its round is given on creation).
POINT_FIELDS = [
    "position",
    "label",
    "unit",
    "nominal",
    "assigned_value",
    "assigned_expanded_uncertainty",
    "assigned_k",
    "sigma_pt",
    "drift",
]


class ComparisonRound(TimeStampedModel):
    """One comparison: who organizes it, which laboratory pilots it, what travels and how it is evaluated.

    The pilot is an organization of the register (``pilot``) or, for provincial and national rounds, a
    laboratory outside the city (``pilot_name``). A round counts in the plan's annual targets for the year
    it starts (``year``).
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    organizer = models.CharField(_("organizer"), max_length=128, help_text=_("e.g. 洛阳市市场监督管理局"))
    pilot = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("pilot laboratory"),
        null=True,
        blank=True,
        related_name="piloted_comparisons",
        on_delete=models.PROTECT,
    )
    pilot_name = models.CharField(
        _("pilot laboratory outside the register"),
        max_length=128,
        blank=True,
        help_text=_("e.g. 河南省计量科学研究院"),
    )
    quantity = models.CharField(_("measured quantity"), max_length=64)
    artefact = models.CharField(_("travelling artefact"), max_length=200)
    protocol = models.CharField(
        _("protocol document"),
        max_length=200,
        help_text=_("Reference of the technical protocol (比对实施方案)."),
    )
    protocol_file = models.FileField(
        _("protocol file"),
        upload_to=protocol_path,
        blank=True,
        validators=[FileExtensionValidator(PROTOCOL_EXTENSIONS)],
        help_text=_("The protocol itself (PDF or Word, at most 20 MB); readable by whoever sees the round."),
    )
    circulation = models.CharField(
        _("circulation"), max_length=8, choices=Circulation.choices, default=Circulation.STAR
    )
    starts_on = models.DateField(_("starts on"))
    submission_deadline = models.DateField(_("results due by"))
    status = models.CharField(
        _("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.PLANNED
    )
    method = models.CharField(
        _("evaluation method"), max_length=16, choices=Method.choices, default=Method.WEIGHTED_MEAN
    )
    exclude_discrepant = models.BooleanField(
        _("exclude discrepant results"),
        default=True,
        help_text=_("Weighted mean: drop the most discrepant result until the chi-squared check passes."),
    )
    closed_at = models.DateTimeField(_("submission closed at"), null=True, blank=True, editable=False)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_on", "code"]
        verbose_name = _("comparison")
        verbose_name_plural = _("comparisons")
        constraints = [
            models.CheckConstraint(
                condition=(Q(pilot__isnull=False) & Q(pilot_name=""))
                | (Q(pilot__isnull=True) & ~Q(pilot_name="")),
                name="comparison_one_pilot",
            ),
            models.CheckConstraint(
                condition=Q(submission_deadline__gte=F("starts_on")), name="comparison_deadline_after_start"
            ),
        ]
        indexes = [models.Index(fields=["level", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def clean(self) -> None:
        if self.protocol_file and self.protocol_file.size > PROTOCOL_MAX_BYTES:
            raise ValidationError({"protocol_file": _("The protocol file is larger than 20 MB.")})

    @property
    def year(self) -> int:
        return self.starts_on.year

    @property
    def pilot_label(self) -> str:
        return str(self.pilot) if self.pilot_id else self.pilot_name


class ComparisonPoint(models.Model):
    """A measurand of the round (e.g. "1 kg", "10 V DC"): evaluated on its own.

    ``assigned_*`` is the pilot's reference value (method "assigned"; for a provincial round, the
    published reference value); ``sigma_pt`` turns on z-scores; ``drift`` is the artefact's drift over the
    circulation, added to the reference value's uncertainty as a rectangular component.
    """

    round = models.ForeignKey(
        ComparisonRound, verbose_name=_("comparison"), related_name="points", on_delete=models.CASCADE
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    label = models.CharField(_("measurement point"), max_length=64)
    unit = models.CharField(_("unit"), max_length=16)
    nominal = models.DecimalField(_("nominal value"), max_digits=24, decimal_places=12, null=True, blank=True)
    assigned_value = models.DecimalField(
        _("assigned value"), max_digits=24, decimal_places=12, null=True, blank=True
    )
    assigned_expanded_uncertainty = models.DecimalField(
        _("assigned value: expanded uncertainty"), max_digits=24, decimal_places=12, null=True, blank=True
    )
    assigned_k = models.DecimalField(_("assigned value: k"), max_digits=4, decimal_places=2, default=2)
    sigma_pt = models.DecimalField(
        _("σ for proficiency assessment"), max_digits=24, decimal_places=12, null=True, blank=True
    )
    drift = models.DecimalField(_("artefact drift"), max_digits=24, decimal_places=12, null=True, blank=True)

    class Meta:
        ordering = ["round", "position", "id"]
        verbose_name = _("measurement point")
        verbose_name_plural = _("measurement points")
        constraints = [
            models.UniqueConstraint(fields=["round", "label"], name="comparison_point_unique"),
            models.CheckConstraint(
                condition=Q(assigned_expanded_uncertainty__isnull=True)
                | Q(assigned_expanded_uncertainty__gt=0),
                name="comparison_point_assigned_u_positive",
            ),
            models.CheckConstraint(
                condition=Q(sigma_pt__isnull=True) | Q(sigma_pt__gt=0), name="comparison_point_sigma_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.unit})"

    def clean(self) -> None:
        errors = {}
        for name in ("assigned_expanded_uncertainty", "sigma_pt"):
            value = getattr(self, name)
            if value is not None and value <= 0:
                errors[name] = _("Must be greater than zero.")
        if (self.assigned_value is None) != (self.assigned_expanded_uncertainty is None):
            errors["assigned_expanded_uncertainty"] = _(
                "Give the assigned value with its expanded uncertainty."
            )
        if errors:
            raise ValidationError(errors)


class Participant(models.Model):
    """A laboratory taking part, under its code in the report, with the measurement standard it uses."""

    round = models.ForeignKey(
        ComparisonRound, verbose_name=_("comparison"), related_name="participants", on_delete=models.CASCADE
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("laboratory"),
        related_name="comparison_participations",
        on_delete=models.PROTECT,
    )
    lab_code = models.CharField(_("laboratory code"), max_length=8)
    position = models.PositiveSmallIntegerField(_("order in the circulation"), default=1)
    standard = models.ForeignKey(
        "standards.MeasurementStandard",
        verbose_name=_("measurement standard used"),
        null=True,
        blank=True,
        related_name="comparison_participations",
        on_delete=models.PROTECT,
    )
    outcome = models.CharField(_("outcome"), max_length=16, blank=True, editable=False)

    class Meta:
        ordering = ["round", "position", "lab_code"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(fields=["round", "organization"], name="participant_once_per_round"),
            models.UniqueConstraint(fields=["round", "lab_code"], name="participant_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.lab_code} {self.organization}"


class CustodyTransfer(models.Model):
    """One leg of the artefact's circulation: from a holder to the next (no participant = the pilot),
    planned and actual dates, and the condition found on receipt."""

    round = models.ForeignKey(
        ComparisonRound, verbose_name=_("comparison"), related_name="transfers", on_delete=models.CASCADE
    )
    sequence = models.PositiveSmallIntegerField(_("leg"))
    sender = models.ForeignKey(
        Participant, verbose_name=_("from"), null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    receiver = models.ForeignKey(
        Participant, verbose_name=_("to"), null=True, blank=True, related_name="+", on_delete=models.CASCADE
    )
    planned_on = models.DateField(_("planned hand-over"))
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    condition = models.CharField(_("condition on receipt"), max_length=255, blank=True)

    class Meta:
        ordering = ["round", "sequence"]
        verbose_name = _("custody hand-over")
        verbose_name_plural = _("custody hand-overs")
        constraints = [
            models.UniqueConstraint(fields=["round", "sequence"], name="custody_leg_unique"),
            models.CheckConstraint(
                condition=Q(received_on__isnull=True)
                | (Q(sent_on__isnull=False) & Q(received_on__gte=F("sent_on"))),
                name="custody_received_after_sent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} #{self.sequence}"
