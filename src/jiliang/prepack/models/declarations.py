"""Metrology assurance capability declarations of producers (计量保证能力自我声明, the "C" mark)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiliang.core.models import TimeStampedModel
from jiliang.prepack.choices import DeclarationStatus


class CapabilityDeclaration(TimeStampedModel):
    """A producer's self-declaration that it meets the metrology assurance requirements for prepackages
    (定量包装商品生产企业计量保证能力要求), which lets it print the "C" mark on the declared products.

    A producer holds at most one declaration in force. A declaration ends by withdrawal (the producer)
    or revocation (the authority, e.g. after failed inspections); it is then final, and a new
    declaration is filed to declare again. ``products`` is the list of declared products as text.
    """

    producer = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("producer"),
        related_name="capability_declarations",
        on_delete=models.PROTECT,
    )
    number = models.CharField(_("declaration number"), max_length=64, blank=True)
    declared_on = models.DateField(_("declared on"))
    status = models.CharField(
        _("status"), max_length=16, choices=DeclarationStatus.choices, default=DeclarationStatus.VALID
    )
    ended_on = models.DateField(_("withdrawn / revoked on"), null=True, blank=True)
    products = models.JSONField(_("declared products"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["-declared_on", "-id"]
        verbose_name = _("capability declaration")
        verbose_name_plural = _("capability declarations")
        constraints = [
            models.UniqueConstraint(
                fields=["producer"],
                condition=Q(status=DeclarationStatus.VALID),
                name="declaration_one_in_force_per_producer",
                violation_error_message=_("This producer already holds a declaration in force."),
            ),
            models.CheckConstraint(
                condition=Q(status=DeclarationStatus.VALID, ended_on__isnull=True)
                | (~Q(status=DeclarationStatus.VALID) & Q(ended_on__isnull=False)),
                name="declaration_ended_iff_not_in_force",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("declared_on")),
                name="declaration_ended_after_declared",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"C {self.declared_on:%Y-%m-%d} #{self.pk}"
