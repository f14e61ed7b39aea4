"""Certificates (检定证书) and notices of non-conformity (检定结果通知书): issued once, never edited."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiliang.instruments.choices import CertificateKind, CertificateStatus


class Certificate(models.Model):
    """The document issued for a verification: a certificate for a pass, a notice for a fail.

    Immutable once issued: a correction revokes it (with a reason) and issues a new one that points to
    the one it replaces. ``check_code`` is the random public code behind the QR code.
    """

    verification = models.ForeignKey(
        "instruments.VerificationRecord",
        verbose_name=_("verification"),
        related_name="certificates",
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CertificateKind.choices)
    number = models.CharField(_("number"), max_length=64, unique=True)
    check_code = models.CharField(_("check code"), max_length=16, unique=True)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        "registry.User",
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        related_name="+",
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoke_reason = models.CharField(_("reason for revocation"), max_length=255, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        related_name="replaced_by",
        on_delete=models.PROTECT,
    )

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(status=CertificateStatus.VALID, revoked_at__isnull=True)
                | Q(status=CertificateStatus.REVOKED, revoked_at__isnull=False),
                name="certificate_revoked_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class CertificateSequence(models.Model):
    """The running number of certificates per institution, year and kind (locked while issuing)."""

    institution = models.ForeignKey("registry.Organization", related_name="+", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=CertificateKind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["institution", "year", "kind"]
        verbose_name = _("certificate sequence")
        verbose_name_plural = _("certificate sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year", "kind"], name="certificate_sequence_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.year} {self.kind}: {self.last}"
