"""Results submitted by the participants, the evaluation of each point, and corrective actions."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiliang.comparisons.choices import ActionStatus, Method, Outcome
from jiliang.comparisons.models.rounds import ComparisonPoint, Participant
from jiliang.core.models import TimeStampedModel


class Result(models.Model):
    """A participant's measured value at one point with its expanded uncertainty and coverage factor.

    The scores (``en`` … ``status``) are written by the evaluation only; ``contributed`` says whether the
    value entered a weighted-mean reference value (then u(d) carries the correlation term), ``excluded``
    whether the consistency check dropped it.
    """

    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), related_name="results", on_delete=models.CASCADE
    )
    point = models.ForeignKey(
        ComparisonPoint, verbose_name=_("measurement point"), related_name="results", on_delete=models.CASCADE
    )
    value = models.DecimalField(_("measured value"), max_digits=24, decimal_places=12)
    expanded_uncertainty = models.DecimalField(_("expanded uncertainty U"), max_digits=24, decimal_places=12)
    k = models.DecimalField(_("coverage factor k"), max_digits=4, decimal_places=2, default=2)
    #: How many days after today each date may lie (core.plausibility): 0 for what has happened.
    DATE_HORIZONS = {"measured_on": 0}
    measured_on = models.DateField(_("measured on"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    d = models.FloatField(_("d = x − X"), null=True, editable=False)
    d_expanded_uncertainty = models.FloatField(_("U(d)"), null=True, editable=False)
    en = models.FloatField(_("En"), null=True, editable=False)
    z = models.FloatField(_("z"), null=True, editable=False)
    zeta = models.FloatField(_("ζ"), null=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=Outcome.choices, blank=True, editable=False)
    contributed = models.BooleanField(_("in the reference value"), default=False, editable=False)
    excluded = models.BooleanField(_("excluded as discrepant"), default=False, editable=False)

    class Meta:
        ordering = ["point", "participant"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        constraints = [
            models.UniqueConstraint(fields=["participant", "point"], name="result_once_per_point"),
            models.CheckConstraint(
                condition=Q(expanded_uncertainty__gt=0), name="result_uncertainty_positive"
            ),
            models.CheckConstraint(condition=Q(k__gt=0), name="result_k_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} @ {self.point_id}: {self.value}"

    def clean(self) -> None:
        errors = {}
        if self.expanded_uncertainty is not None and self.expanded_uncertainty <= 0:
            errors["expanded_uncertainty"] = _("An expanded uncertainty is greater than zero.")
        if self.k is not None and self.k <= 0:
            errors["k"] = _("A coverage factor is greater than zero.")
        if errors:
            raise ValidationError(errors)


class PointEvaluation(models.Model):
    """The reference value of one point as last evaluated, with the consistency check where it applies."""

    point = models.OneToOneField(
        ComparisonPoint,
        verbose_name=_("measurement point"),
        related_name="evaluation",
        on_delete=models.CASCADE,
    )
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    reference_value = models.FloatField(_("reference value"))
    reference_uncertainty = models.FloatField(_("standard uncertainty of the reference value"))
    drift_uncertainty = models.FloatField(_("drift component"), default=0)
    chi2_observed = models.FloatField(_("χ² observed"), null=True)
    chi2_critical = models.FloatField(_("χ² critical (95 %)"), null=True)
    degrees_of_freedom = models.PositiveSmallIntegerField(_("degrees of freedom"), null=True)
    consistent = models.BooleanField(_("consistent"), null=True)
    excluded = models.JSONField(_("excluded laboratories"), default=list)
    iterations = models.PositiveIntegerField(_("iterations"), null=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.point}: {self.reference_value:.6g}"


class CorrectiveAction(TimeStampedModel):
    """Opened for a participant whose result was unsatisfactory; while open, the measurement standard it
    used carries a flag in the standards registry (``standard_flag``)."""

    participant = models.OneToOneField(
        Participant, verbose_name=_("participant"), related_name="corrective_action", on_delete=models.PROTECT
    )
    standard_flag = models.OneToOneField(
        "standards.StandardFlag",
        verbose_name=_("flag on the standard"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
        editable=False,
    )
    opened_on = models.DateField(_("opened on"))
    finding = models.TextField(_("finding"))
    cause = models.TextField(_("cause analysis"), blank=True)
    action_taken = models.TextField(_("action taken"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=ActionStatus.CLOSED) & Q(closed_on__isnull=False))
                | (Q(status=ActionStatus.OPEN) & Q(closed_on__isnull=True)),
                name="corrective_action_closed_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} ({self.get_status_display()})"
