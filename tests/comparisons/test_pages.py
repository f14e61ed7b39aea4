"""The comparison pages: who reaches what, forms through the services, hidden results, report exports."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from decimal import Decimal
from typing import Any

import pytest
from openpyxl import load_workbook

from jiliang.comparisons import report, services
from jiliang.comparisons.choices import ActionStatus, Outcome, RoundStatus
from jiliang.comparisons.models import ComparisonRound, CorrectiveAction, Participant, Result
from jiliang.core.fonts import cjk_font_available
from jiliang.standards.choices import StandardLevel
from jiliang.standards.models import StandardFlag
from tests.comparisons.factories import Lab, comparison_round, enrol, lab_user, point, submit
from tests.standards.factories import institute, standard

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

OUTLIER = "2.53917"  # a value that appears nowhere else on the pages


def _streamed(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.fixture
def pilot() -> Any:
    organization = institute("410300", name="洛阳市计量测试所")
    return organization, lab_user(organization)


def _open_round(pilot: Any) -> tuple[ComparisonRound, Any, list[Lab]]:
    pilot_org, pilot_user = pilot
    comparison = comparison_round(actor=pilot_user, pilot=pilot_org)
    at = point(comparison, actor=pilot_user)
    labs = [enrol(comparison, actor=pilot_user, name=f"实验室{i}") for i in range(3)]
    services.round_open(actor=pilot_user, comparison=comparison)
    return comparison, at, labs


def _submitted(pilot: Any) -> tuple[ComparisonRound, Any, list[Lab]]:
    comparison, at, labs = _open_round(pilot)
    submit(labs[0], at, "0.10", "0.20")
    submit(labs[1], at, "0.30", "0.20")
    submit(labs[2], at, OUTLIER, "0.20")
    return comparison, at, labs


def _evaluated(pilot: Any) -> tuple[ComparisonRound, Any, list[Lab]]:
    comparison, at, labs = _submitted(pilot)
    services.round_close(actor=pilot[1], comparison=comparison)
    services.round_evaluate(actor=pilot[1], comparison=comparison)
    comparison.refresh_from_db()
    return comparison, at, labs


def test_round_list_detail_and_export_by_role(client: Any, world: Any, pilot: Any) -> None:
    comparison, _at, labs = _open_round(pilot)
    client.force_login(world.bureau)
    listing = client.get("/comparisons/", {"level": "city"}).content.decode()
    assert comparison.code in listing
    assert "/comparisons/add/" in listing
    exported = _streamed(client.get("/comparisons/", {"export": "csv"}))
    assert comparison.code in exported
    assert client.get(f"/comparisons/{comparison.pk}/history/").status_code == 200
    # The pilot runs the round: its page has the state button; a participant's has none.
    client.force_login(pilot[1])
    html = client.get(f"/comparisons/{comparison.pk}/").content.decode()
    assert 'id="close-round"' in html
    assert 'id="participant-form"' in html
    client.force_login(labs[0].user)
    html = client.get(f"/comparisons/{comparison.pk}/").content.decode()
    assert 'id="close-round"' not in html
    assert 'id="participant-form"' not in html
    assert 'id="submit-results"' in html
    assert f"/comparisons/{comparison.pk}/edit/" not in html  # the round is the managers' to edit
    # A laboratory outside the round sees neither the round nor its page.
    client.force_login(world.institute_user)
    assert comparison.code not in client.get("/comparisons/").content.decode()
    assert client.get(f"/comparisons/{comparison.pk}/").status_code == 404
    assert client.get(f"/comparisons/{comparison.pk}/report/").status_code == 404
    client.force_login(world.enterprise)
    assert "/comparisons/add/" not in client.get("/comparisons/").content.decode()


def test_pilot_sets_up_a_round_through_the_pages(client: Any, world: Any, pilot: Any) -> None:
    pilot_org, pilot_user = pilot
    client.force_login(pilot_user)
    data = {
        "code": "LY-2025-01",
        "title": "砝码质量比对",
        "level": "city",
        "organizer": "洛阳市市场监督管理局",
        "pilot": pilot_org.uscc,
        "quantity": "质量",
        "artefact": "1 kg E2",
        "protocol": "LY-BD-2025-01",
        "circulation": "ring",
        "starts_on": "2025-03-01",
        "submission_deadline": "2025-06-30",
        "method": "weighted-mean",
        "exclude_discrepant": "on",
    }
    response = client.post("/comparisons/add/", data)
    assert response.status_code == 302, response.context["form"].errors
    comparison = ComparisonRound.objects.get(code="LY-2025-01")
    assert response["Location"] == f"/comparisons/{comparison.pk}/"
    assert (comparison.pilot, comparison.year) == (pilot_org, 2025)
    # A laboratory cannot pilot in another's name: the service's refusal lands on the form.
    client.force_login(world.institute_user)
    refused = client.post("/comparisons/add/", {**data, "code": "LY-2025-02"})
    assert refused.status_code == 400
    assert not ComparisonRound.objects.filter(code="LY-2025-02").exists()

    client.force_login(pilot_user)
    added = client.post(f"/comparisons/{comparison.pk}/points/add/", {"label": "1 kg", "unit": "mg"})
    assert added.status_code == 302
    lab_org = institute("410311", name="洛龙区计量所")
    used = standard(lab_org, level=StandardLevel.COUNTY_PUBLIC)
    bad = client.post(
        f"/comparisons/{comparison.pk}/participants/add/", {"organization": "91410300XX", "standard": ""}
    )
    assert bad.status_code == 400
    assert "No organization with this credit code." in bad.content.decode()
    ok = client.post(
        f"/comparisons/{comparison.pk}/participants/add/",
        {"organization": lab_org.uscc, "standard": used.code},
    )
    assert ok.status_code == 302
    participant = Participant.objects.get(round=comparison)
    assert (participant.lab_code, participant.standard) == ("A", used)
    client.post(
        f"/comparisons/{comparison.pk}/schedule/", {"start": "2025-03-01", "days_per_laboratory": "10"}
    )
    legs = list(comparison.transfers.order_by("sequence"))
    assert [(t.sender, t.receiver) for t in legs] == [(None, participant), (participant, None)]
    # The laboratory records receiving the artefact; it may change its standard, not add participants.
    lab = lab_user(lab_org)
    client.force_login(lab)
    received = client.post(
        f"/comparisons/transfers/{legs[0].pk}/",
        {"sent_on": "2025-03-01", "received_on": "2025-03-02", "condition": "完好"},
    )
    assert received.status_code == 302
    legs[0].refresh_from_db()
    assert legs[0].condition == "完好"
    other = standard(lab_org, level=StandardLevel.COUNTY_PUBLIC)
    changed = client.post(f"/comparisons/participants/{participant.pk}/standard/", {"standard": other.code})
    assert changed.status_code == 302
    participant.refresh_from_db()
    assert participant.standard == other
    assert client.get(f"/comparisons/{comparison.pk}/participants/add/").status_code == 403
    assert client.post(f"/comparisons/{comparison.pk}/open/").status_code == 302
    comparison.refresh_from_db()
    assert comparison.status == RoundStatus.PLANNED  # refused: only the managers open a round
    client.force_login(pilot_user)
    client.post(f"/comparisons/{comparison.pk}/open/")
    comparison.refresh_from_db()
    assert comparison.status == RoundStatus.OPEN


def test_submission_page_stores_all_rows_or_names_the_bad_one(client: Any, world: Any, pilot: Any) -> None:
    pilot_org, pilot_user = pilot
    comparison = comparison_round(actor=pilot_user, pilot=pilot_org)
    first = point(comparison, actor=pilot_user, label="1 kg")
    second = point(comparison, actor=pilot_user, label="2 kg")
    lab, other = (enrol(comparison, actor=pilot_user) for _ in range(2))
    services.round_open(actor=pilot_user, comparison=comparison)
    url = f"/comparisons/{comparison.pk}/submit/"
    client.force_login(lab.user)
    page = client.get(url).content.decode()
    assert page.count("<tr data-point=") == 2
    rows = {
        f"p{first.pk}_value": "0.12",
        f"p{first.pk}_expanded_uncertainty": "0.2",
        f"p{first.pk}_k": "2",
        f"p{second.pk}_value": "0.31",
        f"p{second.pk}_expanded_uncertainty": "0",
        f"p{second.pk}_k": "2",
    }
    refused = client.post(url, rows)
    assert refused.status_code == 400
    assert "2 kg: expanded_uncertainty" in refused.content.decode()
    assert not Result.objects.exists()  # all or none
    missing = client.post(url, {**rows, f"p{second.pk}_expanded_uncertainty": ""})
    assert "2 kg: expanded uncertainty U: Required when the row is filled in." in missing.content.decode()
    saved = client.post(url, {**rows, f"p{second.pk}_expanded_uncertainty": "0.25"})
    assert saved.status_code == 302
    stored = dict(Result.objects.values_list("point__label", "value"))
    assert stored == {"1 kg": Decimal("0.12"), "2 kg": Decimal("0.31")}
    assert "0.31" in client.get(url).content.decode()  # offered again for correction
    # Only the laboratory's own users reach its submission page.
    client.force_login(pilot_user)
    assert client.get(url).status_code == 403
    client.force_login(world.bureau)
    assert client.get(url).status_code == 403
    client.force_login(world.institute_user)
    assert client.get(url).status_code == 404
    client.force_login(other.user)  # another participant reaches its own page, with its own rows empty
    assert "0.31" not in client.get(url).content.decode()


def test_values_are_hidden_from_other_participants_until_submission_closes(client: Any, pilot: Any) -> None:
    comparison, _at, labs = _submitted(pilot)
    client.force_login(labs[0].user)
    for url in (f"/comparisons/{comparison.pk}/", f"/comparisons/{comparison.pk}/report/"):
        html = client.get(url).content.decode()
        assert OUTLIER not in html
        assert "2.539" not in html
    detail = client.get(f"/comparisons/{comparison.pk}/").content.decode()
    assert detail.count('data-submitted="1"') == 3  # who is in is visible, not the values
    assert 'id="results-hidden"' in detail
    assert client.get(f"/comparisons/{comparison.pk}/report/?output=xlsx").content.find(b"2.539") == -1
    client.force_login(pilot[1])
    assert OUTLIER in client.get(f"/comparisons/{comparison.pk}/").content.decode()
    services.round_close(actor=pilot[1], comparison=comparison)
    client.force_login(labs[0].user)
    assert OUTLIER in client.get(f"/comparisons/{comparison.pk}/").content.decode()


def test_pilot_closes_and_evaluates_on_the_page_and_the_report_shows_the_outlier(
    client: Any, pilot: Any
) -> None:
    comparison, _at, labs = _submitted(pilot)
    client.force_login(labs[1].user)
    client.post(f"/comparisons/{comparison.pk}/close/")
    comparison.refresh_from_db()
    assert comparison.status == RoundStatus.OPEN
    client.force_login(pilot[1])
    client.post(f"/comparisons/{comparison.pk}/close/")
    evaluated = client.post(
        f"/comparisons/{comparison.pk}/evaluate/", {"method": "weighted-mean", "exclude_discrepant": "on"}
    )
    assert evaluated["Location"] == f"/comparisons/{comparison.pk}/report/"
    html = client.get(evaluated["Location"]).content.decode()
    assert '<tr class="status-unsatisfactory" data-lab="C" data-status="unsatisfactory">' in html
    assert html.count('data-status="satisfactory"') == 2
    assert 'class="excluded">C</dd>' in html
    assert "data-chart=" in html  # drawn by core/site.js (no inline script under the CSP)
    assert "Corrective action opened" in html
    assert CorrectiveAction.objects.get().participant == labs[2].participant


def test_report_exports_pdf_svg_xlsx(client: Any, pilot: Any) -> None:
    comparison, at, labs = _evaluated(pilot)
    client.force_login(labs[0].user)
    url = f"/comparisons/{comparison.pk}/report/"

    svg = client.get(url, {"output": "svg", "point": at.pk})
    assert svg["Content-Type"] == "image/svg+xml"
    root = ET.fromstring(svg.content)
    bars = [e.get("id") for e in root.iter() if (e.get("id") or "").startswith("errorbar-")]
    assert sorted(bars) == ["errorbar-A", "errorbar-B", "errorbar-C"]
    assert any(e.get("id") == "reference-band" for e in root.iter())
    assert client.get(url, {"output": "svg", "point": 999999}).status_code == 404

    xlsx = client.get(url, {"output": "xlsx"})
    workbook = load_workbook(io.BytesIO(xlsx.content))
    rows = list(workbook["results"].iter_rows(min_row=4, values_only=True))
    assert [(r[2], r[4], r[12]) for r in rows] == [
        ("A", 0.1, Outcome.SATISFACTORY),
        ("B", 0.3, Outcome.SATISFACTORY),
        ("C", float(OUTLIER), Outcome.UNSATISFACTORY),
    ]
    reference = list(workbook["reference"].iter_rows(min_row=2, values_only=True))
    assert reference[0][3] == pytest.approx(0.2)
    assert reference[0][10] == "C"

    if not cjk_font_available():
        pytest.skip("no CJK font (apt-get install fonts-noto-cjk)")
    from pypdf import PdfReader

    pdf = client.get(url, {"output": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert comparison.code in text
    for code, value in (("A", "0.1"), ("B", "0.3"), ("C", OUTLIER)):
        assert f"\n{code} {value} " in text  # the laboratory's row of the results table


def test_pdf_refuses_without_a_cjk_font(client: Any, pilot: Any, monkeypatch: Any) -> None:
    comparison, _at, _labs = _evaluated(pilot)
    monkeypatch.setattr(report, "cjk_font_available", lambda: False)
    client.force_login(pilot[1])
    refused = client.get(f"/comparisons/{comparison.pk}/report/", {"output": "pdf"})
    assert refused.status_code == 503
    assert "fonts-noto-cjk" in refused.content.decode()


def test_corrective_action_pages_and_the_standard_panel(client: Any, world: Any, pilot: Any) -> None:
    comparison, _at, labs = _evaluated(pilot)
    action = CorrectiveAction.objects.get()
    outlier = labs[2]
    client.force_login(outlier.user)
    listing = client.get("/comparisons/actions/", {"status": "open"}).content.decode()
    assert comparison.code in listing
    assert comparison.code in _streamed(client.get("/comparisons/actions/", {"export": "csv"}))
    detail = client.get(f"/comparisons/actions/{action.pk}/").content.decode()
    assert 'id="close-action"' not in detail  # the laboratory does not close its own action
    assert f"/comparisons/actions/{action.pk}/edit/" in detail  # it states the cause and what it did
    saved = client.post(
        f"/comparisons/actions/{action.pk}/edit/", {"cause": "砝码沾污", "action_taken": "清洗后重新校准"}
    )
    assert saved.status_code == 302
    # The standard's page shows the open flag and the comparison history with the open action.
    page = client.get(f"/standards/standards/{outlier.standard.pk}/").content.decode()
    assert 'id="open-flag"' in page
    assert 'id="comparison-history"' in page
    assert f'data-round="{comparison.code}"' in page
    assert f"/comparisons/actions/{action.pk}/" in page
    assert client.post(f"/comparisons/actions/{action.pk}/close/").status_code == 302
    assert CorrectiveAction.objects.get().status == ActionStatus.OPEN  # refused to the laboratory
    client.force_login(world.institute_user)
    assert client.get(f"/comparisons/actions/{action.pk}/").status_code == 404
    client.force_login(pilot[1])
    assert 'id="close-action"' in client.get(f"/comparisons/actions/{action.pk}/").content.decode()
    client.post(f"/comparisons/actions/{action.pk}/close/", {"note": "复测合格"})
    assert CorrectiveAction.objects.get().status == ActionStatus.CLOSED
    assert (
        f"/comparisons/actions/{action.pk}/edit/"
        not in client.get(f"/comparisons/actions/{action.pk}/").content.decode()
    )
    assert StandardFlag.objects.get(standard=outlier.standard).closed_on is not None
    page = client.get(f"/standards/standards/{outlier.standard.pk}/").content.decode()
    assert 'id="open-flag"' not in page
    # A standard never used in a comparison has no history panel.
    unused = client.get(f"/standards/standards/{standard(pilot[0]).pk}/").content.decode()
    assert 'id="comparison-history"' not in unused


@pytest.mark.parametrize("url", ["/comparisons/", "/comparisons/actions/"])
def test_list_pages_have_bounded_queries(
    pilot: Any, world: Any, client: Any, django_assert_max_num_queries: Any, url: str
) -> None:
    for _ in range(4):
        _evaluated(pilot)
    client.force_login(world.bureau)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200


def test_protocol_file_is_uploaded_and_served_only_to_who_sees_the_round(
    client: Any, world: Any, pilot: Any, settings: Any, tmp_path: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    settings.MEDIA_ROOT = tmp_path
    comparison, _at, labs = _open_round(pilot)
    client.force_login(pilot[1])
    form = {
        "code": comparison.code,
        "title": comparison.title,
        "level": comparison.level,
        "organizer": comparison.organizer,
        "pilot": comparison.pilot.uscc,
        "quantity": comparison.quantity,
        "artefact": comparison.artefact,
        "protocol": comparison.protocol,
        "circulation": comparison.circulation,
        "starts_on": comparison.starts_on.isoformat(),
        "submission_deadline": comparison.submission_deadline.isoformat(),
        "method": comparison.method,
    }
    refused = client.post(
        f"/comparisons/{comparison.pk}/edit/",
        {
            **form,
            "protocol_file": SimpleUploadedFile("plan.exe", b"MZ", content_type="application/octet-stream"),
        },
    )
    assert refused.status_code == 400
    assert "protocol_file" in refused.context["form"].errors
    pdf = SimpleUploadedFile("方案.pdf", b"%PDF-1.4 protocol", content_type="application/pdf")
    saved = client.post(f"/comparisons/{comparison.pk}/edit/", {**form, "protocol_file": pdf})
    assert saved.status_code == 302
    detail = client.get(f"/comparisons/{comparison.pk}/")
    assert f"/comparisons/{comparison.pk}/protocol/" in detail.content.decode()
    client.force_login(labs[0].user)  # a participant reads it
    download = client.get(f"/comparisons/{comparison.pk}/protocol/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 protocol"
    client.force_login(world.institute_user)  # not part of the round
    assert client.get(f"/comparisons/{comparison.pk}/protocol/").status_code == 404
    api = APIClient()
    api.force_authenticate(labs[1].user)
    body = api.get(f"/api/v1/comparisons/{comparison.pk}/").json()
    assert body["protocol_file_url"] == f"/comparisons/{comparison.pk}/protocol/"


def test_report_xlsx_writes_a_formula_like_laboratory_name_as_text(client: Any, pilot: Any) -> None:
    """A participant's name is someone else's input: in the report's sheet it must not become a formula."""
    comparison, _at, labs = _evaluated(pilot)
    renamed = labs[0].participant.organization
    renamed.name = '=HYPERLINK("http://x","y")'
    renamed.save()
    client.force_login(pilot[1])
    xlsx = client.get(f"/comparisons/{comparison.pk}/report/", {"output": "xlsx"})
    cells = [c for row in load_workbook(io.BytesIO(xlsx.content))["results"].iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    assert '\'=HYPERLINK("http://x","y")' in {c.value for c in cells}
