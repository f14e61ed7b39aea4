"""Organizations: enterprises, institutes, government bodies, hospitals, markets, …"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.core.rights import FieldRights, Fields
from jiliang.kernels.identifiers import uscc_check
from jiliang.registry.choices import Industry, OrganizationKind


def validate_uscc(value: str) -> None:
    """Refuse a credit code that breaks a GB 32100 rule, naming the rule."""
    result = uscc_check(value)
    if not result.valid:
        raise ValidationError(
            _("Invalid unified social credit code (%(rule)s): %(reason)s"),
            code=f"uscc_{result.rule}",
            params={"rule": result.rule, "reason": result.reason},
        )


#: The fields of a Organization a person edits (its form and its API input alike).
ORGANIZATION_FIELDS = [
    "name",
    "uscc",
    "kind",
    "region",
    "address",
    "industry",
    "is_key_energy_unit",
    "contact_name",
    "contact_phone",
]


class Organization(TimeStampedModel):
    """A legal person or other organization identified by its 统一社会信用代码 (GB 32100)."""

    #: Which editable fields each role may write (core.rights; published in docs/roles.md).
    WRITE_RIGHTS = FieldRights(
        editable=ORGANIZATION_FIELDS,
        # Region, kind, industry, the key-energy-unit list and the credit code decide who supervises the
        # organization and how: only the bureau and the county change them.
        institute=Fields(update=["name", "address", "contact_name", "contact_phone"]),
        enterprise=Fields(update=["name", "address", "contact_name", "contact_phone"]),
    )

    name = models.CharField(_("name"), max_length=128)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("region"), related_name="organizations", on_delete=models.PROTECT
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    industry = models.CharField(_("industry"), max_length=1, choices=Industry.choices, blank=True)
    is_key_energy_unit = models.BooleanField(_("key energy-using unit"), default=False)
    contact_name = models.CharField(_("contact"), max_length=64, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        indexes = [models.Index(fields=["kind", "region"], name="org_kind_region_idx")]

    def __str__(self) -> str:
        return self.name
