"""Plans, their targets, and the evidence items behind achievement targets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.plans.choices import Comparator, EvidenceKind, EvidenceLevel, Period, TargetScope


class Plan(TimeStampedModel):
    """A development plan with measurable targets (e.g. 洛政〔2015〕59号), loaded from a YAML file."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=255)
    issuer = models.CharField(_("issuing body"), max_length=128)
    document_number = models.CharField(_("document number"), max_length=64, blank=True)
    region = models.ForeignKey("registry.Region", verbose_name=_("region"), on_delete=models.PROTECT)
    starts_on = models.DateField(_("period starts"))
    ends_on = models.DateField(_("period ends"))
    is_default = models.BooleanField(_("default plan"), default=False)

    class Meta:
        ordering = ["-is_default", "-starts_on", "code"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="plan_period_ordered"
            ),
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="plan_one_default"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """One measurable target of a plan, bound to a metric the platform computes."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), related_name="targets", on_delete=models.CASCADE)
    code = models.CharField(_("code"), max_length=32)
    section = models.CharField(_("section"), max_length=32, blank=True)
    text = models.TextField(_("text of the plan"))
    metric = models.CharField(_("metric"), max_length=64)
    comparator = models.CharField(_("comparator"), max_length=16, choices=Comparator.choices)
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=16, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_on = models.DateField(_("baseline date"), null=True, blank=True)
    deadline = models.DateField(_("deadline"))
    scope = models.CharField(_("scope"), max_length=16, choices=TargetScope.choices, default=TargetScope.CITY)
    period = models.CharField(_("period"), max_length=16, choices=Period.choices, default=Period.CUMULATIVE)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["plan", "order", "code"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="target_code_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(comparator=Comparator.ESTABLISHED) | Q(value__isnull=False),
                name="target_has_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:40]}"


class EvidenceItem(TimeStampedModel):
    """An achievement that is not an operational record — a research project, an award, a laboratory — with
    its documents. Metrics count it only once a reviewer has confirmed it."""

    kind = models.CharField(_("kind"), max_length=32, choices=EvidenceKind.choices)
    title = models.CharField(_("title"), max_length=255)
    level = models.CharField(_("level"), max_length=16, choices=EvidenceLevel.choices)
    achieved_on = models.DateField(_("date"))
    region = models.ForeignKey("registry.Region", verbose_name=_("region"), on_delete=models.PROTECT)
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    documents = models.TextField(
        _("documents"), blank=True, help_text=_("Document numbers or links, one per line.")
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["-achieved_on", "id"]
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        indexes = [models.Index(fields=["kind", "achieved_on"], name="evidence_kind_date_idx")]

    def __str__(self) -> str:
        return self.title
