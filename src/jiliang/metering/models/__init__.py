"""Models of energy-resource metering, split by topic."""

from jiliang.metering.models.meters import METER_FIELDS, Meter
from jiliang.metering.models.readings import (
    BrokerAlert,
    DailyConsumption,
    DeadLetter,
    HourlyConsumption,
    IngestBatch,
    QualityFlag,
    Reading,
    ReadingConflict,
)
from jiliang.metering.models.reference import (
    AccuracyRequirement,
    ConversionCoefficient,
    EquippingRequirement,
    MajorThreshold,
)
from jiliang.metering.models.units import (
    EnergyConsumer,
    EnergyUnit,
    IngestToken,
    MeteringRequirement,
    MonthlyStatement,
    UnitCalorificValue,
)

__all__ = [
    "METER_FIELDS",
    "AccuracyRequirement",
    "BrokerAlert",
    "ConversionCoefficient",
    "DailyConsumption",
    "DeadLetter",
    "EnergyConsumer",
    "EnergyUnit",
    "EquippingRequirement",
    "HourlyConsumption",
    "IngestBatch",
    "IngestToken",
    "MajorThreshold",
    "Meter",
    "MeteringRequirement",
    "MonthlyStatement",
    "QualityFlag",
    "Reading",
    "ReadingConflict",
    "UnitCalorificValue",
]
