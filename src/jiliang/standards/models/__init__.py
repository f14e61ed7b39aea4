"""Models of the measurement-standards registry, split by topic."""

from jiliang.standards.models.flags import StandardFlag
from jiliang.standards.models.links import CalibrationLink, ExternalReference
from jiliang.standards.models.standards import (
    ApprovalCertificate,
    MeasurementStandard,
    StandardCheck,
    StandardSuspension,
)

__all__ = [
    "ApprovalCertificate",
    "CalibrationLink",
    "ExternalReference",
    "MeasurementStandard",
    "StandardCheck",
    "StandardFlag",
    "StandardSuspension",
]
