"""Supervisory sampling campaigns (定量包装商品净含量监督抽查)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.prepack.choices import CampaignStatus

#: The fields of a Campaign a person edits (its form and its API input alike).
CAMPAIGN_FIELDS = [
    "title",
    "year",
    "organizer",
    "inspecting_institution",
    "region",
    "start_on",
    "end_on",
    "status",
    "note",
]


class Campaign(TimeStampedModel):
    """One supervisory sampling campaign: who organizes it, which institution inspects, where and when.

    The organizing authority is a market-supervision bureau (市场监督管理局). The platform models an
    authority by its jurisdiction (``region``) and its users' roles, not as an organization row, so
    ``organizer`` is the authority's name and ``region`` is what scoping and figures use. The
    ``inspecting_institution`` (a legal or authorized metrology institution) measures the lots; its
    staff see the campaign's lots.
    """

    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    organizer = models.CharField(
        _("organizer"), max_length=128, help_text=_("The organizing authority, e.g. 洛阳市市场监督管理局.")
    )
    inspecting_institution = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("inspecting institution"),
        related_name="prepack_campaigns",
        on_delete=models.PROTECT,
    )
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("region"),
        related_name="prepack_campaigns",
        on_delete=models.PROTECT,
        help_text=_("The organizer's jurisdiction: every lot of the campaign is sampled inside it."),
    )
    start_on = models.DateField(_("starts on"))
    end_on = models.DateField(_("ends on"))
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.PLANNED
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-start_on", "-id"]
        verbose_name = _("sampling campaign")
        verbose_name_plural = _("sampling campaigns")
        constraints = [
            models.CheckConstraint(condition=Q(end_on__gte=F("start_on")), name="campaign_period_ordered"),
        ]
        indexes = [models.Index(fields=["year", "status"], name="campaign_year_status_idx")]

    def __str__(self) -> str:
        return self.title
