from django.urls import path

from jiliang.metering import views

app_name = "metering"

urlpatterns = [
    path("", views.city_page, name="city"),
    # The unit's own page replaces the generic detail page (same URL, richer content).
    path("units/<int:pk>/", views.unit_page, name="unit_page"),
    path("units/<int:pk>/tokens/", views.token_issue, name="token_issue"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    *views.UNITS.urls(),
    *views.METERS.urls(),
    *views.STATEMENTS.urls(),
    *views.CONSUMERS.urls(),
    *views.FLAGS.urls(),
    path("flags/<int:pk>/resolve/", views.flag_resolve, name="flags_resolve"),
    *views.CONFLICTS.urls(),
    path("conflicts/<int:pk>/resolve/", views.conflict_resolve, name="conflicts_resolve"),
    *views.DEAD_LETTERS.urls(),
    *views.BROKER_ALERTS.urls(),
    *views.COEFFICIENTS.urls(),
    *views.EQUIPPING.urls(),
    *views.THRESHOLDS.urls(),
    *views.ACCURACY.urls(),
]
