"""Roles and row-level scoping.

Every selector narrows its queryset with :func:`scope_filter`, and every write service checks with
:func:`ensure_in_scope`, so the web UI, the API, the CLI and exports all obey the same rule:

* bureau (市局) — the whole city, everything;
* county bureau (县区局) — records whose region lies in its region's subtree (including the retired
  divisions its region succeeded, so a 2018 record of 孟津县 belongs to today's 孟津区);
* institute (计量技术机构) — its own organization's records; for instruments, those it verified or may verify
  by its authorizations in force (instruments.selectors.instrument_scope_q with
  registry.selectors.institute_service_q);
* enterprise (企业 / 用能单位) — its own organization's records only;
* the public — no login, only the portal's published data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _


class Role(models.TextChoices):
    BUREAU = "bureau", "市局计量科 (bureau)"
    COUNTY = "county", "县区局 (county bureau)"
    INSTITUTE = "institute", "计量技术机构 (institute)"
    ENTERPRISE = "enterprise", "企业 / 用能单位 (enterprise)"


@dataclass(frozen=True)
class Scope:
    """What one user may see: everything, region subtrees (by materialized path), or one organization."""

    role: str
    everything: bool = False
    region_paths: tuple[str, ...] = ()
    organization_id: int | None = None

    @property
    def is_region_scoped(self) -> bool:
        return not self.everything and bool(self.region_paths)


NOTHING = Scope(role="none")

M = TypeVar("M", bound=models.Model)


def scope_q(scope: Scope, *, region: str | None, organization: str | None) -> Q:
    """The filter for ``scope`` given the lookups from a model to its region and its organization.

    ``region`` is the lookup of a Region foreign key (e.g. ``"owner__region"``); ``organization`` is the
    lookup of the owning organization's id (``"id"`` on Organization itself, ``"owner_id"`` elsewhere).
    A scope the model cannot express matches nothing — never everything.
    """
    if scope.everything:
        return Q()
    if scope.region_paths and region is not None:
        q = Q(pk__in=[])
        for path in scope.region_paths:
            q |= Q(**{f"{region}__path__startswith": path})
        return q
    if scope.organization_id is not None and organization is not None:
        return Q(**{organization: scope.organization_id})
    return Q(pk__in=[])


def scope_filter(
    queryset: models.QuerySet[M], scope: Scope, *, region: str | None, organization: str | None
) -> models.QuerySet[M]:
    """Narrow ``queryset`` to what ``scope`` may see."""
    if scope.everything:
        return queryset
    return queryset.filter(scope_q(scope, region=region, organization=organization))


def in_scope(scope: Scope, *, region_path: str | None, organization_id: int | None) -> bool:
    """Whether a record with this region path / owning organization lies in ``scope``."""
    if scope.everything:
        return True
    if scope.region_paths:
        return region_path is not None and any(region_path.startswith(p) for p in scope.region_paths)
    return scope.organization_id is not None and organization_id == scope.organization_id


def ensure_in_scope(scope: Scope, *, region_path: str | None, organization_id: int | None, what: Any) -> None:
    """Refuse a write outside the actor's scope.

    The message names only what the actor gave or may read: a record (``what`` a model instance) is named
    by its kind ("this organization"), never by its name — the actor cannot read it, and naming it would
    turn a credit code typed into a form into the company's name. Text ``what`` (the actor's own input,
    e.g. the name of the organization it is registering) is repeated as given.
    """
    if in_scope(scope, region_path=region_path, organization_id=organization_id):
        return
    if isinstance(what, models.Model):
        raise PermissionDenied(_("This %(kind)s is outside your scope.") % {"kind": what._meta.verbose_name})
    raise PermissionDenied(_("%(what)s is outside your scope.") % {"what": what})


def ensure_role(scope: Scope, *roles: str) -> None:
    """Refuse an action reserved for some roles (the bureau can always act)."""
    if scope.everything or scope.role in roles:
        return
    raise PermissionDenied(_("Your role may not do this."))
