"""The comparisons API: the pilot's workflow end to end, hidden results, the report in the CLI's keys,
corrective actions, the figures and query-count bounds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from jiliang.comparisons.models import CorrectiveAction
from jiliang.standards.models import StandardFlag
from tests.comparisons.factories import comparison_round, enrol, lab_user, point, submit
from tests.standards.factories import institute

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_pilot_runs_a_round_through_the_api() -> None:
    pilot = institute("410300", name="洛阳市计量测试所")
    pilot_user = lab_user(pilot)
    api = _api(pilot_user)
    created = api.post(
        "/api/v1/comparisons/",
        {
            "code": "LY-2025-01",
            "title": "1 kg 砝码比对",
            "level": "city",
            "organizer": "洛阳市市场监督管理局",
            "pilot": pilot.uscc,
            "quantity": "质量",
            "artefact": "1 kg E2",
            "protocol": "LY-BD-2025-01",
            "circulation": "ring",
            "starts_on": "2025-03-01",
            "submission_deadline": "2025-06-30",
            "method": "weighted-mean",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["year"] == 2025
    assert body["status"] == "planned"
    pk = body["id"]
    at = api.post(
        "/api/v1/comparison-points/", {"round": pk, "label": "1 kg", "unit": "mg"}, format="json"
    ).json()
    labs = []
    for i in range(3):
        organization = institute("410311", name=f"API实验室{i}")
        added = api.post(
            f"/api/v1/comparisons/{pk}/participants/", {"organization": organization.uscc}, format="json"
        )
        assert added.status_code == 201
        labs.append(lab_user(organization))
    legs = api.post(
        f"/api/v1/comparisons/{pk}/schedule/",
        {"start": "2025-03-01", "days_per_laboratory": 7},
        format="json",
    )
    assert [(t["sender"], t["receiver"]) for t in legs.json()] == [
        (None, "A"),
        ("A", "B"),
        ("B", "C"),
        ("C", None),
    ]
    assert api.post(f"/api/v1/comparisons/{pk}/open/").json()["status"] == "open"

    for user, value in zip(labs, ("0.10", "0.30", "2.50"), strict=True):
        sent = _api(user).post(
            f"/api/v1/comparisons/{pk}/results/",
            {"results": [{"point": at["id"], "value": value, "expanded_uncertainty": "0.20"}]},
            format="json",
        )
        assert sent.status_code == 201, sent.json()
    # Before closing: a laboratory reads only its own result; the pilot reads all.
    assert [r["lab"] for r in _api(labs[0]).get(f"/api/v1/comparisons/{pk}/results/").json()] == ["A"]
    assert len(api.get(f"/api/v1/comparisons/{pk}/results/").json()) == 3
    # The pilot cannot submit for a laboratory.
    refused = api.post(
        f"/api/v1/comparisons/{pk}/results/",
        {"results": [{"point": at["id"], "value": "1", "expanded_uncertainty": "0.2"}]},
        format="json",
    )
    assert refused.status_code == 400
    assert "participant" in refused.json()["error"]["fields"]

    assert api.post(f"/api/v1/comparisons/{pk}/close/").json()["status"] == "closed"
    evaluated = api.post(f"/api/v1/comparisons/{pk}/evaluate/").json()
    assert evaluated["comparison"]["status"] == "evaluated"
    assert len(evaluated["corrective_actions_opened"]) == 1
    report = _api(labs[1]).get(f"/api/v1/comparisons/{pk}/report/").json()
    (only,) = report["points"]
    assert only["method"] == "weighted-mean"
    assert only["excluded"] == ["C"]
    assert only["reference_value"] == pytest.approx(0.2)
    assert {lab["lab"]: lab["status"] for lab in only["labs"]} == {
        "A": "satisfactory",
        "B": "satisfactory",
        "C": "unsatisfactory",
    }
    assert set(only["labs"][0]) >= {"lab", "en", "d", "U_d", "z", "zeta", "status"}

    action_id = evaluated["corrective_actions_opened"][0]
    lab_c = _api(labs[2])
    assert lab_c.post(f"/api/v1/corrective-actions/{action_id}/close/", {}, format="json").status_code == 403
    assert (
        lab_c.patch(
            f"/api/v1/corrective-actions/{action_id}/",
            {"cause": "砝码沾污", "action_taken": "清洗复校"},
            format="json",
        ).status_code
        == 200
    )
    closed = api.post(f"/api/v1/corrective-actions/{action_id}/close/", {"note": "复测合格"}, format="json")
    assert closed.json()["status"] == "closed"
    assert CorrectiveAction.objects.get(pk=action_id).closed_on == dt.date.today()


def test_bad_input_names_the_field(world: Any) -> None:
    pilot = institute("410300")
    comparison = comparison_round(actor=world.bureau, pilot=pilot)
    at = point(comparison, actor=world.bureau)
    lab = enrol(comparison, actor=world.bureau)
    _api(world.bureau).post(f"/api/v1/comparisons/{comparison.pk}/open/")
    response = _api(lab.user).post(
        f"/api/v1/comparisons/{comparison.pk}/results/",
        {"results": [{"point": at.pk, "value": "1", "expanded_uncertainty": "-0.1"}]},
        format="json",
    )
    assert response.status_code == 400
    assert any("expanded_uncertainty" in key for key in response.json()["error"]["fields"])
    wrong_point = _api(lab.user).post(
        f"/api/v1/comparisons/{comparison.pk}/results/",
        {"results": [{"point": 999999, "value": "1", "expanded_uncertainty": "0.1"}]},
        format="json",
    )
    assert "results[0].point" in wrong_point.json()["error"]["fields"]
    no_pilot = _api(world.bureau).post(
        "/api/v1/comparisons/",
        {
            "code": "X",
            "title": "t",
            "level": "city",
            "organizer": "o",
            "quantity": "q",
            "artefact": "a",
            "protocol": "p",
            "starts_on": "2025-01-01",
            "submission_deadline": "2025-02-01",
        },
        format="json",
    )
    assert no_pilot.status_code == 400
    assert "pilot" in no_pilot.json()["error"]["fields"]


def test_figures_count_rounds_per_year(world: Any) -> None:
    pilot = institute("410300")
    for year in (2019, 2019, 2020):
        city = comparison_round(
            actor=world.bureau,
            pilot=pilot,
            starts_on=dt.date(year, 4, 1),
            submission_deadline=dt.date(year, 9, 1),
        )
        point(city, actor=world.bureau)
        lab = enrol(city, actor=world.bureau)
        from jiliang.comparisons import services

        services.round_open(actor=world.bureau, comparison=city)
        submit(lab, city.points.get(), "1", "0.1")
    provincial = comparison_round(
        actor=world.institute_user,
        pilot=None,
        level="provincial",
        starts_on=dt.date(2020, 5, 1),
        submission_deadline=dt.date(2020, 8, 1),
    )
    assert provincial.participants.count() == 1
    comparison_round(
        actor=world.bureau,
        pilot=pilot,
        starts_on=dt.date(2020, 6, 1),
        submission_deadline=dt.date(2020, 9, 1),
    )  # planned only: not organized yet
    body = _api(world.bureau).get("/api/v1/comparison-figures/?start=2019-01-01&end=2020-12-31").json()
    assert body["city_organized"] == 3
    assert body["city_organized_by_year"] == {"2019": 2, "2020": 1}
    assert body["provincial_joined"] == 1
    assert body["provincial_joined_by_year"] == {"2020": 1}
    county = _api(world.county).get("/api/v1/comparison-figures/?start=2019-01-01&end=2020-12-31").json()
    assert county["city_organized"] == 0  # pilot and participants lie outside 涧西区
    bad = _api(world.bureau).get("/api/v1/comparison-figures/?start=2019-01-01&end=2020-12-31&region=999999")
    assert "region" in bad.json()["error"]["fields"]


def test_round_list_query_count_is_bounded(world: Any, django_assert_max_num_queries: Any) -> None:
    pilot = institute("410300")
    for _ in range(5):
        comparison = comparison_round(actor=world.bureau, pilot=pilot)
        point(comparison, actor=world.bureau)
        for _ in range(3):
            enrol(comparison, actor=world.bureau)
        from jiliang.comparisons import services

        services.schedule_build(
            actor=world.bureau, comparison=comparison, start=dt.date(2024, 3, 1), days_per_laboratory=5
        )
    with django_assert_max_num_queries(8):
        response = _api(world.bureau).get("/api/v1/comparisons/")
    assert response.json()["count"] == 5


def test_flag_is_raised_on_the_standard_used(world: Any) -> None:
    pilot = institute("410300")
    comparison = comparison_round(actor=world.bureau, pilot=pilot)
    at = point(comparison, actor=world.bureau)
    labs = [enrol(comparison, actor=world.bureau) for _ in range(3)]
    api = _api(world.bureau)
    api.post(f"/api/v1/comparisons/{comparison.pk}/open/")
    for lab, value in zip(labs, ("0.1", "0.3", "2.5"), strict=True):
        submit(lab, at, value, "0.2")
    api.post(f"/api/v1/comparisons/{comparison.pk}/close/")
    api.post(f"/api/v1/comparisons/{comparison.pk}/evaluate/")
    flagged = api.get("/api/v1/measurement-standards/?flagged=true").json()
    assert [s["code"] for s in flagged["results"]] == [labs[2].standard.code]
    assert StandardFlag.objects.filter(closed_on__isnull=True).count() == 1
