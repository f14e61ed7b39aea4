"""Inspection lots (检验批): what was sampled where, the measured sample, and the stored judgement."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.prepack.choices import ProductCategory, QuantityUnit, SamplingPlace, TareMode, Verdict

#: Stored figures of a judgement: 7 decimals resolve 0.1 mg in kg (and 0.1 µL in L).
FIGURE = {"max_digits": 19, "decimal_places": 7, "null": True, "blank": True}


def quantity_text(value: Decimal | None) -> str:
    """A quantity without trailing zeros: 500.0000 → "500", 0.2500 → "0.25"."""
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class Lot(TimeStampedModel):
    """One inspection lot of a campaign: a product of a producer, sampled at the producer or on the market.

    ``region`` is derived by the services: the producer's region, or the market's when the sample was
    taken on the market; scoping and the figures use it. ``measurements`` are the values as entered
    (net contents, or gross weights when ``tare_mode`` is not "none"; JSON list of decimal strings, in
    ``unit``), ``tare_values`` the tares of the empty packages. The judgement fields are written only by
    the services, from ``kernels.prepack.judge_lot``, with the rule edition and the rounding method of T
    that produced them; ``verdict`` is "pending" until the sample has been measured.
    """

    campaign = models.ForeignKey(
        "prepack.Campaign", verbose_name=_("campaign"), related_name="lots", on_delete=models.PROTECT
    )
    producer = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("producer"),
        related_name="prepack_lots",
        on_delete=models.PROTECT,
    )
    product_name = models.CharField(_("product"), max_length=128)
    category = models.CharField(_("product category"), max_length=32, choices=ProductCategory.choices)
    brand = models.CharField(_("brand"), max_length=64, blank=True)
    nominal = models.DecimalField(
        _("nominal quantity"),
        max_digits=12,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0.0001"))],
    )
    unit = models.CharField(_("unit"), max_length=8, choices=QuantityUnit.choices)
    production_lot = models.CharField(_("production lot / date code"), max_length=64, blank=True)
    lot_size = models.PositiveIntegerField(_("lot size (units)"), validators=[MinValueValidator(1)])
    sampled_at = models.CharField(_("sampled"), max_length=16, choices=SamplingPlace.choices)
    market = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("market or shop"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
        help_text=_("Where the sample was bought, when sampled on the market."),
    )
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("region"),
        related_name="prepack_lots",
        on_delete=models.PROTECT,
        editable=False,
    )
    #: How many days after today each date may lie (core.plausibility): 0 for what has happened.
    DATE_HORIZONS = {"sampled_on": 0}
    sampled_on = models.DateField(_("sampled on"))
    inspectors = models.ManyToManyField(
        "registry.Person", verbose_name=_("inspectors"), related_name="prepack_lots", blank=True
    )

    measurements = models.JSONField(_("measured values"), default=list, blank=True, editable=False)
    tare_mode = models.CharField(
        _("tare"), max_length=16, choices=TareMode.choices, default=TareMode.NONE, editable=False
    )
    tare_values = models.JSONField(_("tare values"), default=list, blank=True, editable=False)

    verdict = models.CharField(
        _("verdict"), max_length=8, choices=Verdict.choices, default=Verdict.PENDING, editable=False
    )
    tne = models.DecimalField(_("tolerable negative error T"), editable=False, **FIGURE)  # type: ignore[arg-type]
    tne_rule = models.CharField(_("rule of T"), max_length=255, blank=True, editable=False)
    mean = models.DecimalField(_("mean actual content"), editable=False, **FIGURE)  # type: ignore[arg-type]
    std = models.DecimalField(_("sample standard deviation"), editable=False, **FIGURE)  # type: ignore[arg-type]
    lambda_factor = models.DecimalField(_("correction factor λ"), editable=False, **FIGURE)  # type: ignore[arg-type]
    mean_limit = models.DecimalField(_("mean limit Qn − λ·s"), editable=False, **FIGURE)  # type: ignore[arg-type]
    mean_ok = models.BooleanField(_("mean requirement met"), null=True, blank=True, editable=False)
    t1_count = models.PositiveSmallIntegerField(_("T1 units"), null=True, blank=True, editable=False)
    t2_count = models.PositiveSmallIntegerField(_("T2 units"), null=True, blank=True, editable=False)
    t1_allowed = models.PositiveSmallIntegerField(
        _("T1 units allowed"), null=True, blank=True, editable=False
    )
    t2_allowed = models.PositiveSmallIntegerField(
        _("T2 units allowed"), null=True, blank=True, editable=False
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True, editable=False)
    rule_edition = models.CharField(_("rule edition"), max_length=128, blank=True, editable=False)
    rounding = models.CharField(_("rounding of T"), max_length=16, blank=True, editable=False)
    judged_at = models.DateTimeField(_("judged at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-sampled_on", "-id"]
        verbose_name = _("inspection lot")
        verbose_name_plural = _("inspection lots")
        constraints = [
            models.CheckConstraint(condition=Q(lot_size__gte=1), name="lot_size_positive"),
            models.CheckConstraint(condition=Q(nominal__gt=0), name="lot_nominal_positive"),
            models.CheckConstraint(
                condition=Q(sampled_at=SamplingPlace.PRODUCER, market__isnull=True)
                | Q(sampled_at=SamplingPlace.MARKET, market__isnull=False),
                name="lot_market_iff_sampled_on_market",
            ),
            models.CheckConstraint(
                condition=Q(verdict=Verdict.PENDING, judged_at__isnull=True)
                | (~Q(verdict=Verdict.PENDING) & Q(judged_at__isnull=False) & ~Q(rule_edition="")),
                name="lot_judged_iff_verdict",
            ),
        ]
        indexes = [
            models.Index(fields=["sampled_on", "verdict"], name="lot_sampled_verdict_idx"),
            models.Index(fields=["producer", "sampled_on"], name="lot_producer_sampled_idx"),
            models.Index(fields=["region", "sampled_on"], name="lot_region_sampled_idx"),
            models.Index(fields=["category", "sampled_on"], name="lot_category_sampled_idx"),
        ]

    def __str__(self) -> str:
        code = f" {self.production_lot}" if self.production_lot else ""
        return f"{self.product_name} {quantity_text(self.nominal)} {self.unit}{code}"

    @property
    def nominal_text(self) -> str:
        """The labelled quantity as printed: "500 g"."""
        return f"{quantity_text(self.nominal)} {self.get_unit_display()}"

    @property
    def report_number(self) -> str:
        """The number printed on the inspection report: campaign year and lot id."""
        return f"DLBZ-{self.campaign.year}-{self.pk:06d}"
