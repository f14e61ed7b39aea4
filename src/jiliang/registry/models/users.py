"""Users and their role: what each account may see and change."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from jiliang.core.scoping import Role


class User(AbstractUser):
    """A login with a role: bureau (city), county bureau (a region), institute or enterprise (its own).

    Superusers see everything. The scope itself is computed by ``registry.selectors.user_scope``.
    """

    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.ENTERPRISE)
    region = models.ForeignKey(
        "registry.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT
    )
    organization = models.ForeignKey(
        "registry.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        related_name="users",
        on_delete=models.PROTECT,
    )

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        if self.role == Role.COUNTY and self.region_id is None:
            raise ValidationError({"region": _("A county bureau account needs its region.")})
        if self.role in (Role.INSTITUTE, Role.ENTERPRISE) and self.organization_id is None:
            raise ValidationError({"organization": _("This role needs its organization.")})
