"""Writes of plans and evidence: load a plan file, record and confirm evidence — each audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiliang.core.audit import audit_created, audit_record
from jiliang.core.models import AuditAction
from jiliang.core.scoping import Role, ensure_in_scope, ensure_role
from jiliang.core.writes import object_create, object_update
from jiliang.plans.metrics import METRICS
from jiliang.plans.models import EvidenceItem, Plan, Target
from jiliang.plans.schema import PlanFileError, parse_plan
from jiliang.registry.models import Region
from jiliang.registry.selectors import user_scope


@transaction.atomic
def plan_load(*, actor: Any, text: str) -> Plan:
    """Load (or replace) a plan from its YAML text. Bad files raise PlanFileError naming the field; nothing
    is saved unless the whole file is good."""
    ensure_role(user_scope(actor), Role.BUREAU)
    document = parse_plan(text)
    for index, target in enumerate(document["targets"]):
        if target["metric"] not in METRICS:
            raise PlanFileError(f"targets[{index}].metric", f"unknown metric {target['metric']!r}")
    region = Region.objects.filter(code=document["region"]).order_by("-valid_from").first()
    if region is None:
        raise PlanFileError("region", f"unknown region code {document['region']}")
    fields = {
        "title": document["title"],
        "issuer": document["issuer"],
        "document_number": document.get("document_number", ""),
        "region": region,
        "starts_on": dt.date.fromisoformat(document["starts_on"]),
        "ends_on": dt.date.fromisoformat(document["ends_on"]),
        "is_default": bool(document.get("default", False)),
    }
    if fields["is_default"]:
        Plan.objects.filter(is_default=True).exclude(code=document["code"]).update(is_default=False)
    plan = Plan.objects.filter(code=document["code"]).first()
    if plan is None:
        plan = object_create(model=Plan, actor=actor, data={"code": document["code"], **fields})
    else:
        plan = object_update(instance=plan, actor=actor, data=fields, note="plan file reloaded")
        plan.targets.all().delete()
    for order, item in enumerate(document["targets"]):
        target = Target(
            plan=plan,
            order=order,
            code=item["code"],
            section=item.get("section", ""),
            text=item["text"],
            metric=item["metric"],
            comparator=item["comparator"],
            value=_decimal(item.get("value")),
            unit=item.get("unit", ""),
            baseline=_decimal(item.get("baseline")),
            baseline_on=dt.date.fromisoformat(item["baseline_on"]) if item.get("baseline_on") else None,
            deadline=dt.date.fromisoformat(item["deadline"]),
            scope=item.get("scope", "city"),
            period=item.get("period", "cumulative"),
        )
        try:
            target.full_clean(exclude=["plan"])
        except ValidationError as exc:
            field_name, messages = next(iter(exc.message_dict.items()))
            raise PlanFileError(f"targets[{order}].{field_name}", "; ".join(messages)) from None
        target.save()
        audit_created(actor=actor, instance=target)
    return plan


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def plan_export(*, plan: Plan) -> dict[str, Any]:
    """The plan as the document ``plan_load`` reads (round-trips)."""
    document: dict[str, Any] = {
        "code": plan.code,
        "title": plan.title,
        "issuer": plan.issuer,
        "document_number": plan.document_number,
        "region": plan.region.code,
        "starts_on": plan.starts_on.isoformat(),
        "ends_on": plan.ends_on.isoformat(),
        "default": plan.is_default,
        "targets": [],
    }
    for target in plan.targets.all():
        item: dict[str, Any] = {
            "code": target.code,
            "section": target.section,
            "text": target.text,
            "metric": target.metric,
            "comparator": target.comparator,
            "unit": target.unit,
            "deadline": target.deadline.isoformat(),
            "scope": target.scope,
            "period": target.period,
        }
        if target.value is not None:
            item["value"] = float(target.value)
        if target.baseline is not None:
            item["baseline"] = float(target.baseline)
        if target.baseline_on is not None:
            item["baseline_on"] = target.baseline_on.isoformat()
        document["targets"].append(item)
    return document


def _ensure_evidence_writable(actor: Any, data: Mapping[str, Any] | EvidenceItem) -> None:
    region = data.region if isinstance(data, EvidenceItem) else data.get("region")
    organization = data.organization if isinstance(data, EvidenceItem) else data.get("organization")
    scope = user_scope(actor)
    if scope.organization_id is not None:
        ensure_in_scope(
            scope, region_path=None, organization_id=getattr(organization, "pk", None), what=_("evidence")
        )
    else:
        ensure_in_scope(
            scope, region_path=getattr(region, "path", None), organization_id=None, what=_("evidence")
        )


@transaction.atomic
def evidence_create(*, actor: Any, data: Mapping[str, Any]) -> EvidenceItem:
    """Record an evidence item (unconfirmed: it counts once a bureau reviewer confirms it)."""
    _ensure_evidence_writable(actor, data)
    fields = {k: v for k, v in data.items() if k not in {"confirmed_by", "confirmed_at"}}
    return object_create(model=EvidenceItem, actor=actor, data=fields)


@transaction.atomic
def evidence_update(*, actor: Any, instance: EvidenceItem, data: Mapping[str, Any]) -> EvidenceItem:
    """Change an evidence item; a change withdraws its confirmation, which must be given again."""
    _ensure_evidence_writable(actor, instance)
    fields = {k: v for k, v in data.items() if k not in {"confirmed_by", "confirmed_at"}}
    fields |= {"confirmed_by": None, "confirmed_at": None}
    item = object_update(instance=instance, actor=actor, data=fields)
    _ensure_evidence_writable(actor, item)
    return item


@transaction.atomic
def evidence_confirm(*, actor: Any, instance: EvidenceItem) -> EvidenceItem:
    """A bureau reviewer confirms an evidence item; only then does it count in the plan's metrics."""
    ensure_role(user_scope(actor), Role.BUREAU)
    if instance.confirmed_at is not None:
        raise ValidationError({"confirmed_at": _("Already confirmed.")})
    EvidenceItem.objects.filter(pk=instance.pk).update(
        confirmed_by=actor if actor.pk else None, confirmed_at=timezone.now()
    )
    instance.refresh_from_db()
    audit_record(
        actor=actor,
        instance=instance,
        action=AuditAction.UPDATE,
        changes={"confirmed_at": [None, str(instance.confirmed_at)]},
        note="confirmed",
    )
    return instance
