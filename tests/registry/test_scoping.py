"""Every role reads and writes only inside its scope — in selectors, services, pages and the API."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from jiliang.registry import selectors, services
from jiliang.registry.choices import OrganizationKind
from tests.registry.factories import PersonFactory, region, valid_uscc

pytestmark = pytest.mark.django_db


def _names(qs):  # type: ignore[no-untyped-def]
    return set(qs.values_list("name", flat=True))


def test_bureau_sees_every_organization(world) -> None:  # type: ignore[no-untyped-def]
    assert {"涧西测试企业", "洛龙测试企业", "测试计量所"} <= _names(
        selectors.organization_list(user=world.bureau)
    )


def test_county_sees_only_its_subtree(world) -> None:  # type: ignore[no-untyped-def]
    assert _names(selectors.organization_list(user=world.county)) == {"涧西测试企业"}


def test_county_scope_includes_retired_predecessor_divisions(world) -> None:  # type: ignore[no-untyped-def]
    from jiliang.core.scoping import Role
    from tests.registry.factories import OrganizationFactory, UserFactory

    old_mengjin = OrganizationFactory(name="孟津县老企业", region=region_old("410322"))
    old_jili = OrganizationFactory(name="吉利区老企业", region=region_old("410306"))
    mengjin_user = UserFactory(role=Role.COUNTY, region=region("410308"))
    visible = _names(selectors.organization_list(user=mengjin_user))
    assert {old_mengjin.name, old_jili.name} <= visible
    assert "涧西测试企业" not in visible


def region_old(code: str):  # type: ignore[no-untyped-def]
    from jiliang.registry.models import Region

    return Region.objects.get(code=code)


@pytest.mark.parametrize(
    ("user_attr", "own"), [("enterprise", "涧西测试企业"), ("institute_user", "测试计量所")]
)
def test_enterprise_and_institute_see_only_their_own_organization(world, user_attr, own) -> None:  # type: ignore[no-untyped-def]
    assert _names(selectors.organization_list(user=getattr(world, user_attr))) == {own}


def test_anonymous_and_roleless_users_see_nothing(world) -> None:  # type: ignore[no-untyped-def]
    from django.contrib.auth.models import AnonymousUser

    assert not selectors.organization_list(user=AnonymousUser()).exists()
    assert not selectors.organization_list(user=None).exists()


def test_people_follow_their_organizations_scope(world) -> None:  # type: ignore[no-untyped-def]
    inside = PersonFactory(organization=world.jianxi_org)
    outside = PersonFactory(organization=world.luolong_org)
    visible = set(selectors.person_list(user=world.county))
    assert inside in visible
    assert outside not in visible
    assert set(selectors.person_list(user=world.other_enterprise)) == {outside}


def _org_data(region_code: str, name: str = "新企业") -> dict:  # type: ignore[type-arg]
    return {
        "name": name,
        "uscc": valid_uscc(region_code),
        "kind": OrganizationKind.ENTERPRISE,
        "region": region(region_code),
    }


def test_county_may_create_inside_but_not_outside(world) -> None:  # type: ignore[no-untyped-def]
    services.organization_create(actor=world.county, data=_org_data("410305"))
    with pytest.raises(PermissionDenied):
        services.organization_create(actor=world.county, data=_org_data("410311", "越界企业"))
    assert not selectors.organization_list(user=world.bureau).filter(name="越界企业").exists()


def test_county_may_not_move_an_organization_out_of_its_scope(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.organization_update(
            actor=world.county, instance=world.jianxi_org, data={"region": region("410311")}
        )
    world.jianxi_org.refresh_from_db()
    assert world.jianxi_org.region.code == "410305"


@pytest.mark.parametrize("user_attr", ["enterprise", "institute_user"])
def test_enterprise_and_institute_may_not_create_organizations(world, user_attr) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.organization_create(actor=getattr(world, user_attr), data=_org_data("410305"))


def test_enterprise_may_edit_its_own_organization_but_not_another(world) -> None:  # type: ignore[no-untyped-def]
    services.organization_update(
        actor=world.enterprise, instance=world.jianxi_org, data={"address": "新地址"}
    )
    with pytest.raises(PermissionDenied):
        services.organization_update(
            actor=world.enterprise, instance=world.luolong_org, data={"address": "x"}
        )


def test_enterprise_may_not_register_people_of_another_organization(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        services.person_create(
            actor=world.enterprise, data={"name": "外人", "organization": world.luolong_org}
        )
    services.person_create(actor=world.enterprise, data={"name": "员工", "organization": world.jianxi_org})


def test_only_bureau_manages_regions_and_experts(world) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    person = PersonFactory(organization=world.jianxi_org)
    for actor in (world.county, world.enterprise, world.institute_user):
        with pytest.raises(PermissionDenied):
            services.expert_create(actor=actor, data={"person": person, "admitted_on": dt.date(2020, 1, 1)})
        with pytest.raises(PermissionDenied):
            services.region_update(actor=actor, instance=region("410305"), data={"name": "x"})
    services.expert_create(actor=world.bureau, data={"person": person, "admitted_on": dt.date(2020, 1, 1)})
