"""The calendar and clocks under /api/v1/ and as pages: scoping, the one error shape, actions, filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from jiliang.deadlines import services
from jiliang.deadlines.models import CalendarDay, Clock, HolidayYear
from tests.core.factories import token_client

pytestmark = pytest.mark.django_db
d = dt.date


def _client(user: Any) -> APIClient:
    return token_client(APIClient(), user)


def _clock(
    world: Any, *, record: Any = None, rule: str = "lead-check", on: dt.date = dt.date(2025, 9, 26)
) -> Clock:
    return services.clock_start(actor=world.bureau, record=record or world.jianxi_org, rule=rule, start_on=on)


def test_holiday_years_are_readable_by_all_and_written_by_the_bureau(world: Any) -> None:
    years = _client(world.enterprise).get("/api/v1/holiday-years/?year=2025").json()["results"]
    assert [(y["year"], y["complete"], y["source"]) for y in years] == [
        (2025, True, "chinese-calendar 1.11.0")
    ]
    refused = _client(world.county).post(
        "/api/v1/holiday-years/", {"year": 2027, "source": "x"}, format="json"
    )
    assert refused.status_code == 403
    made = _client(world.bureau).post(
        "/api/v1/holiday-years/",
        {"year": 2027, "source": "国务院办公厅通知", "notice": "", "notes": ""},
        format="json",
    )
    assert made.status_code == 201
    assert made.json()["complete"] is False
    day = _client(world.bureau).post(
        "/api/v1/calendar-days/",
        {"year": 2027, "date": "2027-01-01", "kind": "holiday", "name": "元旦"},
        format="json",
    )
    assert day.status_code == 201, day.json()
    confirmed = _client(world.bureau).post(
        f"/api/v1/holiday-years/{made.json()['id']}/confirm/", {"notice": "N"}
    )
    assert confirmed.json()["complete"] is True
    assert confirmed.json()["confirmed_by"] == "bureau"


def test_calendar_day_error_names_the_field(world: Any) -> None:
    response = _client(world.bureau).post(
        "/api/v1/calendar-days/",
        {"year": 2025, "date": "2025-03-03", "kind": "makeup_workday", "name": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert "kind" in response.json()["error"]["fields"]
    assert not CalendarDay.objects.filter(name="x").exists()


def test_clocks_api_is_scoped_and_acts_through_the_services(world: Any) -> None:
    mine = _clock(world)
    other = _clock(world, record=world.luolong_org)
    county = _client(world.county)
    assert [c["id"] for c in county.get("/api/v1/clocks/").json()["results"]] == [mine.pk]
    assert county.get(f"/api/v1/clocks/{other.pk}/").status_code == 404
    paused = county.post(f"/api/v1/clocks/{mine.pk}/pause/", {"start_on": "2025-10-13", "reason": "testing"})
    assert paused.json()["status"] == "paused"
    resumed = county.post(f"/api/v1/clocks/{mine.pk}/resume/", {"end_on": "2025-10-20"})
    assert (resumed.json()["due_on"], resumed.json()["pauses"][0]["end_on"]) == ("2025-10-30", "2025-10-20")
    bad = county.post(
        f"/api/v1/clocks/{mine.pk}/extend/",
        {"amount": 30, "unit": "days", "approved_by": "局长", "approved_on": "2025-10-21", "reason": "r"},
    )
    assert bad.status_code == 400
    assert "unit" in bad.json()["error"]["fields"]
    stopped = county.post(f"/api/v1/clocks/{mine.pk}/stop/", {"on": "2025-10-29", "done": True})
    assert stopped.json()["status"] == "met"
    assert (
        _client(world.enterprise).post(f"/api/v1/clocks/{mine.pk}/stop/", {"on": "2025-10-29"}).status_code
        == 404
    )


def test_clocks_state_filter_on_today(world: Any) -> None:
    today = timezone.localdate()
    overdue = _clock(world, on=today - dt.timedelta(days=60))
    _clock(world, rule="penalty-decision", on=today - dt.timedelta(days=1))
    ids = [c["id"] for c in _client(world.bureau).get("/api/v1/clocks/?state=overdue").json()["results"]]
    assert ids == [overdue.pk]


def test_clock_list_query_count_is_bounded(world: Any, django_assert_max_num_queries: Any) -> None:
    for rule in ("lead-check", "penalty-decision", "fine-payment", "complaint-accept"):
        _clock(world, rule=rule)
    client = _client(world.bureau)
    with django_assert_max_num_queries(8):
        assert len(client.get("/api/v1/clocks/").json()["results"]) == 4


def test_clock_pages_list_filter_detail_and_actions(client: Any, world: Any) -> None:
    clock = _clock(world)
    client.force_login(world.county)
    listing = client.get("/calendar/clocks/?status=running").content.decode()
    assert "线索核查、决定是否立案" in listing
    detail = client.get(f"/calendar/clocks/{clock.pk}/")
    assert detail.status_code == 200
    assert "2025-10-23" in detail.content.decode() or "2025年10月23日" in detail.content.decode()
    response = client.post(
        f"/calendar/clocks/{clock.pk}/pause/", {"start_on": "2025-09-01", "reason": "testing"}
    )
    assert response.status_code == 302
    clock.refresh_from_db()
    assert clock.status == "running"  # refused: before the start
    follow = client.get(f"/calendar/clocks/{clock.pk}/").content.decode()
    assert "start_on" in follow
    client.post(f"/calendar/clocks/{clock.pk}/pause/", {"start_on": "2025-10-13", "reason": "testing"})
    client.post(f"/calendar/clocks/{clock.pk}/resume/", {"end_on": "2025-10-20"})
    clock.refresh_from_db()
    assert (clock.status, clock.due_on) == ("running", d(2025, 10, 30))
    client.force_login(world.other_enterprise)
    assert client.get(f"/calendar/clocks/{clock.pk}/").status_code == 404


def test_calendar_pages_and_confirm(client: Any, world: Any) -> None:
    client.force_login(world.bureau)
    year = HolidayYear.objects.get(year=2025)
    body = client.get(f"/calendar/years/{year.pk}/").content.decode()
    assert "国庆节" in body
    assert client.get("/calendar/days/?year=2024&kind=makeup_workday").status_code == 200
    assert client.get("/calendar/rules/").status_code == 200
    client.post(f"/calendar/years/{year.pk}/confirm/", {"notice": "国办发明电〔2024〕12号"})
    year.refresh_from_db()
    assert year.confirmed_by == world.bureau
    client.force_login(world.county)
    client.post(f"/calendar/years/{year.pk}/confirm/", {"notice": "x"})
    year.refresh_from_db()
    assert year.notice == "国办发明电〔2024〕12号"
    assert client.get("/calendar/years/add/").status_code == 200  # the form; the service refuses the save
    refused = client.post("/calendar/years/add/", {"year": 2027, "source": "x"})
    assert refused.status_code == 400
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_due_soon_reaching_a_year_not_held_lists_and_says_so(client: Any, world: Any, settings: Any) -> None:
    """The "due soon" filter used to be refused when its horizon reached a year the calendar lacks (every
    late December); it now lists what it can count and says up to which day."""
    settings.JILIANG_CLOCK_DUE_SOON_WORKING_DAYS = 400  # from today this always reaches a year not held
    clock = _clock(world, rule="complaint-accept", on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(world.county)
    page = client.get("/calendar/clocks/?state=soon")
    assert page.status_code == 200
    text = page.content.decode()
    assert "节假日日历尚未收录" in text
    assert f"/calendar/clocks/{clock.pk}/" in text
    api = _client(world.county).get("/api/v1/clocks/?state=soon")
    assert [c["id"] for c in api.json()["results"]] == [clock.pk]
