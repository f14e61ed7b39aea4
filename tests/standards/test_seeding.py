"""The Luoyang demo seed of standards: levels and counts, chains to NIM, the deliberate faults, and
verification records that name standards the way the services require."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from jiliang.instruments.models import Instrument, VerificationRecord
from jiliang.instruments.traceability import instrument_trace
from jiliang.registry.selectors import SYSTEM
from jiliang.standards.choices import StandardLevel, StandardStatus
from jiliang.standards.models import CalibrationLink, ExternalReference, MeasurementStandard, StandardCheck
from jiliang.standards.selectors import (
    city_public_standard_count,
    county_public_standard_average,
    public_standard_total,
    standards_valid_on,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> dt.date:
    call_command("seed", "--scale", "demo", stdout=io.StringIO())
    return timezone.localdate()


def test_levels_counts_figures_faults_and_named_standards(seeded) -> None:  # type: ignore[no-untyped-def]
    """One seed (it takes seconds) for the counts, the plan figures, the faults and the records."""
    today = seeded
    city = MeasurementStandard.objects.filter(level=StandardLevel.CITY_PUBLIC)
    assert city.count() == 100
    per_county = (
        MeasurementStandard.objects.filter(level=StandardLevel.COUNTY_PUBLIC)
        .values("holder")
        .annotate(n=Count("id"))
    )
    assert len(per_county) == 14
    assert all(10 <= row["n"] <= 30 for row in per_county)
    assert MeasurementStandard.objects.filter(level=StandardLevel.AUTHORIZED).exists()
    assert MeasurementStandard.objects.filter(level=StandardLevel.ENTERPRISE_HIGHEST).exists()
    valid_city = standards_valid_on(city, today).count()
    assert 90 <= valid_city < 100  # lapsed approvals and the suspended one do not count
    assert city_public_standard_count(user=SYSTEM, day=today) == valid_city
    average = county_public_standard_average(user=SYSTEM, day=today)
    assert average.counties == 14
    assert 10 <= average.value <= 30  # type: ignore[operator]
    assert public_standard_total(user=SYSTEM, day=today) == valid_city + average.total

    # The deliberate faults.
    suspended = MeasurementStandard.objects.get(status=StandardStatus.SUSPENDED)
    failed = StandardCheck.objects.get(passed=False)
    assert failed.standard == suspended
    assert failed.performed_on == suspended.suspended_on
    # One standard's latest calibration lapsed although it still calibrates others: the broken link.
    latest = CalibrationLink.objects.values("standard").annotate(until=Max("valid_until"))
    lapsed_ids = {row["standard"] for row in latest if row["until"] < today}
    calibrating = set(
        CalibrationLink.objects.filter(higher_standard__in=lapsed_ids, valid_until__gte=today).values_list(
            "higher_standard", flat=True
        )
    )
    assert len(calibrating) == 1
    lapsed_approvals = MeasurementStandard.objects.exclude(
        pk__in=standards_valid_on(MeasurementStandard.objects.all(), today)
    ).exclude(status=StandardStatus.SUSPENDED)
    assert lapsed_approvals.count() >= 2
    roots = ExternalReference.objects.filter(accepted_as_root=True)
    assert set(roots.values_list("institution", flat=True)) >= {"中国计量科学研究院"}

    # Verification records name standards the way the services require.
    named = VerificationRecord.objects.filter(standard__isnull=False)
    assert named.count() > VerificationRecord.objects.count() // 2
    assert not named.exclude(standard__holder=F("institution")).exists()
    assert not named.exclude(
        Q(standard__instrument_types__code=F("instrument__instrument_type__code"))
    ).exists()


def test_a_seeded_instrument_traces_to_nim_and_the_broken_link_is_named(seeded) -> None:  # type: ignore[no-untyped-def]
    today = seeded
    nim = ExternalReference.objects.get(institution="中国计量科学研究院")
    latest = CalibrationLink.objects.values("standard").annotate(until=Max("valid_until"))
    lapsed_ids = {row["standard"] for row in latest if row["until"] < today}
    broken = CalibrationLink.objects.filter(higher_standard__in=lapsed_ids, valid_until__gte=today).first()
    assert broken is not None
    broken_code = broken.higher_standard.code  # type: ignore[union-attr]
    depths, named = set(), 0
    for instrument in Instrument.objects.filter(status="in_use", instrument_type__code="SCALE-NAWI")[:400]:
        result = instrument_trace(instrument=instrument, day=today)
        if result.holds:
            depths.add(len(result.chains[0].links))
            assert all(chain.root == f"external:{nim.pk}" for chain in result.chains)
        first = result.first_broken
        if first is not None and first.lower == f"standard:{broken_code}":
            named += 1
            out = io.StringIO()
            with pytest.raises(SystemExit) as exc:
                call_command(
                    "trace",
                    "check",
                    "--instrument",
                    str(instrument.pk),
                    "--as-of",
                    str(today),
                    "--json",
                    stdout=out,
                )
            assert exc.value.code == 1
            assert json.loads(out.getvalue())["first_broken"]["lower"] == f"standard:{broken_code}"
    assert 5 in depths  # scale ← F2 ← F1 ← E2 ← 河南省院 ← NIM
    assert named > 0
