from jiliang.registry.views import (
    AUTHORIZATIONS,
    EXPERTS,
    ORGANIZATIONS,
    PEOPLE,
    QUALIFICATIONS,
    REGIONS,
)

app_name = "registry"

urlpatterns = [
    *REGIONS.urls(),
    *ORGANIZATIONS.urls(),
    *PEOPLE.urls(),
    *QUALIFICATIONS.urls(),
    *EXPERTS.urls(),
    *AUTHORIZATIONS.urls(),
]
