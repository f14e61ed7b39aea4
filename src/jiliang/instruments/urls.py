from django.urls import path

from jiliang.instruments import traceability_views, views

app_name = "instruments"

urlpatterns = [
    *views.INSTRUMENTS.urls(),
    path("instruments/<int:pk>/retire/", views.instrument_retire, name="instruments_retire"),
    path("instruments/<int:pk>/chain/", traceability_views.instrument_chain, name="instruments_chain"),
    path("traceability/impact/", traceability_views.traceability_impact, name="traceability_impact"),
    path("traceability/coverage/", traceability_views.traceability_coverage, name="traceability_coverage"),
    *views.VERIFICATIONS.urls(),
    *views.CERTIFICATES.urls(),
    path("certificates/<int:pk>/print/", views.certificate_print, name="certificates_print"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificates_revoke"),
    path("reminders/", views.reminder_list, name="reminders"),
    path("figures/", views.figures_page, name="figures"),
]
