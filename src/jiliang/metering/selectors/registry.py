"""Reads of the metering registers, scoped to the user.

Scopes: the bureau sees every unit; a county bureau the units in its region subtree; an enterprise (an
energy-using unit) its own unit; an institute only a unit that is its own organization. Reference tables
(coefficients, GB 17167 tables) are readable by everyone.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, FloatField, Q, QuerySet, Sum, Value
from django.shortcuts import get_object_or_404

from jiliang.core.scoping import Role, scope_q
from jiliang.metering.models import (
    AccuracyRequirement,
    BrokerAlert,
    ConversionCoefficient,
    DeadLetter,
    EnergyConsumer,
    EnergyUnit,
    EquippingRequirement,
    IngestBatch,
    IngestToken,
    MajorThreshold,
    Meter,
    MonthlyStatement,
    QualityFlag,
    ReadingConflict,
)
from jiliang.registry.models import Region
from jiliang.registry.selectors import region_subtree_q, user_scope


def unit_scope_q(user: Any, *, prefix: str = "") -> Q:
    """The filter of the units ``user`` may see (``prefix`` leads from another model to the unit)."""
    return scope_q(
        user_scope(user),
        region=f"{prefix}organization__region",
        organization=f"{prefix}organization_id",
    )


def region_q(region: Region | None, *, prefix: str = "") -> Q:
    """Units in ``region``'s subtree (and those of the divisions it succeeded)."""
    if region is None:
        return Q()
    return region_subtree_q(region, f"{prefix}organization__region")


def energy_unit_list(*, user: Any) -> QuerySet[EnergyUnit]:
    """Key energy-using units the user may see, with organization and region loaded."""
    return EnergyUnit.objects.filter(unit_scope_q(user)).select_related(
        "organization", "organization__region"
    )


def energy_unit_get(*, user: Any, pk: int) -> EnergyUnit:
    return get_object_or_404(energy_unit_list(user=user), pk=pk)


def meter_list(*, user: Any) -> QuerySet[Meter]:
    """Meters of the units the user may see."""
    return Meter.objects.filter(unit_scope_q(user, prefix="unit__")).select_related(
        "unit", "unit__organization", "instrument", "instrument__instrument_type"
    )


def meter_get(*, user: Any, pk: int) -> Meter:
    return get_object_or_404(meter_list(user=user), pk=pk)


def quality_flag_list(*, user: Any) -> QuerySet[QualityFlag]:
    return QualityFlag.objects.filter(unit_scope_q(user, prefix="meter__unit__")).select_related(
        "meter", "meter__unit", "meter__unit__organization", "resolved_by"
    )


def quality_flag_get(*, user: Any, pk: int) -> QualityFlag:
    return get_object_or_404(quality_flag_list(user=user), pk=pk)


def reading_conflict_list(*, user: Any) -> QuerySet[ReadingConflict]:
    return ReadingConflict.objects.filter(unit_scope_q(user, prefix="meter__unit__")).select_related(
        "meter", "meter__unit", "meter__unit__organization"
    )


def reading_conflict_get(*, user: Any, pk: int) -> ReadingConflict:
    return get_object_or_404(reading_conflict_list(user=user), pk=pk)


def dead_letter_list(*, user: Any) -> QuerySet[DeadLetter]:
    """Dead letters of the units the user may see; those of no known unit only for the bureau."""
    return DeadLetter.objects.filter(unit_scope_q(user, prefix="unit__")).select_related(
        "unit", "unit__organization"
    )


def dead_letter_get(*, user: Any, pk: int) -> DeadLetter:
    return get_object_or_404(dead_letter_list(user=user), pk=pk)


def ingest_batch_list(*, user: Any) -> QuerySet[IngestBatch]:
    return IngestBatch.objects.filter(unit_scope_q(user, prefix="unit__")).select_related(
        "unit__organization"
    )


def ingest_token_list(*, user: Any) -> QuerySet[IngestToken]:
    return IngestToken.objects.filter(unit_scope_q(user, prefix="unit__")).select_related(
        "unit", "unit__organization"
    )


def ingest_token_get(*, user: Any, pk: int) -> IngestToken:
    return get_object_or_404(ingest_token_list(user=user), pk=pk)


def monthly_statement_list(*, user: Any) -> QuerySet[MonthlyStatement]:
    """Monthly statements of the units the user may see."""
    return MonthlyStatement.objects.filter(unit_scope_q(user, prefix="unit__")).select_related(
        "unit__organization"
    )


def monthly_statement_get(*, user: Any, pk: int) -> MonthlyStatement:
    return get_object_or_404(monthly_statement_list(user=user), pk=pk)


def energy_consumer_list(*, user: Any) -> QuerySet[EnergyConsumer]:
    """Declared sub-units and equipment of the units the user may see."""
    return EnergyConsumer.objects.filter(unit_scope_q(user, prefix="unit__")).select_related(
        "unit__organization"
    )


def energy_consumer_get(*, user: Any, pk: int) -> EnergyConsumer:
    return get_object_or_404(energy_consumer_list(user=user), pk=pk)


def major_threshold_list(*, user: Any = None) -> QuerySet[MajorThreshold]:
    return MajorThreshold.objects.all()


def major_threshold_get(*, user: Any, pk: int) -> MajorThreshold:
    return get_object_or_404(MajorThreshold, pk=pk)


def coefficient_list(*, user: Any = None) -> QuerySet[ConversionCoefficient]:
    return ConversionCoefficient.objects.all()


def coefficient_get(*, user: Any, pk: int) -> ConversionCoefficient:
    return get_object_or_404(ConversionCoefficient, pk=pk)


def equipping_requirement_list(*, user: Any = None) -> QuerySet[EquippingRequirement]:
    return EquippingRequirement.objects.all()


def equipping_requirement_get(*, user: Any, pk: int) -> EquippingRequirement:
    return get_object_or_404(EquippingRequirement, pk=pk)


def accuracy_requirement_list(*, user: Any = None) -> QuerySet[AccuracyRequirement]:
    return AccuracyRequirement.objects.all()


def accuracy_requirement_get(*, user: Any, pk: int) -> AccuracyRequirement:
    return get_object_or_404(AccuracyRequirement, pk=pk)


def broker_alert_list(*, user: Any) -> QuerySet[BrokerAlert]:
    """The broker's alerts: the platform's ingest, so for the bureau only."""
    if user_scope(user).role != Role.BUREAU:
        return BrokerAlert.objects.none()
    return BrokerAlert.objects.all()


def broker_alert_get(*, user: Any, pk: int) -> BrokerAlert:
    return get_object_or_404(broker_alert_list(user=user), pk=pk)


def daily_messages_expected() -> int:
    """Reading messages a day from every active meter at its expected interval (one reading a message: the
    most a day can bring), in one aggregate query."""
    total = Meter.objects.filter(active=True).aggregate(
        n=Sum(Value(1440.0) / F("interval_minutes"), output_field=FloatField())
    )["n"]
    return int(total or 0)
