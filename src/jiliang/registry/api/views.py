"""Registry resources under /api/v1/: querysets from selectors, writes through services."""

from __future__ import annotations

from jiliang.core.api.viewsets import ServiceViewSet, writes_schema
from jiliang.registry import filtersets, selectors, services
from jiliang.registry.api import serializers


class RegionViewSet(ServiceViewSet):
    """Administrative divisions (GB/T 2260) with validity dates; writes by the bureau only."""

    list_selector = staticmethod(lambda *, user: selectors.region_list())
    create_service = staticmethod(services.region_create)
    update_service = staticmethod(services.region_update)
    serializer_class = serializers.RegionSerializer
    input_serializer_class = serializers.RegionInputSerializer
    filterset_class = filtersets.RegionFilterSet


class OrganizationViewSet(ServiceViewSet):
    """Organizations with their unified social credit codes, scoped to the caller."""

    list_selector = staticmethod(selectors.organization_list)
    create_service = staticmethod(services.organization_create)
    update_service = staticmethod(services.organization_update)
    serializer_class = serializers.OrganizationSerializer
    input_serializer_class = serializers.OrganizationInputSerializer
    filterset_class = filtersets.OrganizationFilterSet


class PersonViewSet(ServiceViewSet):
    list_selector = staticmethod(selectors.person_list)
    create_service = staticmethod(services.person_create)
    update_service = staticmethod(services.person_update)
    serializer_class = serializers.PersonSerializer
    filterset_class = filtersets.PersonFilterSet


class QualificationViewSet(ServiceViewSet):
    list_selector = staticmethod(selectors.qualification_list)
    create_service = staticmethod(services.qualification_create)
    update_service = staticmethod(services.qualification_update)
    serializer_class = serializers.QualificationSerializer
    input_serializer_class = serializers.QualificationInputSerializer
    filterset_class = filtersets.QualificationFilterSet


class ExpertViewSet(ServiceViewSet):
    list_selector = staticmethod(selectors.expert_list)
    create_service = staticmethod(services.expert_create)
    update_service = staticmethod(services.expert_update)
    serializer_class = serializers.ExpertSerializer
    filterset_class = filtersets.ExpertFilterSet


@writes_schema(
    serializers.InstituteAuthorizationInputSerializer, serializers.InstituteAuthorizationSerializer
)
class InstituteAuthorizationViewSet(ServiceViewSet):
    """Institute authorizations (授权): the regions and instrument types an institute may verify;
    granted, changed, suspended and revoked by the bureau only."""

    list_selector = staticmethod(selectors.authorization_list)
    create_service = staticmethod(services.authorization_create)
    update_service = staticmethod(services.authorization_update)
    serializer_class = serializers.InstituteAuthorizationSerializer
    input_serializer_class = serializers.InstituteAuthorizationInputSerializer
    filterset_class = filtersets.InstituteAuthorizationFilterSet
