"""The shared steps of every create / update service: validate fully, save, audit — atomically."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from jiliang.core.audit import audit_created, audit_record, diff, snapshot
from jiliang.core.models import AuditAction
from jiliang.core.plausibility import plausibility_errors
from jiliang.core.rights import changed_fields, ensure_fields_writable, given_fields

M = TypeVar("M", bound=models.Model)


def _split(instance: models.Model, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    m2m_names = {f.name for f in instance._meta.many_to_many}
    plain = {k: v for k, v in data.items() if k not in m2m_names}
    m2m = {k: v for k, v in data.items() if k in m2m_names}
    unknown = set(plain) - {f.name for f in instance._meta.concrete_fields}
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "unknown field"))
    return plain, m2m


def validate(instance: models.Model) -> None:
    """``full_clean`` and the platform's plausibility rules (``core.plausibility``), errors merged by
    field (each error keeps its code)."""
    implausible = plausibility_errors(instance)
    if not implausible:
        instance.full_clean()
        return
    errors: dict[str, list[ValidationError]] = {
        name: [ValidationError(m, code="implausible") for m in messages]
        for name, messages in implausible.items()
    }
    try:
        instance.full_clean(exclude=list(implausible))
    except ValidationError as exc:
        for name, found in exc.error_dict.items():
            errors.setdefault(name, []).extend(found)
    raise ValidationError(errors)


def object_create(*, model: type[M], actor: Any, data: Mapping[str, Any], note: str = "") -> M:
    """Create a ``model`` row from ``data`` (many-to-many values included), full_clean it and audit it.

    Call inside the service's ``transaction.atomic``.
    """
    instance = model()
    plain, m2m = _split(instance, data)
    ensure_fields_writable(actor=actor, model=model, names=given_fields(model, data), creating=True)
    for name, value in plain.items():
        setattr(instance, name, value)
    validate(instance)
    instance.save()
    for name, values in m2m.items():
        getattr(instance, name).set(values)
    audit_created(actor=actor, instance=instance, m2m=m2m.keys(), note=note)
    return instance


def object_update(*, instance: M, actor: Any, data: Mapping[str, Any], note: str = "") -> M:
    """Apply ``data`` to ``instance``, full_clean, save, and audit the changed fields only.

    The "before" state is read from the database (row locked until commit), not from ``instance``: a
    ModelForm has already written its cleaned data onto the instance it validated.
    """
    plain, m2m = _split(instance, data)
    stored = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    ensure_fields_writable(
        actor=actor, model=type(instance), names=changed_fields(instance, stored, data), creating=False
    )
    before = snapshot(stored, m2m=m2m.keys())
    for name, value in plain.items():
        setattr(instance, name, value)
    validate(instance)
    instance.save()
    for name, values in m2m.items():
        getattr(instance, name).set(values)
    changes = diff(before, snapshot(instance, m2m=m2m.keys()))
    if changes:
        audit_record(actor=actor, instance=instance, action=AuditAction.UPDATE, changes=changes, note=note)
    return instance
