"""Helpers to build instruments and verifications through the services (so dues and audit are real)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from jiliang.instruments import services
from jiliang.instruments.models import Instrument, VerificationRecord
from jiliang.registry.models import InstrumentType, Organization, Person
from jiliang.registry.selectors import SYSTEM
from tests.registry.factories import PersonFactory, QualificationFactory, authorize

_serial = iter(range(1, 10**9))


def itype(code: str) -> InstrumentType:
    return InstrumentType.objects.get(code=code, valid_to__isnull=True)


def register(
    owner: Organization,
    code: str = "SCALE-NAWI",
    in_use: dt.date = dt.date(2020, 1, 10),
    actor: Any = SYSTEM,
    **extra: Any,
) -> Instrument:
    return services.instrument_register(
        actor=actor,
        data={
            "owner": owner,
            "instrument_type": itype(code),
            "serial_number": f"SN{next(_serial):06d}",
            "use_domain": "trade_settlement",
            "put_into_use_on": in_use,
            **extra,
        },
    )


def qualified_verifier(institute: Organization, *codes: str) -> Person:
    """A verifier of ``institute`` qualified for ``codes`` (all types when none given) 2010–2030.

    An institute holding no authorization yet is authorized for the whole city and every type (tests of
    the authorization rule itself give the institute its authorization first).
    """
    if not institute.authorizations.exists():
        authorize(institute)
    person = PersonFactory(organization=institute)
    types = [itype(c) for c in codes] if codes else list(InstrumentType.objects.all())
    QualificationFactory(
        person=person,
        instrument_types=types,
        valid_from=dt.date(2010, 1, 1),
        valid_until=dt.date(2030, 12, 31),
    )
    return person


def verify(
    instrument: Instrument, verifier: Person, on: dt.date, result: str = "pass", actor: Any = SYSTEM
) -> VerificationRecord:
    return services.verification_record_create(
        actor=actor,
        data={
            "instrument": instrument,
            "institution": verifier.organization,
            "verifier": verifier,
            "verified_on": on,
            "result": result,
        },
    )
