from django.urls import path
from rest_framework.routers import DefaultRouter

from jiliang.instruments.api import traceability, views

router = DefaultRouter()
router.register("instruments", views.InstrumentViewSet, basename="instrument")
router.register("verifications", views.VerificationRecordViewSet, basename="verification")
router.register("certificates", views.CertificateViewSet, basename="certificate")

urlpatterns = [
    path("figures/inspection-rate/", views.inspection_rate, name="figure-inspection-rate"),
    path("traceability/check/", traceability.check, name="traceability-check"),
    path("traceability/impact/", traceability.impact, name="traceability-impact"),
    path("traceability/coverage/", traceability.coverage, name="traceability-coverage"),
    *router.urls,
]
