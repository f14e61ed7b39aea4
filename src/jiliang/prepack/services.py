"""Writes of the net-content inspections: campaigns, lots, measurements and judgements, declarations.

Every write checks the actor's scope, validates fully and writes its audit entry (core.writes). A lot's
judgement is computed only here, by the JJF 1070 kernel (through ``prepack.judging``), and stored with
the rule edition and the rounding method of T; measurements recorded on a judged lot are re-judged, and
the change needs a reason, which the audit entry keeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jiliang.core.scoping import Role, ensure_in_scope, ensure_role
from jiliang.core.writes import object_create, object_update
from jiliang.prepack import judging
from jiliang.prepack.choices import CampaignStatus, DeclarationStatus, SamplingPlace, TareMode, Verdict
from jiliang.prepack.models import Campaign, CapabilityDeclaration, Lot
from jiliang.registry.choices import INSTITUTE_KINDS
from jiliang.registry.models import Organization, Person, Region
from jiliang.registry.selectors import region_subtree_paths, user_scope

# --- campaigns ------------------------------------------------------------------------------------


def _check_campaign(fields: Mapping[str, Any]) -> None:
    institution = fields.get("inspecting_institution")
    if institution is not None and (
        not isinstance(institution, Organization) or institution.kind not in INSTITUTE_KINDS
    ):
        raise ValidationError(
            {
                "inspecting_institution": _(
                    "Lots are inspected by a legal or authorized metrology institution."
                )
            }
        )


def _ensure_campaign_writable(actor: Any, region: Any) -> None:
    scope = user_scope(actor)
    if scope.role in (Role.INSTITUTE, Role.ENTERPRISE):
        raise PermissionDenied(_("Campaigns are organized by the bureau or a county bureau."))
    ensure_role(scope, Role.COUNTY)
    if not isinstance(region, Region):
        raise ValidationError({"region": _("This field is required.")})
    ensure_in_scope(scope, region_path=region.path, organization_id=None, what=region)


@transaction.atomic
def campaign_create(*, actor: Any, data: Mapping[str, Any]) -> Campaign:
    """Open a supervisory sampling campaign (bureau, or a county bureau inside its region).

    ``year`` defaults to the year the campaign starts.
    """
    fields = dict(data)
    _ensure_campaign_writable(actor, fields.get("region"))
    _check_campaign(fields)
    if not fields.get("year") and isinstance(fields.get("start_on"), dt.date):
        fields["year"] = fields["start_on"].year
    return object_create(model=Campaign, actor=actor, data=fields)


@transaction.atomic
def campaign_update(*, actor: Any, instance: Campaign, data: Mapping[str, Any]) -> Campaign:
    """Change a campaign (its status included). The inspecting institution and the region are fixed once
    the campaign has lots, and its period must keep holding every lot's sampling date."""
    fields = dict(data)
    _ensure_campaign_writable(actor, instance.region)
    _check_campaign(fields)
    lots = Lot.objects.filter(campaign=instance)
    if lots.exists():
        errors: dict[str, str] = {}
        for name in ("inspecting_institution", "region"):
            if name in fields and fields[name] != getattr(instance, name):
                errors[name] = _("The campaign has lots: this can no longer change.")
        first = lots.order_by("sampled_on").values_list("sampled_on", flat=True).first()
        last = lots.order_by("-sampled_on").values_list("sampled_on", flat=True).first()
        if isinstance(fields.get("start_on"), dt.date) and first and fields["start_on"] > first:
            errors["start_on"] = _("A lot was sampled on %(day)s, before this date.") % {"day": first}
        if isinstance(fields.get("end_on"), dt.date) and last and fields["end_on"] < last:
            errors["end_on"] = _("A lot was sampled on %(day)s, after this date.") % {"day": last}
        if errors:
            raise ValidationError(errors)
    campaign = object_update(instance=instance, actor=actor, data=fields)
    _ensure_campaign_writable(actor, campaign.region)
    return campaign


# --- lots -----------------------------------------------------------------------------------------


def _ensure_lot_writable(actor: Any, campaign: Campaign, region: Region) -> None:
    """Lots are recorded by the campaign's inspecting institution, the bureau, or the county bureau of
    the region where the lot was sampled."""
    scope = user_scope(actor)
    if scope.everything:
        return
    if scope.role == Role.INSTITUTE:
        if scope.organization_id != campaign.inspecting_institution_id:
            raise PermissionDenied(_("Only the campaign's inspecting institution records its lots."))
        return
    if scope.role == Role.COUNTY:
        ensure_in_scope(scope, region_path=region.path, organization_id=None, what=region)
        return
    raise PermissionDenied(_("Inspection lots are recorded by the inspecting institution or the bureau."))


def _ensure_campaign_open(campaign: Campaign) -> None:
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError({"campaign": _("The campaign is closed: reopen it to change its lots.")})


def _lot_region(fields: Mapping[str, Any]) -> Region | None:
    """Where the lot was sampled: the market's region on the market, else the producer's."""
    if fields.get("sampled_at") == SamplingPlace.MARKET and isinstance(fields.get("market"), Organization):
        return fields["market"].region  # type: ignore[no-any-return]
    producer = fields.get("producer")
    return producer.region if isinstance(producer, Organization) else None


def _check_lot(fields: Mapping[str, Any], campaign: Campaign, region: Region | None) -> None:
    errors: dict[str, str] = {}
    sampled_at = fields.get("sampled_at")
    if sampled_at == SamplingPlace.MARKET and not fields.get("market"):
        errors["market"] = _("Name the market or shop where the sample was bought.")
    if sampled_at == SamplingPlace.PRODUCER and fields.get("market"):
        errors["market"] = _("A lot sampled at the producer has no market.")
    sampled_on = fields.get("sampled_on")
    if isinstance(sampled_on, dt.date):
        if sampled_on > timezone.localdate():
            errors["sampled_on"] = _("A sample cannot be taken in the future.")
        elif not campaign.start_on <= sampled_on <= campaign.end_on:
            errors["sampled_on"] = _("Outside the campaign's period %(start)s – %(end)s.") % {
                "start": campaign.start_on,
                "end": campaign.end_on,
            }
    campaign_paths = region_subtree_paths(campaign.region)
    if region is not None and not any(region.path.startswith(p) for p in campaign_paths):
        errors["market" if sampled_at == SamplingPlace.MARKET else "producer"] = _(
            "Sampled in %(region)s, outside the campaign's region %(campaign)s."
        ) % {"region": region.name, "campaign": campaign.region.name}
    inspectors: Sequence[Person] = fields.get("inspectors") or ()
    outsiders = [p for p in inspectors if p.organization_id != campaign.inspecting_institution_id]
    if outsiders:
        errors["inspectors"] = _("%(names)s do(es) not work for the inspecting institution.") % {
            "names": ", ".join(str(p) for p in outsiders)
        }
    try:
        judging.check_lot(
            nominal=fields.get("nominal"), unit=fields.get("unit") or "", lot_size=fields.get("lot_size")
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)


def _judged(*, nominal: Any, unit: str, lot_size: int, sample: judging.Sample) -> dict[str, Any]:
    rounding = judging.rounding_method()
    judgement = judging.judge(nominal=nominal, unit=unit, lot_size=lot_size, sample=sample, rounding=rounding)
    return {
        **sample.as_stored(),
        **judging.judgement_fields(judgement, rounding=rounding, judged_at=timezone.now()),
    }


def _sample(data: Mapping[str, Any]) -> judging.Sample | None:
    if not data.get("measurements"):
        if data.get("tare_values"):
            raise ValidationError({"measurements": _("Enter the measured values with their tares.")})
        return None
    return judging.sample_from_input(
        measurements=data.get("measurements"),
        tare_mode=data.get("tare_mode"),
        tare_values=data.get("tare_values"),
    )


SAMPLE_FIELDS = ("measurements", "tare_mode", "tare_values")
#: Written only from the kernel's judgement (or fixed at creation), never from input.
LOCKED_FIELDS = frozenset({*judging.JUDGEMENT_FIELDS, "campaign", "region"})


@transaction.atomic
def lot_create(*, actor: Any, data: Mapping[str, Any]) -> Lot:
    """Record a sampled lot; with ``measurements`` (and ``tare_mode`` / ``tare_values``) it is judged at
    once. Its region is the market's when sampled on the market, else the producer's."""
    computed = sorted(set(data) & {*judging.JUDGEMENT_FIELDS, "region"})
    if computed:
        raise ValidationError({name: _("This is computed, never entered.") for name in computed})
    fields = {k: v for k, v in data.items() if k not in SAMPLE_FIELDS}
    campaign = fields.get("campaign")
    if not isinstance(campaign, Campaign):
        raise ValidationError({"campaign": _("This field is required.")})
    region = _lot_region(fields)
    if region is None:
        raise ValidationError({"producer": _("This field is required.")})
    _ensure_lot_writable(actor, campaign, region)
    _ensure_campaign_open(campaign)
    _check_lot(fields, campaign, region)
    fields["region"] = region
    sample = _sample(data)
    if sample is not None:
        fields.update(
            _judged(
                nominal=fields["nominal"], unit=fields["unit"], lot_size=fields["lot_size"], sample=sample
            )
        )
    return object_create(model=Lot, actor=actor, data=fields)


@transaction.atomic
def lot_update(*, actor: Any, instance: Lot, data: Mapping[str, Any]) -> Lot:
    """Correct a lot's description. Measurements change through ``lot_measurements_record``; a judged lot
    whose nominal quantity, unit or lot size changes is judged again on its stored sample."""
    locked = sorted(set(data) & {*SAMPLE_FIELDS, *LOCKED_FIELDS})
    if locked:
        raise ValidationError({name: _("Change this through its own action.") for name in locked})
    _ensure_lot_writable(actor, instance.campaign, instance.region)
    _ensure_campaign_open(instance.campaign)
    fields = dict(data)
    merged = {
        name: fields.get(name, getattr(instance, name))
        for name in ("producer", "sampled_at", "market", "sampled_on", "nominal", "unit", "lot_size")
    }
    if "sampled_at" in fields and fields["sampled_at"] == SamplingPlace.PRODUCER and "market" not in fields:
        merged["market"] = fields["market"] = None
    region = _lot_region(merged)
    assert region is not None  # the producer is required
    _ensure_lot_writable(actor, instance.campaign, region)
    checked = {**merged, "inspectors": fields.get("inspectors", ())}
    _check_lot(checked, instance.campaign, region)
    fields["region"] = region
    rejudge = instance.verdict != Verdict.PENDING and any(
        merged[name] != getattr(instance, name) for name in ("nominal", "unit", "lot_size")
    )
    if rejudge:
        sample = judging.sample_from_input(
            measurements=instance.measurements, tare_mode=instance.tare_mode, tare_values=instance.tare_values
        )
        try:
            fields.update(
                _judged(
                    nominal=merged["nominal"], unit=merged["unit"], lot_size=merged["lot_size"], sample=sample
                )
            )
        except ValidationError as exc:
            raise ValidationError(
                {"lot_size": [_("The recorded sample no longer fits: %s") % m for m in exc.messages]}
            ) from None
    return object_update(
        instance=instance, actor=actor, data=fields, note=_("judged again") if rejudge else ""
    )


@transaction.atomic
def lot_measurements_record(
    *,
    actor: Any,
    instance: Lot,
    measurements: Sequence[Any] | str,
    tare_mode: str = TareMode.NONE,
    tare_values: Sequence[Any] | str = (),
    reason: str = "",
) -> Lot:
    """Record the measured sample of a lot and store the kernel's judgement of it.

    ``measurements`` are net contents, or gross weights with ``tare_mode`` "average" (minus the mean of
    ``tare_values``) or "individual" (minus each package's own tare). Changing the measurements of a
    judged lot needs a ``reason``; it is judged again, and the audit entry holds both samples, both
    verdicts and the reason.
    """
    lot = Lot.objects.select_related("campaign", "region").select_for_update(of=("self",)).get(pk=instance.pk)
    _ensure_lot_writable(actor, lot.campaign, lot.region)
    _ensure_campaign_open(lot.campaign)
    if lot.verdict != Verdict.PENDING and not reason.strip():
        raise ValidationError({"reason": _("The lot has been judged: say why its measurements change.")})
    sample = judging.sample_from_input(
        measurements=measurements, tare_mode=tare_mode, tare_values=tare_values
    )
    fields = _judged(nominal=lot.nominal, unit=lot.unit, lot_size=lot.lot_size, sample=sample)
    note = reason.strip() or _("measurements recorded")
    return object_update(instance=lot, actor=actor, data=fields, note=note)


# --- capability declarations ------------------------------------------------------------------------


def _ensure_declaration_writable(actor: Any, producer: Any) -> None:
    scope = user_scope(actor)
    if scope.role == Role.INSTITUTE:
        raise PermissionDenied(_("Producers declare; the bureau keeps the register."))
    if not isinstance(producer, Organization):
        raise ValidationError({"producer": _("This field is required.")})
    ensure_in_scope(scope, region_path=producer.region.path, organization_id=producer.pk, what=producer)


@transaction.atomic
def declaration_create(*, actor: Any, data: Mapping[str, Any]) -> CapabilityDeclaration:
    """File a producer's capability declaration (the producer itself, the bureau or its county bureau).

    A new declaration is in force; a producer holds at most one in force.
    """
    fields = dict(data)
    _ensure_declaration_writable(actor, fields.get("producer"))
    if fields.get("status", DeclarationStatus.VALID) != DeclarationStatus.VALID:
        raise ValidationError({"status": _("A new declaration is in force.")})
    fields["status"] = DeclarationStatus.VALID
    fields["ended_on"] = None
    fields["products"] = [str(p).strip() for p in fields.get("products") or [] if str(p).strip()]
    return object_create(model=CapabilityDeclaration, actor=actor, data=fields)


@transaction.atomic
def declaration_update(
    *, actor: Any, instance: CapabilityDeclaration, data: Mapping[str, Any]
) -> CapabilityDeclaration:
    """Change a declaration in force: its products, number, note — or end it.

    The producer withdraws its declaration; only the bureau or a county bureau revokes one. Ending it
    records ``ended_on`` (today unless given). A withdrawn or revoked declaration is final.
    """
    fields = dict(data)
    if "producer" in fields and fields["producer"] != instance.producer:
        raise ValidationError({"producer": _("A declaration belongs to its producer.")})
    _ensure_declaration_writable(actor, instance.producer)
    if instance.status != DeclarationStatus.VALID:
        raise ValidationError({"status": _("A withdrawn or revoked declaration is final; file a new one.")})
    status = fields.get("status", instance.status)
    if status == DeclarationStatus.REVOKED and user_scope(actor).role == Role.ENTERPRISE:
        raise PermissionDenied(_("Only the bureau or a county bureau revokes a declaration."))
    if status == DeclarationStatus.VALID:
        fields["ended_on"] = None
    elif not fields.get("ended_on"):
        fields["ended_on"] = timezone.localdate()
    if "products" in fields:
        fields["products"] = [str(p).strip() for p in fields["products"] or [] if str(p).strip()]
    return object_update(instance=instance, actor=actor, data=fields)
