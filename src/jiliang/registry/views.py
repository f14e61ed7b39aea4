"""Registry pages, declared on the generic views of jiliang.core."""

from __future__ import annotations

from typing import Any

from jiliang.core.scoping import Role
from jiliang.core.views import ObjectViews
from jiliang.registry import filtersets, forms, importers, selectors, services, tables
from jiliang.registry.models import (
    Expert,
    InstituteAuthorization,
    Organization,
    Person,
    Region,
    VerifierQualification,
)


def _region_get(*, user: Any, pk: int) -> Region:
    return selectors.region_list().get(pk=pk)


def _is_bureau(user: Any) -> bool:
    return selectors.user_scope(user).everything


def _is_bureau_or_county(user: Any) -> bool:
    scope = selectors.user_scope(user)
    return scope.everything or scope.role == Role.COUNTY


def _may_add_person(user: Any) -> bool:
    return selectors.user_scope(user).role != "none"


def _region_list(*, user: Any) -> Any:
    return selectors.region_list()


REGIONS = ObjectViews(
    model=Region,
    namespace="registry",
    prefix="regions",
    list_selector=_region_list,
    get_selector=_region_get,
    columns=tables.REGION_COLUMNS,
    filterset_class=filtersets.RegionFilterSet,
    form_class=forms.RegionForm,
    create_service=services.region_create,
    update_service=services.region_update,
    import_spec=importers.REGION_IMPORT,
    may_create=_is_bureau,
)

ORGANIZATIONS = ObjectViews(
    model=Organization,
    namespace="registry",
    prefix="organizations",
    list_selector=selectors.organization_list,
    get_selector=selectors.organization_get,
    columns=tables.ORGANIZATION_COLUMNS,
    filterset_class=filtersets.OrganizationFilterSet,
    form_class=forms.OrganizationForm,
    create_service=services.organization_create,
    update_service=services.organization_update,
    import_spec=importers.ORGANIZATION_IMPORT,
    may_create=_is_bureau_or_county,
)

PEOPLE = ObjectViews(
    model=Person,
    namespace="registry",
    prefix="people",
    list_selector=selectors.person_list,
    get_selector=selectors.person_get,
    columns=tables.PERSON_COLUMNS,
    filterset_class=filtersets.PersonFilterSet,
    form_class=forms.PersonForm,
    create_service=services.person_create,
    update_service=services.person_update,
    import_spec=importers.PERSON_IMPORT,
    may_create=_may_add_person,
)

QUALIFICATIONS = ObjectViews(
    model=VerifierQualification,
    namespace="registry",
    prefix="qualifications",
    list_selector=selectors.qualification_list,
    get_selector=selectors.qualification_get,
    columns=tables.QUALIFICATION_COLUMNS,
    filterset_class=filtersets.QualificationFilterSet,
    form_class=forms.QualificationForm,
    create_service=services.qualification_create,
    update_service=services.qualification_update,
    import_spec=importers.QUALIFICATION_IMPORT,
    may_create=_is_bureau_or_county,
)

EXPERTS = ObjectViews(
    model=Expert,
    namespace="registry",
    prefix="experts",
    list_selector=selectors.expert_list,
    get_selector=selectors.expert_get,
    columns=tables.EXPERT_COLUMNS,
    filterset_class=filtersets.ExpertFilterSet,
    form_class=forms.ExpertForm,
    create_service=services.expert_create,
    update_service=services.expert_update,
    import_spec=importers.EXPERT_IMPORT,
    may_create=_is_bureau,
)

AUTHORIZATIONS = ObjectViews(
    model=InstituteAuthorization,
    namespace="registry",
    prefix="authorizations",
    list_selector=selectors.authorization_list,
    get_selector=selectors.authorization_get,
    columns=tables.AUTHORIZATION_COLUMNS,
    detail_columns=tables.AUTHORIZATION_DETAIL_COLUMNS,
    filterset_class=filtersets.InstituteAuthorizationFilterSet,
    form_class=forms.InstituteAuthorizationForm,
    create_service=services.authorization_create,
    update_service=services.authorization_update,
    may_create=_is_bureau,
)
