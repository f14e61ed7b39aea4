"""The register of instruments under mandatory verification (强检备案)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.core.rights import ALL, FieldRights, Fields
from jiliang.instruments.choices import InstrumentStatus
from jiliang.registry.choices import UseDomain

#: The fields of a Instrument a person edits (its form and its API input alike).
INSTRUMENT_FIELDS = [
    "owner",
    "instrument_type",
    "serial_number",
    "manufacturer",
    "model",
    "accuracy_class",
    "measuring_range",
    "location",
    "site_region",
    "use_domain",
    "put_into_use_on",
]


class Instrument(TimeStampedModel):
    """A registered instrument: who owns it, what it is, where and for what it is used, and its status.

    ``region`` is derived by the service from the site region when given, else the owner's region.
    ``next_due_on`` mirrors the open :class:`VerificationDue` (kept by the services) so due lists need
    no join; the figures themselves are computed from the dues.
    """

    #: Which editable fields each role may write (core.rights; published in docs/roles.md).
    WRITE_RIGHTS = FieldRights(
        editable=INSTRUMENT_FIELDS,
        # The owner registers its instrument (强检备案) with every field; afterwards what decides
        # supervision — owner, type, serial, site region, use, first use — changes through the county.
        enterprise=Fields(
            update=["manufacturer", "model", "accuracy_class", "measuring_range", "location"], create=ALL
        ),
    )

    owner = models.ForeignKey(
        "registry.Organization", verbose_name=_("owner"), related_name="instruments", on_delete=models.PROTECT
    )
    instrument_type = models.ForeignKey(
        "registry.InstrumentType",
        verbose_name=_("instrument type"),
        related_name="instruments",
        on_delete=models.PROTECT,
    )
    serial_number = models.CharField(_("serial number"), max_length=64)
    manufacturer = models.CharField(_("manufacturer"), max_length=128, blank=True)
    model = models.CharField(_("model"), max_length=64, blank=True)
    accuracy_class = models.CharField(_("accuracy class"), max_length=32, blank=True)
    measuring_range = models.CharField(_("measuring range"), max_length=64, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    site_region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("site region"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
        help_text=_("Where the instrument is installed, when not in the owner's region."),
    )
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("region"),
        related_name="instruments",
        on_delete=models.PROTECT,
        editable=False,
    )
    use_domain = models.CharField(_("use"), max_length=32, choices=UseDomain.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=InstrumentStatus.choices, default=InstrumentStatus.IN_USE
    )
    #: How many days after today each date may lie (core.plausibility): 0 for what has happened.
    DATE_HORIZONS = {"put_into_use_on": 366, "retired_on": 0}
    put_into_use_on = models.DateField(_("put into use on"))
    retired_on = models.DateField(_("out of use / scrapped on"), null=True, blank=True)
    next_due_on = models.DateField(_("next due on"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "instrument_type", "serial_number"],
                name="instrument_owner_type_serial_unique",
            ),
            models.CheckConstraint(
                condition=Q(status=InstrumentStatus.IN_USE, retired_on__isnull=True)
                | (~Q(status=InstrumentStatus.IN_USE) & Q(retired_on__isnull=False)),
                name="instrument_retired_iff_not_in_use",
            ),
            models.CheckConstraint(
                condition=Q(retired_on__isnull=True) | Q(retired_on__gte=F("put_into_use_on")),
                name="instrument_retired_after_use",
            ),
        ]
        indexes = [
            models.Index(fields=["region", "status"], name="instrument_region_status_idx"),
            models.Index(fields=["owner", "next_due_on"], name="instrument_owner_due_idx"),
            models.Index(fields=["next_due_on"], name="instrument_next_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_type.name} {self.serial_number}"
