"""Models of mandatory verification, split by topic."""

from jiliang.instruments.models.certificates import Certificate, CertificateSequence
from jiliang.instruments.models.instruments import Instrument
from jiliang.instruments.models.verification import Reminder, VerificationDue, VerificationRecord

__all__ = [
    "Certificate",
    "CertificateSequence",
    "Instrument",
    "Reminder",
    "VerificationDue",
    "VerificationRecord",
]
