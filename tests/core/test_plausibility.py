"""Values no record can hold are refused with the field named, on every write path (issue #12 items 5, 7)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from jiliang.core.importing import CellError, parse_date
from jiliang.instruments.models import Instrument
from jiliang.metering.models import Meter, MonthlyStatement
from tests.instruments.factories import qualified_verifier, register, verify
from tests.metering.factories import meter, statement, unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.mark.parametrize("text", ["2020-02-28garbage", "2020-02-28 10:00", "2020-2-28", " "])
def test_an_import_date_with_anything_but_yyyy_mm_dd_is_refused(text: str) -> None:
    with pytest.raises(CellError, match="YYYY-MM-DD"):
        parse_date(text)


def test_an_import_date_in_the_iso_form_is_read() -> None:
    assert parse_date(" 2020-02-28 ") == dt.date(2020, 2, 28)


@pytest.mark.parametrize(
    ("in_use", "message"),
    [
        (dt.date(2099, 1, 1), "more than 366 days ahead"),
        (dt.date(1900, 1, 1), "before 1949"),
        (timezone.localdate() + dt.timedelta(days=367), "more than 366 days ahead"),
    ],
)
def test_an_instrument_put_into_use_in_the_future_or_before_1949_is_refused(
    world, in_use: dt.date, message: str
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        register(world.jianxi_org, in_use=in_use)
    assert message in caught.value.message_dict["put_into_use_on"][0]
    assert not Instrument.objects.exists()


def test_a_planned_first_use_within_a_year_is_plausible(world) -> None:  # type: ignore[no-untyped-def]
    assert register(world.jianxi_org, in_use=timezone.localdate() + dt.timedelta(days=200)).pk


def test_a_verification_dated_tomorrow_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    instrument = register(world.jianxi_org)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        verify(instrument, qualified_verifier(world.institute), tomorrow)
    assert "in the future" in caught.value.message_dict["verified_on"][0]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("register_max", -1.0, "greater than zero"),
        ("max_per_hour", -5.0, "greater than zero"),
        ("register_max", 0.0, "greater than zero"),
        ("register_max", math.nan, "finite"),
        ("max_per_hour", math.inf, "finite"),
    ],
)
def test_a_meter_limit_that_is_negative_or_not_finite_is_refused(
    field: str, value: float, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        meter(unit(), "E1", **{field: value})
    assert message in caught.value.message_dict[field][0]
    assert not Meter.objects.exists()


def test_a_negative_monthly_quantity_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        statement(unit(), quantity="-1")
    assert "quantity" in caught.value.message_dict
    assert not MonthlyStatement.objects.exists()
