"""The net-content pages: lists, lot detail, measurement entry with live judgement, report, producer."""

from __future__ import annotations

import pytest

from jiliang.prepack.models import Campaign, CapabilityDeclaration, Lot
from tests.prepack.factories import FAILING_50, PASSING_50, campaign, declaration, lot
from tests.registry.factories import PersonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def judged(world):  # type: ignore[no-untyped-def]
    return lot(
        campaign(world.institute),
        world.jianxi_org,
        measurements=FAILING_50,
        inspectors=[PersonFactory(organization=world.institute, name="王检")],
    )


def test_lot_detail_shows_the_stored_verdict_reasons_and_sample(client, world, judged) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.county)
    html = client.get(f"/prepack/lots/{judged.pk}/").content.decode()
    assert 'data-verdict="fail"' in html
    assert "#7, #19, #30, #44" in html
    assert 'id="enter-measurements"' in html
    assert html.count('<td class="num">16.0</td>') == 4  # the four T1 units, 16 g short
    assert f"/prepack/lots/{judged.pk}/report/" in html
    client.force_login(world.enterprise)  # the producer reads its record but does not record measurements
    html = client.get(f"/prepack/lots/{judged.pk}/").content.decode()
    assert 'data-verdict="fail"' in html
    assert 'id="enter-measurements"' not in html
    client.force_login(world.other_enterprise)
    assert client.get(f"/prepack/lots/{judged.pk}/").status_code == 404


def test_the_live_preview_judges_posted_values_without_saving(client, world, judged) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.institute_user)
    url = f"/prepack/lots/{judged.pk}/judge/"
    partial = client.post(
        url, {"measurements": "\n".join(PASSING_50), "tare_mode": "none"}, HTTP_HX_REQUEST="true"
    )
    assert partial.status_code == 200
    html = partial.content.decode()
    assert "50 of 50 values entered" in html
    assert 'data-verdict="pass"' in html
    assert "<html" not in html  # a fragment for htmx
    progress = client.post(
        url, {"measurements": " ".join(PASSING_50[:23]), "tare_mode": "none"}
    ).content.decode()
    assert "23 of 50 values entered" in progress
    assert "data-verdict" not in progress
    bad = client.post(url, {"measurements": "500 5x0", "tare_mode": "none"}).content.decode()
    assert "#2 &#x27;5x0&#x27; is not a non-negative number" in bad
    assert Lot.objects.get(pk=judged.pk).verdict == "fail"  # nothing saved
    assert client.get(url).status_code == 405


def test_measurement_page_saves_pasted_values_and_refuses_a_change_without_reason(
    client, world, judged
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.institute_user)
    url = f"/prepack/lots/{judged.pk}/measurements/"
    page = client.get(url).content.decode()
    assert f'hx-post="/prepack/lots/{judged.pk}/judge/"' in page
    assert "484.0" in page  # the stored sample is offered for correction
    refused = client.post(url, {"measurements": ", ".join(PASSING_50), "tare_mode": "none"})
    assert refused.status_code == 400
    assert "reason" in refused.context["form"].errors
    saved = client.post(url, {"measurements": ", ".join(PASSING_50), "tare_mode": "none", "reason": "复核"})
    assert saved.status_code == 302
    assert Lot.objects.get(pk=judged.pk).verdict == "pass"
    client.force_login(world.enterprise)
    denied = client.post(url, {"measurements": ", ".join(FAILING_50), "tare_mode": "none", "reason": "x"})
    assert denied.status_code == 400
    assert "record" in str(denied.context["form"].non_field_errors())
    assert Lot.objects.get(pk=judged.pk).verdict == "pass"


def test_printable_report_in_chinese(client, world, judged) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.institute_user)
    html = client.get(f"/prepack/lots/{judged.pk}/report/").content.decode()
    assert "定量包装商品净含量计量检验报告" in html
    assert "该批定量包装商品净含量不合格" in html
    assert f"DLBZ-2024-{judged.pk:06d}" in html
    assert "王检" in html
    assert "直接测量实际含量" in html
    assert "@media print" in html


def test_lot_added_through_the_page_goes_through_the_service(client, world) -> None:  # type: ignore[no-untyped-def]
    c = campaign(world.institute)
    client.force_login(world.institute_user)
    form = client.get(f"/prepack/lots/add/?campaign={c.pk}")
    assert form.status_code == 200
    data = {
        "campaign": c.pk,
        "producer": world.jianxi_org.uscc,
        "product_name": "纯牛奶",
        "category": "dairy",
        "nominal": "250",
        "unit": "mL",
        "lot_size": "120",
        "sampled_at": "producer",
        "sampled_on": "2024-05-06",
    }
    response = client.post("/prepack/lots/add/", data)
    assert response.status_code == 302, response.context["form"].errors
    created = Lot.objects.get(product_name="纯牛奶")
    assert response["Location"] == f"/prepack/lots/{created.pk}/"
    bad = client.post(
        "/prepack/lots/add/", {**data, "producer": "91410305MA00000000", "sampled_on": "2023-01-01"}
    )
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"producer"}  # no such credit code: the form says so first
    outside = client.post("/prepack/lots/add/", {**data, "sampled_on": "2023-01-01"})
    assert "sampled_on" in outside.context["form"].errors
    edit = client.post(f"/prepack/lots/{created.pk}/edit/", {**data, "brand": "牡丹"})
    assert edit.status_code == 302, edit.context["form"].errors
    assert Lot.objects.get(pk=created.pk).brand == "牡丹"


def test_campaign_and_declaration_pages(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.county)
    response = client.post(
        "/prepack/campaigns/add/",
        {
            "title": "涧西区抽查",
            "organizer": "涧西区市场监督管理局",
            "inspecting_institution": world.institute.pk,
            "region": Campaign._meta.get_field("region").related_model.objects.get(code="410305").pk,
            "start_on": "2024-03-01",
            "end_on": "2024-10-31",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    c = Campaign.objects.get(title="涧西区抽查")
    assert c.year == 2024
    detail = client.get(f"/prepack/campaigns/{c.pk}/").content.decode()
    assert 'id="add-lot"' in detail
    client.force_login(world.enterprise)
    form = client.get("/prepack/declarations/add/").content.decode()
    assert world.jianxi_org.uscc in form
    response = client.post(
        "/prepack/declarations/add/",
        {
            "producer": world.jianxi_org.uscc,
            "declared_on": "2024-02-01",
            "products": "挂面 500 g\n小麦粉 5 kg\n",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert CapabilityDeclaration.objects.get().products == ["挂面 500 g", "小麦粉 5 kg"]


def test_producer_record_lists_declarations_lots_and_rate(client, world, judged) -> None:  # type: ignore[no-untyped-def]
    lot(judged.campaign, world.jianxi_org, measurements=PASSING_50)
    declaration(world.jianxi_org, number="C2022-001")
    client.force_login(world.enterprise)
    page = client.get(f"/prepack/producers/{world.jianxi_org.pk}/")
    assert page.status_code == 200
    assert (page.context["figure"].numerator, page.context["figure"].denominator) == (1, 2)
    html = page.content.decode()
    assert "C2022-001" in html
    assert "50.0 %" in html
    client.force_login(world.other_enterprise)
    assert client.get(f"/prepack/producers/{world.jianxi_org.pk}/").status_code == 404


@pytest.mark.parametrize("url", ["/prepack/lots/", "/prepack/campaigns/", "/prepack/declarations/"])
def test_list_pages_render_export_and_have_bounded_queries(
    client, world, django_assert_max_num_queries, url
) -> None:  # type: ignore[no-untyped-def]
    c = campaign(world.institute)
    for n in range(30):
        lot(c, world.jianxi_org if n % 2 else world.luolong_org, measurements=PASSING_50 if n % 3 else None)
    declaration(world.jianxi_org)
    client.force_login(world.bureau)
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200
    exported = client.get(f"{url}?export=csv")
    assert exported.status_code == 200
    assert b"".join(exported.streaming_content).count(b"\n") >= 2


def test_nav_links_and_figures_page(client, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.bureau)
    html = client.get("/prepack/figures/").content.decode()
    assert 'href="/prepack/lots/"' in html
    assert 'href="/prepack/figures/"' in html
    assert "pass-rate-by-county" in html
    assert "vendor/plotly/plotly.min.js" in html  # the charts are drawn by the locally served plotly.js
