"""URL map: pages, /api/v1/, the OpenAPI schema and docs, auth and language switching."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path, re_path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from jiliang.core.api.errors import api_not_found
from jiliang.ops.views import overview, scheduled_jobs
from jiliang.plans import views as plan_views

api_v1 = [
    path("", include("jiliang.registry.api.urls")),
    path("", include("jiliang.deadlines.api.urls")),
    path("", include("jiliang.standards.api.urls")),
    path("", include("jiliang.instruments.api.urls")),
    path("", include("jiliang.prepack.api.urls")),
    path("", include("jiliang.comparisons.api.urls")),
    path("", include("jiliang.metering.api.urls")),
    path("", include("jiliang.supervision.api.urls")),
    path("", include("jiliang.plans.api.urls")),
]

urlpatterns = [
    path("", plan_views.dashboard, name="home"),
    path("overview/", overview, name="overview"),
    path("operations/jobs/", scheduled_jobs, name="scheduled_jobs"),
    path("plans/", include("jiliang.plans.urls")),
    path("accounts/login/", login_not_required(auth_views.LoginView.as_view()), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("jiliang.core.accounts.urls")),
    # Anonymous visitors switch language too (the login page has the selector).
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("registry/", include("jiliang.registry.urls")),
    path("calendar/", include("jiliang.deadlines.urls")),
    path("standards/", include("jiliang.standards.urls")),
    path("instruments/", include("jiliang.instruments.urls")),
    path("prepack/", include("jiliang.prepack.urls")),
    path("metering/", include("jiliang.metering.urls")),
    path("comparisons/", include("jiliang.comparisons.urls")),
    path("supervision/", include("jiliang.supervision.urls")),
    path("public/", include("jiliang.portal.urls")),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script for the CSP to allow.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("admin/", admin.site.urls),
    # Last: an unknown route under /api/ answers the API's JSON error shape, not an HTML page.
    re_path(r"^api/(?P<rest>.*)$", login_not_required(api_not_found)),
]
