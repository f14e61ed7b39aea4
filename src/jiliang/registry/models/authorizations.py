"""Institute authorizations (授权): what a metrology institution may verify, and where.

A legal metrology institution (法定计量检定机构) verifies instruments under mandatory verification only
within the authorization the market-supervision bureau granted it (计量法 第二十条; 《法定计量检定机构
监督管理办法》): a service area (regions) and a list of instrument types, under a decision number, for a
period. The verification service refuses a record outside every authorization in force on its date, and
an institute reads the instruments it may verify by these same rows.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.registry.choices import INSTITUTE_KINDS, AuthorizationStatus

#: The fields of an InstituteAuthorization a person edits (its form and its API input alike).
INSTITUTE_AUTHORIZATION_FIELDS = [
    "institute",
    "number",
    "regions",
    "instrument_types",
    "issued_by",
    "valid_from",
    "valid_until",
    "status",
    "note",
]


class InstituteAuthorizationQuerySet(models.QuerySet["InstituteAuthorization"]):
    def in_force_on(self, day: dt.date) -> InstituteAuthorizationQuerySet:
        """Active authorizations whose period (both ends included) contains ``day``."""
        return self.filter(status=AuthorizationStatus.ACTIVE, valid_from__lte=day, valid_until__gte=day)


class InstituteAuthorization(TimeStampedModel):
    """One authorization of an institute by the bureau: the regions it serves (each region covers its
    subtree and the retired divisions it succeeded) and the instrument types it may verify (matched by
    catalogue code, so a catalogue revision keeps the authorization), from ``valid_from`` to
    ``valid_until`` inclusive, while ``status`` is active. Granted, changed, suspended and revoked by the
    bureau only."""

    institute = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("institute"),
        related_name="authorizations",
        on_delete=models.PROTECT,
    )
    number = models.CharField(_("authorization number"), max_length=64, unique=True)
    regions = models.ManyToManyField(
        "registry.Region", verbose_name=_("regions served"), related_name="institute_authorizations"
    )
    instrument_types = models.ManyToManyField(
        "registry.InstrumentType",
        verbose_name=_("instrument types"),
        related_name="institute_authorizations",
    )
    issued_by = models.CharField(_("issued by"), max_length=128, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"), max_length=16, choices=AuthorizationStatus.choices, default=AuthorizationStatus.ACTIVE
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = InstituteAuthorizationQuerySet.as_manager()

    class Meta:
        ordering = ["institute__name", "-valid_from", "number"]
        verbose_name = _("institute authorization")
        verbose_name_plural = _("institute authorizations")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")), name="authorization_validity_ordered"
            )
        ]
        indexes = [
            models.Index(fields=["institute", "status", "valid_from"], name="authorization_institute_idx")
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        if self.institute_id and self.institute.kind not in INSTITUTE_KINDS:
            raise ValidationError(
                {"institute": _("Only a metrology institution (legal or authorized) holds an authorization.")}
            )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The authorization ends before it starts.")})
