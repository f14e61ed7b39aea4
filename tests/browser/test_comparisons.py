"""A city comparison in a real browser: the pilot sets the round up, three laboratories submit on their
submission page, the pilot closes and evaluates with the weighted mean; the outlier is unsatisfactory in
the report (plotly chart drawn) and its standard shows the open flag and the comparison history."""

from __future__ import annotations

import re
from typing import Any

import pytest

from jiliang.comparisons.choices import ActionStatus, RoundStatus
from jiliang.comparisons.models import ComparisonRound, CorrectiveAction
from jiliang.core.scoping import Role
from jiliang.standards.choices import StandardLevel
from tests.browser.conftest import login
from tests.registry.factories import UserFactory
from tests.standards.factories import institute, standard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUBMITTED = {"lab0": ("0.10", "0.20"), "lab1": ("0.30", "0.20"), "lab2": ("2.50", "0.20")}


def test_pilot_runs_a_round_three_labs_submit_the_outlier_is_flagged(live_server: Any, page: Any) -> None:
    pilot = institute("410300", name="洛阳市计量测试所")
    UserFactory(username="pilot", role=Role.INSTITUTE, organization=pilot)
    labs = []
    for i, county in enumerate(("410311", "410305", "410303")):
        organization = institute(county, name=f"比对实验室{i}")
        used = standard(organization, level=StandardLevel.COUNTY_PUBLIC, code=f"BD-STD-{i}")
        UserFactory(username=f"lab{i}", role=Role.INSTITUTE, organization=organization)
        labs.append((organization, used))
    base = live_server.url

    # The pilot creates the round, its point and its three participants on the pages, then opens it.
    login(page, base, "pilot")
    page.goto(f"{base}/comparisons/")
    page.click("a.btn.primary[href='/comparisons/add/']")
    page.wait_for_url(re.compile(r"/comparisons/add/$"))
    for name, value in {
        "code": "LY-BD-2025-01",
        "title": "1 kg 砝码质量比对",
        "organizer": "洛阳市市场监督管理局",
        "pilot": pilot.uscc,
        "quantity": "质量",
        "artefact": "1 kg E2 砝码",
        "protocol": "LY-BD-2025-01 比对实施方案",
        "starts_on": "2025-03-01",
        "submission_deadline": "2025-06-30",
    }.items():
        page.fill(f"[name={name}]", value)
    page.select_option("[name=level]", "city")
    page.click("form.edit button[type=submit]")
    page.wait_for_url(re.compile(r"/comparisons/\d+/$"))
    comparison = ComparisonRound.objects.get(code="LY-BD-2025-01")
    page.click("#add-point")
    page.fill("[name=label]", "1 kg")
    page.fill("[name=unit]", "mg")
    page.click("form.edit button[type=submit]")
    page.wait_for_url(re.compile(rf"/comparisons/{comparison.pk}/$"))
    for organization, used in labs:
        page.fill("#participant-form [name=organization]", organization.uscc)
        page.fill("#participant-form [name=standard]", used.code)
        page.click("#participant-form button[type=submit]")
        page.wait_for_url(re.compile(rf"/comparisons/{comparison.pk}/$"))
    assert page.locator("#participants tbody tr[data-lab]").count() == 3
    page.click("#open-round")
    page.wait_for_selector("#round-status[data-status=open]")

    # Each laboratory submits on its own page; the others' values stay hidden while submission is open.
    for username, (value, uncertainty) in SUBMITTED.items():
        login(page, base, username)
        page.goto(f"{base}/comparisons/{comparison.pk}/")
        page.click("#submit-results")
        page.wait_for_url(re.compile(rf"/comparisons/{comparison.pk}/submit/$"))
        row = page.locator('tr[data-point="1 kg"]')
        row.locator("input[name$=_value]").fill(value)
        row.locator("input[name$=_expanded_uncertainty]").fill(uncertainty)
        page.click("#save-results")
        page.wait_for_url(re.compile(rf"/comparisons/{comparison.pk}/$"))
        assert page.locator("#results tbody tr[data-lab]").count() == 1  # only its own
    assert page.locator("#participants td.submitted[data-submitted='1']").count() == 3

    # The pilot closes submission and evaluates with the weighted mean.
    login(page, base, "pilot")
    page.goto(f"{base}/comparisons/{comparison.pk}/")
    page.click("#close-round")
    page.wait_for_selector("#round-status[data-status=closed]")
    page.select_option("#evaluate-form [name=method]", "weighted-mean")
    page.check("#evaluate-form [name=exclude_discrepant]")
    page.click("#evaluate-round")
    page.wait_for_url(re.compile(rf"/comparisons/{comparison.pk}/report/$"))
    outlier = page.locator("table.scores tr[data-lab=C]")
    assert outlier.get_attribute("data-status") == "unsatisfactory"
    assert outlier.get_attribute("class") == "status-unsatisfactory"
    assert page.locator("table.scores tr[data-status=satisfactory]").count() == 2
    assert page.inner_text(".reference .excluded") == "C"
    page.wait_for_selector(".chart .main-svg")  # plotly drew the chart
    assert page.locator(".chart .errorbar").count() >= 1
    comparison.refresh_from_db()
    assert comparison.status == RoundStatus.EVALUATED

    # The outlier's standard: the open flag and the comparison history with its open corrective action.
    action = CorrectiveAction.objects.get()
    assert action.participant.organization == labs[2][0]
    login(page, base, "lab2")
    page.goto(f"{base}/standards/standards/{labs[2][1].pk}/")
    assert page.locator("#open-flag").count() == 1
    history = page.locator("#comparison-history tr[data-round='LY-BD-2025-01']")
    assert history.count() == 1
    assert action.get_status_display() in history.locator("td.action").inner_text()
    assert action.status == ActionStatus.OPEN
