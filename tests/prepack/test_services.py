"""Campaigns, lots, measurements and declarations: the judgement is the kernel's, scope, audit, rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jiliang.core.audit import audit_history
from jiliang.kernels.prepack import RULE_EDITION, judge_lot, net_contents_from_gross
from jiliang.prepack import judging, selectors, services
from jiliang.prepack.models import Lot
from jiliang.registry.choices import OrganizationKind
from jiliang.registry.selectors import SYSTEM
from tests.prepack.factories import FAILING_50, PASSING_50, campaign, declaration, failing, lot, passing
from tests.registry.factories import OrganizationFactory, PersonFactory, region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

SEVEN = Decimal("0.0000001")


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(SEVEN)


def assert_stored_is_kernels(stored: Lot, kernel) -> None:  # type: ignore[no-untyped-def]
    assert stored.verdict == kernel.verdict
    assert stored.tne == _q(kernel.tne)
    assert stored.mean == _q(kernel.mean)
    assert stored.std == _q(kernel.std)
    assert stored.lambda_factor == kernel.lambda_
    assert stored.mean_limit == _q(kernel.mean_limit)
    assert stored.mean_ok == kernel.mean_ok
    assert (stored.t1_count, stored.t2_count) == (kernel.t1_count, kernel.t2_count)
    assert (stored.t1_allowed, stored.t2_allowed) == (kernel.t1_allowed, kernel.t2_allowed)
    assert stored.reasons == list(kernel.reasons)
    assert stored.tne_rule == kernel.tne_rule
    assert stored.rule_edition == RULE_EDITION
    assert stored.judged_at is not None


@pytest.fixture
def inspector(world):  # type: ignore[no-untyped-def]
    return PersonFactory(organization=world.institute, name="张检")


@pytest.fixture
def city_campaign(world):  # type: ignore[no-untyped-def]
    return campaign(world.institute)


# --- the judgement ------------------------------------------------------------------------------------


def test_inspector_records_50_weights_of_a_lot_of_300_and_the_stored_judgement_is_the_kernels(  # type: ignore[no-untyped-def]
    world, city_campaign, inspector
) -> None:
    sampled = lot(city_campaign, world.jianxi_org, actor=world.institute_user, inspectors=[inspector])
    assert sampled.verdict == "pending"
    assert sampled.region.code == "410305"
    saved = services.lot_measurements_record(
        actor=world.institute_user, instance=sampled, measurements="\n".join(FAILING_50)
    )
    saved.refresh_from_db()
    kernel = judge_lot(500, "g", 300, FAILING_50)
    assert_stored_is_kernels(saved, kernel)
    assert saved.verdict == "fail"
    assert saved.reasons == [
        "4 unit(s) short by more than T = 15 g and at most 2T (T1), at most 3 allowed: #7, #19, #30, #44"
    ]
    assert saved.rounding == "gb8170"
    assert saved.measurements == FAILING_50
    entry = audit_history(instance=saved).get(action="update")
    assert entry.actor == world.institute_user
    assert entry.changes["verdict"] == ["pending", "fail"]
    assert entry.changes["measurements"][1] == sorted(FAILING_50)
    assert entry.note == "measurements recorded"


def test_lot_recorded_with_its_sample_is_judged_at_once(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    created = lot(city_campaign, world.jianxi_org, measurements=PASSING_50)
    created.refresh_from_db()
    assert_stored_is_kernels(created, judge_lot(500, "g", 300, PASSING_50))
    assert created.verdict == "pass"
    assert created.reasons == []
    created_entry = audit_history(instance=created).get(action="create")
    assert created_entry.changes["verdict"] == [None, "pass"]


def test_gross_weights_minus_the_average_tare_are_judged_on_net_contents(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    gross = [f"{Decimal(v) + Decimal('12.4'):.1f}" for v in FAILING_50]
    tares = ["12.1", "12.6", "12.5", "12.4"]  # mean 12.4
    sampled = lot(city_campaign, world.jianxi_org)
    saved = services.lot_measurements_record(
        actor=SYSTEM, instance=sampled, measurements=gross, tare_mode="average", tare_values=tares
    )
    saved.refresh_from_db()
    net = net_contents_from_gross(gross, "average", tares)
    assert_stored_is_kernels(saved, judge_lot(500, "g", 300, net))
    assert saved.t1_count == 4
    assert (saved.tare_mode, saved.tare_values) == ("average", tares)


def test_individual_tares_need_one_per_package(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    sampled = lot(city_campaign, world.jianxi_org, lot_size=20)
    with pytest.raises(ValidationError) as exc:
        services.lot_measurements_record(
            actor=SYSTEM,
            instance=sampled,
            measurements=passing(10, 512),
            tare_mode="individual",
            tare_values=["12"] * 9,
        )
    assert "10 gross values, 9 tares" in exc.value.message_dict["tare_values"][0]


def test_a_sample_of_the_wrong_size_is_refused_and_nothing_changes(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    sampled = lot(city_campaign, world.jianxi_org)
    with pytest.raises(ValidationError) as exc:
        services.lot_measurements_record(actor=SYSTEM, instance=sampled, measurements=PASSING_50[:49])
    assert exc.value.message_dict["measurements"] == [
        "A lot of 300 units needs a sample of n = 50 values (JJF 1070 附表4); 49 entered."
    ]
    sampled.refresh_from_db()
    assert (sampled.verdict, sampled.measurements) == ("pending", [])
    assert not audit_history(instance=sampled).filter(action="update").exists()


def test_bad_values_are_named_by_position(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    sampled = lot(city_campaign, world.jianxi_org)
    values = [*PASSING_50[:48], "5o1", "-3"]
    with pytest.raises(ValidationError) as exc:
        services.lot_measurements_record(actor=SYSTEM, instance=sampled, measurements=values)
    assert exc.value.message_dict["measurements"] == [
        "#49 '5o1' is not a non-negative number",
        "#50 '-3' is not a non-negative number",
    ]


def test_pasted_text_may_use_any_separator(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    sampled = lot(city_campaign, world.jianxi_org, lot_size=20)
    text = "501，499；502 498\t500\n503, 497;500\r\n501 、484"
    saved = services.lot_measurements_record(actor=SYSTEM, instance=sampled, measurements=text)
    assert saved.measurements == ["501", "499", "502", "498", "500", "503", "497", "500", "501", "484"]
    # The kernel's worked example (JJF 1070 附表4, N 20): unit #10 is 16 g short → fail on T1.
    assert saved.verdict == "fail"
    assert saved.mean == Decimal("498.5")


def test_rounding_of_t_follows_the_setting_and_is_stored(world, city_campaign, settings) -> None:  # type: ignore[no-untyped-def]
    settings.JILIANG_PREPACK_ROUNDING = "half-up"
    sampled = lot(city_campaign, world.jianxi_org, nominal="1500", lot_size=8, measurements=passing(8, 1500))
    sampled.refresh_from_db()
    assert sampled.tne == Decimal(23)  # 1.5 % × 1500 g = 22.5 g → 23 (GB/T 8170 would give 22)
    assert sampled.rounding == "half-up"
    assert sampled.mean_ok is None  # lots of 10 or fewer: no mean requirement


def test_changing_judged_measurements_needs_a_reason_and_is_judged_again(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    judged = lot(city_campaign, world.jianxi_org, measurements=FAILING_50)
    with pytest.raises(ValidationError) as exc:
        services.lot_measurements_record(actor=world.institute_user, instance=judged, measurements=PASSING_50)
    assert "reason" in exc.value.message_dict
    saved = services.lot_measurements_record(
        actor=world.institute_user,
        instance=judged,
        measurements=PASSING_50,
        reason="录入错误，按原始记录更正",
    )
    assert saved.verdict == "pass"
    entry = audit_history(instance=judged).get(action="update")
    assert entry.note == "录入错误，按原始记录更正"
    assert entry.changes["verdict"] == ["fail", "pass"]
    assert entry.changes["measurements"] == [sorted(FAILING_50), sorted(PASSING_50)]


def test_correcting_the_lot_size_of_a_judged_lot_judges_it_again_or_refuses(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    judged = lot(city_campaign, world.jianxi_org, lot_size=300, measurements=FAILING_50)
    # 100–500 units all need n = 50: the verdict is recomputed with the same plan.
    again = services.lot_update(actor=SYSTEM, instance=judged, data={"lot_size": 450})
    assert again.verdict == "fail"
    # 501–3200 units need n = 80: the stored 50 values no longer fit.
    with pytest.raises(ValidationError) as exc:
        services.lot_update(actor=SYSTEM, instance=Lot.objects.get(pk=judged.pk), data={"lot_size": 600})
    assert "n = 80" in exc.value.message_dict["lot_size"][0]
    assert Lot.objects.get(pk=judged.pk).lot_size == 450
    # A nominal of 250 g: T = 9 g, the sample is far above it: pass.
    passed = services.lot_update(
        actor=SYSTEM, instance=Lot.objects.get(pk=judged.pk), data={"nominal": "250"}
    )
    assert passed.verdict == "pass"
    assert audit_history(instance=judged).filter(note="judged again").count() == 2


def test_measurements_do_not_change_through_the_edit_service(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    sampled = lot(city_campaign, world.jianxi_org)
    with pytest.raises(ValidationError) as exc:
        services.lot_update(
            actor=SYSTEM, instance=sampled, data={"measurements": PASSING_50, "verdict": "pass"}
        )
    assert set(exc.value.message_dict) == {"measurements", "verdict"}
    with pytest.raises(ValidationError) as exc:
        lot(city_campaign, world.jianxi_org, verdict="pass", judged_at=timezone.now(), rule_edition="x")
    assert set(exc.value.message_dict) == {"verdict", "judged_at", "rule_edition"}


def test_the_judgement_fields_are_exactly_what_a_judgement_writes() -> None:
    judgement = judge_lot(500, "g", 20, passing(10))
    fields = judging.judgement_fields(judgement, rounding="gb8170", judged_at=timezone.now())
    assert set(fields) == judging.JUDGEMENT_FIELDS
    assert {f.name for f in Lot._meta.concrete_fields} >= judging.JUDGEMENT_FIELDS


def test_nominal_outside_the_scope_of_prepackages_is_refused(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as exc:
        lot(city_campaign, world.jianxi_org, nominal="60", unit="kg")
    assert "outside the scope of 定量包装商品" in exc.value.message_dict["nominal"][0]


# --- where and when -----------------------------------------------------------------------------------


def test_a_market_sample_belongs_to_the_markets_region(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    shop = OrganizationFactory(kind=OrganizationKind.MARKET, region=region("410305"), name="涧西超市")
    bought = lot(city_campaign, world.luolong_org, market=shop)
    assert bought.region.code == "410305"
    assert bought in selectors.lot_list(user=world.county)  # the county of the shop sees it
    assert bought not in selectors.lot_list(user=world.enterprise)  # the shop is no producer of it
    assert bought in selectors.lot_list(user=world.other_enterprise)  # the producer sees its product
    with pytest.raises(ValidationError) as exc:
        lot(city_campaign, world.luolong_org, sampled_at="market")
    assert "market" in exc.value.message_dict


def test_a_lot_outside_the_campaigns_region_or_period_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    jianxi = campaign(
        world.institute, region_code="410305", start=dt.date(2024, 3, 1), end=dt.date(2024, 6, 30)
    )
    with pytest.raises(ValidationError) as exc:
        lot(jianxi, world.luolong_org, sampled_on=dt.date(2024, 7, 1))
    assert set(exc.value.message_dict) == {"producer", "sampled_on"}


def test_a_predecessor_division_is_inside_its_successors_campaign(world) -> None:  # type: ignore[no-untyped-def]
    old = OrganizationFactory(region=region_then("410381"))
    yanshi = campaign(world.institute, region_code="410307")
    assert lot(yanshi, old).region.code == "410381"


def region_then(code: str):  # type: ignore[no-untyped-def]
    from jiliang.registry.models import Region

    return Region.objects.get(code=code)


def test_inspectors_work_for_the_inspecting_institution(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    outsider = PersonFactory(organization=world.jianxi_org)
    with pytest.raises(ValidationError) as exc:
        lot(city_campaign, world.jianxi_org, inspectors=[outsider])
    assert "inspectors" in exc.value.message_dict


def test_a_closed_campaign_refuses_new_lots_and_measurements(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    sampled = lot(city_campaign, world.jianxi_org)
    services.campaign_update(actor=world.bureau, instance=city_campaign, data={"status": "closed"})
    with pytest.raises(ValidationError, match="closed"):
        lot(city_campaign, world.jianxi_org)
    with pytest.raises(ValidationError, match="closed"):
        services.lot_measurements_record(actor=SYSTEM, instance=sampled, measurements=PASSING_50)


# --- scope of each role -------------------------------------------------------------------------------


def test_who_may_record_lots_and_measurements(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    other_institute = OrganizationFactory(kind=OrganizationKind.LEGAL_INSTITUTE, region=region("410305"))
    from tests.registry.factories import UserFactory

    other_lab = UserFactory(role="institute", organization=other_institute)
    jianxi_lot = lot(city_campaign, world.jianxi_org, actor=world.county)  # the county of the producer
    with pytest.raises(PermissionDenied):
        lot(city_campaign, world.luolong_org, actor=world.county)  # 洛龙 is not the county's
    with pytest.raises(PermissionDenied):
        lot(city_campaign, world.jianxi_org, actor=world.enterprise)  # producers do not inspect themselves
    with pytest.raises(PermissionDenied):
        lot(city_campaign, world.jianxi_org, actor=other_lab)  # not the campaign's institution
    assert lot(city_campaign, world.luolong_org, actor=world.bureau).region.code == "410311"
    for refused in (world.enterprise, other_lab):
        with pytest.raises(PermissionDenied):
            services.lot_measurements_record(actor=refused, instance=jianxi_lot, measurements=PASSING_50)
    saved = services.lot_measurements_record(actor=world.county, instance=jianxi_lot, measurements=PASSING_50)
    assert saved.verdict == "pass"


def test_lot_and_campaign_lists_follow_each_roles_scope(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    in_jianxi = lot(city_campaign, world.jianxi_org, measurements=PASSING_50)
    in_luolong = lot(city_campaign, world.luolong_org, measurements=FAILING_50)
    other_institute = OrganizationFactory(kind=OrganizationKind.LEGAL_INSTITUTE)
    elsewhere = campaign(other_institute, region_code="410311")
    theirs = lot(elsewhere, world.luolong_org)
    next_year = campaign(world.institute, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))  # no lots yet

    def visible(user) -> set[int]:  # type: ignore[no-untyped-def]
        return set(selectors.lot_list(user=user).values_list("pk", flat=True))

    assert visible(world.bureau) == {in_jianxi.pk, in_luolong.pk, theirs.pk}
    assert visible(world.county) == {in_jianxi.pk}
    assert visible(world.institute_user) == {in_jianxi.pk, in_luolong.pk}
    assert visible(world.enterprise) == {in_jianxi.pk}
    assert visible(world.other_enterprise) == {in_luolong.pk, theirs.pk}

    counts = {
        c.pk: (c.lot_count, c.judged_count, c.passed_count)
        for c in selectors.campaign_list(user=world.county)
    }
    # City-wide campaigns cover the county; their counts are over the county's lots only.
    assert counts == {city_campaign.pk: (1, 1, 1), next_year.pk: (0, 0, 0)}
    counts = {
        c.pk: (c.lot_count, c.judged_count, c.passed_count)
        for c in selectors.campaign_list(user=world.bureau)
    }
    assert counts == {city_campaign.pk: (2, 2, 1), elsewhere.pk: (1, 0, 0), next_year.pk: (0, 0, 0)}
    assert {c.pk for c in selectors.campaign_list(user=world.institute_user)} == {
        city_campaign.pk,
        next_year.pk,
    }
    assert {c.pk for c in selectors.campaign_list(user=world.other_enterprise)} == {
        city_campaign.pk,
        elsewhere.pk,
    }


def test_campaigns_are_organized_by_the_bureau_or_the_county_in_its_region(world) -> None:  # type: ignore[no-untyped-def]
    assert campaign(world.institute, region_code="410305", actor=world.county).year == 2024
    with pytest.raises(PermissionDenied):
        campaign(world.institute, region_code="410311", actor=world.county)
    for refused in (world.institute_user, world.enterprise):
        with pytest.raises(PermissionDenied):
            campaign(world.institute, actor=refused)
    with pytest.raises(ValidationError) as exc:
        campaign(world.jianxi_org)  # an enterprise does not inspect
    assert "inspecting_institution" in exc.value.message_dict
    with pytest.raises(ValidationError):
        campaign(world.institute, start=dt.date(2024, 5, 1), end=dt.date(2024, 4, 1))


def test_a_campaign_with_lots_keeps_its_institution_and_covers_its_lots(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    lot(city_campaign, world.jianxi_org, sampled_on=dt.date(2024, 5, 5))
    other = OrganizationFactory(kind=OrganizationKind.LEGAL_INSTITUTE)
    with pytest.raises(ValidationError) as exc:
        services.campaign_update(
            actor=world.bureau,
            instance=city_campaign,
            data={"inspecting_institution": other, "start_on": dt.date(2024, 6, 1)},
        )
    assert set(exc.value.message_dict) == {"inspecting_institution", "start_on"}
    renamed = services.campaign_update(actor=world.bureau, instance=city_campaign, data={"title": "新标题"})
    assert audit_history(instance=renamed).get(action="update").changes["title"] == [
        "2024年净含量监督抽查",
        "新标题",
    ]


# --- capability declarations --------------------------------------------------------------------------


def test_a_producer_declares_and_holds_one_declaration_in_force(world) -> None:  # type: ignore[no-untyped-def]
    mine = declaration(world.jianxi_org, actor=world.enterprise, products=["挂面 500 g", "  ", "小麦粉 5 kg"])
    assert (mine.status, mine.products) == ("valid", ["挂面 500 g", "小麦粉 5 kg"])
    assert audit_history(instance=mine).get(action="create").actor == world.enterprise
    with pytest.raises(PermissionDenied):
        declaration(world.luolong_org, actor=world.enterprise)
    with pytest.raises(PermissionDenied):
        declaration(world.jianxi_org, actor=world.institute_user)
    with pytest.raises(ValidationError, match="already holds a declaration in force"):
        declaration(world.jianxi_org, actor=world.county)


def test_only_the_authority_revokes_and_an_ended_declaration_is_final(world) -> None:  # type: ignore[no-untyped-def]
    mine = declaration(world.jianxi_org)
    with pytest.raises(PermissionDenied):
        services.declaration_update(actor=world.enterprise, instance=mine, data={"status": "revoked"})
    revoked = services.declaration_update(
        actor=world.county, instance=mine, data={"status": "revoked", "note": "抽查不合格"}
    )
    assert revoked.ended_on == dt.date.today()
    with pytest.raises(ValidationError, match="final"):
        services.declaration_update(actor=world.bureau, instance=revoked, data={"status": "valid"})
    again = declaration(world.jianxi_org, actor=world.enterprise, declared_on=dt.date.today())
    withdrawn = services.declaration_update(
        actor=world.enterprise, instance=again, data={"status": "withdrawn"}
    )
    assert withdrawn.status == "withdrawn"


def test_declaration_lists_follow_each_roles_scope(world, city_campaign) -> None:  # type: ignore[no-untyped-def]
    jianxi = declaration(world.jianxi_org)
    luolong = declaration(world.luolong_org)
    lot(city_campaign, world.luolong_org)  # the institute inspected 洛龙's product

    def visible(user) -> set[int]:  # type: ignore[no-untyped-def]
        return set(selectors.declaration_list(user=user).values_list("pk", flat=True))

    assert visible(world.bureau) == {jianxi.pk, luolong.pk}
    assert visible(world.county) == {jianxi.pk}
    assert visible(world.enterprise) == {jianxi.pk}
    assert visible(world.institute_user) == {luolong.pk}


def test_failing_helpers_fail_and_passing_helpers_pass() -> None:
    assert judge_lot(500, "g", 20, failing(10)).verdict == "fail"
    assert judge_lot(500, "g", 20, passing(10)).verdict == "pass"
