"""Field-level write rights: which of a model's editable fields each role may set and change.

A model declares them once, beside its list of editable fields::

    WRITE_RIGHTS = FieldRights(
        editable=ORGANIZATION_FIELDS,
        enterprise=Fields(update=["name", "address", "contact_name", "contact_phone"]),
        institute=Fields(update=["name", "address", "contact_name", "contact_phone"]),
    )

``core.writes`` enforces them on every create and update, so pages, the API and imports refuse the same
writes: on update the fields whose value changes, on create the fields given a value. The bureau may write
every field; the county bureau too unless the declaration narrows it. Fields outside ``editable`` are kept
by the services themselves (a derived region, a status, a due date) and are not a role's to write. A model
without a declaration leaves the decision to its services (role and scope checks). The matrix is
published in docs/roles.md, and a test keeps the two equal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

#: Every editable field.
ALL = "__all__"


@dataclass(frozen=True)
class Fields:
    """What one role may write: ``update`` — fields it may change; ``create`` — fields it may give a value
    when it creates the record (defaults to ``update``). ``ALL`` for every editable field."""

    update: Sequence[str] | str = ()
    create: Sequence[str] | str | None = None

    def allowed(self, editable: frozenset[str], *, creating: bool) -> frozenset[str]:
        chosen = self.update if not creating or self.create is None else self.create
        return editable if chosen == ALL else frozenset(chosen) & editable


EVERYTHING = Fields(update=ALL)
NOTHING = Fields()


@dataclass(frozen=True)
class FieldRights:
    """The rights of each role on one model's editable fields (the bureau: always all)."""

    editable: Sequence[str]
    county: Fields = EVERYTHING
    institute: Fields = NOTHING
    enterprise: Fields = NOTHING
    _editable: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_editable", frozenset(self.editable))

    def allowed(self, role: str, *, creating: bool) -> frozenset[str]:
        """The editable fields ``role`` may write (create or update)."""
        if role == "bureau":
            return self._editable
        rights = {"county": self.county, "institute": self.institute, "enterprise": self.enterprise}.get(role)
        return rights.allowed(self._editable, creating=creating) if rights else frozenset()

    def refused(self, role: str, names: Iterable[str], *, creating: bool) -> list[str]:
        """Of ``names``, the editable fields ``role`` may not write, in declaration order."""
        wanted = set(names) & self._editable
        allowed = self.allowed(role, creating=creating)
        return [name for name in self.editable if name in wanted and name not in allowed]


def actor_role(actor: Any) -> str:
    """The role whose rights ``actor`` writes with (a superuser and the platform itself: the bureau)."""
    if getattr(actor, "is_superuser", False):
        return "bureau"
    return str(getattr(actor, "role", "") or "")


def rights_of(model: type[models.Model]) -> FieldRights | None:
    rights = getattr(model, "WRITE_RIGHTS", None)
    return rights if isinstance(rights, FieldRights) else None


def ensure_fields_writable(
    *, actor: Any, model: type[models.Model], names: Iterable[str], creating: bool
) -> None:
    """Refuse a write of fields the actor's role may not write on ``model``, naming them."""
    rights = rights_of(model)
    if rights is None:
        return
    refused = rights.refused(actor_role(actor), names, creating=creating)
    if refused:
        labels = "、".join(
            str(capfirst(getattr(model._meta.get_field(name), "verbose_name", name))) for name in refused
        )
        raise PermissionDenied(
            _("Your role may not change these fields of a %(model)s: %(fields)s. Ask the bureau or county.")
            % {"model": model._meta.verbose_name, "fields": labels}
        )


def changed_fields(instance: models.Model, stored: models.Model, data: Mapping[str, Any]) -> list[str]:
    """The fields of ``data`` whose value differs from the stored row (foreign keys compared by id)."""
    changed = []
    for name, value in data.items():
        try:
            model_field = instance._meta.get_field(name)
        except FieldDoesNotExist:  # unknown names are refused by core.writes itself
            continue
        if model_field.many_to_many:
            before = {o.pk for o in getattr(stored, name).all()}
            after = {getattr(o, "pk", o) for o in value}
            if before != after:
                changed.append(name)
            continue
        if isinstance(model_field, models.ForeignKey):
            old: Any = getattr(stored, model_field.attname)
            new: Any = getattr(value, "pk", value)
        else:
            old, new = getattr(stored, name), value
        if old != new:
            changed.append(name)
    return changed


def given_fields(model: type[models.Model], data: Mapping[str, Any]) -> list[str]:
    """The fields of ``data`` set to something other than the field's default (or empty)."""
    given = []
    for name, value in data.items():
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if model_field.many_to_many:
            if list(value):
                given.append(name)
            continue
        default = model_field.get_default() if hasattr(model_field, "get_default") else None
        if value in (None, "") or value == default:
            continue
        given.append(name)
    return given


def rights_table(models_: Iterable[type[models.Model]]) -> str:
    """The matrix of ``models_`` as a Markdown table (docs/roles.md publishes it; a test compares)."""
    lines = [
        "| record | field | county | institute | enterprise |",
        "|---|---|---|---|---|",
    ]
    for model in models_:
        rights = rights_of(model)
        if rights is None:
            continue
        for name in rights.editable:
            cells = []
            for role in ("county", "institute", "enterprise"):
                update = name in rights.allowed(role, creating=False)
                create = name in rights.allowed(role, creating=True)
                cells.append("change" if update else "on create" if create else "—")
            lines.append(f"| {model.__name__} | `{name}` | {' | '.join(cells)} |")
    return "\n".join(lines)
