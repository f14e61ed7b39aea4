"""Writes to the registry. Each checks the actor's scope, validates fully and writes its audit entry."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jiliang.core.scoping import Role, ensure_in_scope, ensure_role
from jiliang.core.writes import object_create, object_update
from jiliang.registry.models import (
    Expert,
    InstituteAuthorization,
    Organization,
    Person,
    Region,
    VerifierQualification,
)
from jiliang.registry.selectors import user_scope


def _ensure_organization_writable(actor: Any, organization: Organization) -> None:
    ensure_in_scope(
        user_scope(actor),
        region_path=organization.region.path,
        organization_id=organization.pk,
        what=organization,
    )


@transaction.atomic
def region_create(*, actor: Any, data: Mapping[str, Any]) -> Region:
    """Add an administrative division (bureau only), e.g. after a redivision; its path follows its parent."""
    ensure_role(user_scope(actor), Role.BUREAU)
    fields = dict(data)
    fields["path"] = Region.build_path(fields.get("parent"), str(fields.get("code", "")))
    return object_create(model=Region, actor=actor, data=fields)


@transaction.atomic
def region_update(*, actor: Any, instance: Region, data: Mapping[str, Any]) -> Region:
    """Change a division's name, validity or successor (bureau only). Code and parent are fixed."""
    ensure_role(user_scope(actor), Role.BUREAU)
    fields = {k: v for k, v in data.items() if k not in {"code", "parent", "path"}}
    return object_update(instance=instance, actor=actor, data=fields)


@transaction.atomic
def organization_create(*, actor: Any, data: Mapping[str, Any]) -> Organization:
    """Register an organization in the actor's scope (bureau or county bureau)."""
    scope = user_scope(actor)
    ensure_role(scope, Role.COUNTY)
    region = data.get("region")
    ensure_in_scope(
        scope, region_path=getattr(region, "path", None), organization_id=None, what=data.get("name", "")
    )
    return object_create(model=Organization, actor=actor, data=data)


@transaction.atomic
def organization_update(*, actor: Any, instance: Organization, data: Mapping[str, Any]) -> Organization:
    """Change an organization; it must be in the actor's scope before and after the change."""
    _ensure_organization_writable(actor, instance)
    organization = object_update(instance=instance, actor=actor, data=data)
    _ensure_organization_writable(actor, organization)
    return organization


@transaction.atomic
def person_create(*, actor: Any, data: Mapping[str, Any]) -> Person:
    """Register a person working for an organization in the actor's scope."""
    organization = data.get("organization")
    if isinstance(organization, Organization):
        _ensure_organization_writable(actor, organization)
    return object_create(model=Person, actor=actor, data=data)


@transaction.atomic
def person_update(*, actor: Any, instance: Person, data: Mapping[str, Any]) -> Person:
    _ensure_organization_writable(actor, instance.organization)
    person = object_update(instance=instance, actor=actor, data=data)
    _ensure_organization_writable(actor, person.organization)
    return person


@transaction.atomic
def qualification_create(*, actor: Any, data: Mapping[str, Any]) -> VerifierQualification:
    """Record a verifier's qualification (bureau or county bureau, for people in its scope)."""
    ensure_role(user_scope(actor), Role.COUNTY)
    person = data.get("person")
    if isinstance(person, Person):
        _ensure_organization_writable(actor, person.organization)
    return object_create(model=VerifierQualification, actor=actor, data=data)


@transaction.atomic
def qualification_update(
    *, actor: Any, instance: VerifierQualification, data: Mapping[str, Any]
) -> VerifierQualification:
    ensure_role(user_scope(actor), Role.COUNTY)
    _ensure_organization_writable(actor, instance.person.organization)
    qualification = object_update(instance=instance, actor=actor, data=data)
    _ensure_organization_writable(actor, qualification.person.organization)
    return qualification


@transaction.atomic
def expert_create(*, actor: Any, data: Mapping[str, Any]) -> Expert:
    """Admit a person to the city's expert pool (bureau only)."""
    ensure_role(user_scope(actor), Role.BUREAU)
    return object_create(model=Expert, actor=actor, data=data)


@transaction.atomic
def expert_update(*, actor: Any, instance: Expert, data: Mapping[str, Any]) -> Expert:
    ensure_role(user_scope(actor), Role.BUREAU)
    return object_update(instance=instance, actor=actor, data=data)


def _check_authorization_cover(data: Mapping[str, Any], instance: InstituteAuthorization | None) -> None:
    """An authorization serves at least one region and covers at least one instrument type."""
    errors = {}
    for name, message in (
        ("regions", _("An authorization serves at least one region.")),
        ("instrument_types", _("An authorization covers at least one instrument type.")),
    ):
        if name in data:
            empty = not list(data[name] or ())
        else:
            empty = instance is None or not getattr(instance, name).exists()
        if empty:
            errors[name] = message
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def authorization_create(*, actor: Any, data: Mapping[str, Any]) -> InstituteAuthorization:
    """Grant an institute an authorization (授权): regions served, instrument types, period (bureau only)."""
    ensure_role(user_scope(actor), Role.BUREAU)
    _check_authorization_cover(data, None)
    return object_create(model=InstituteAuthorization, actor=actor, data=data)


@transaction.atomic
def authorization_update(
    *, actor: Any, instance: InstituteAuthorization, data: Mapping[str, Any]
) -> InstituteAuthorization:
    """Change an authorization: its cover, its period, or its status (suspend, revoke) — bureau only,
    audited. The institute it was granted to is fixed: another institute gets its own authorization."""
    ensure_role(user_scope(actor), Role.BUREAU)
    if "institute" in data and data["institute"] != instance.institute:
        raise ValidationError(
            {"institute": _("An authorization stays with the institute it was granted to.")}
        )
    _check_authorization_cover(data, instance)
    return object_update(instance=instance, actor=actor, data=data)
