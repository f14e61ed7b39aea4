"""Administrative divisions (GB/T 2260) as a tree with validity dates."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jiliang.kernels.identifiers import region_code_problem
from jiliang.registry.choices import RegionLevel

#: What each rule of ``region_code_problem`` says to a person.
CODE_PROBLEMS = {
    "format": _("A GB/T 2260 code has exactly six digits."),
    "province": _("No province has the code prefix %(prefix)s (GB/T 2260)."),
    "level": _(
        "Code %(code)s does not fit the level %(level)s (GB/T 2260: a province ends in 0000, a "
        "prefecture in 00, a county-level division does not end in 00)."
    ),
    "parent": _("Code %(code)s does not lie under its parent's code %(parent)s."),
}


class RegionQuerySet(models.QuerySet["Region"]):
    def valid_on(self, day: dt.date) -> RegionQuerySet:
        """The divisions in force on ``day`` — a figure "as of 2018" groups by the 2018 divisions."""
        return self.filter(Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day)))


#: The fields of a Region a person edits (its form and its API input alike).
REGION_FIELDS = [
    "code",
    "name",
    "level",
    "parent",
    "valid_from",
    "valid_to",
    "successor",
]


class Region(models.Model):
    """An administrative division with its GB/T 2260 code, valid from one date until (excluding) another.

    ``path`` is the materialized path of codes from the root ("410000/410300/410305/"), so a subtree is one
    indexed ``startswith`` filter. A division retired by a redivision points at its ``successor``
    (偃师市 410381 → 偃师区 410307); the successor's scope includes its predecessors' records.
    """

    code = models.CharField(_("GB/T 2260 code"), max_length=6)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        related_name="children",
        on_delete=models.PROTECT,
    )
    path = models.CharField(_("path"), max_length=255, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until (exclusive)"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        related_name="predecessors",
        on_delete=models.PROTECT,
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="region_code_valid_from_unique"),
            # One division in force per code: a lookup by code then never finds two.
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(valid_to__isnull=True),
                name="region_code_in_force_unique",
                violation_error_message=_("A division with this code is already in force."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="region_validity_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        parent_code = self.parent.code if self.parent_id and self.parent else None
        problem = region_code_problem(self.code or "", self.level or None, parent_code)
        if problem:
            params = {
                "code": self.code,
                "prefix": (self.code or "")[:2],
                "level": self.get_level_display() if self.level else "",
                "parent": parent_code,
            }
            raise ValidationError(
                {"code": ValidationError(CODE_PROBLEMS[problem], code=problem, params=params)}
            )

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @staticmethod
    def build_path(parent: Region | None, code: str) -> str:
        return f"{parent.path if parent else ''}{code}/"
