from rest_framework.routers import DefaultRouter

from jiliang.standards.api import views

router = DefaultRouter()
router.register("measurement-standards", views.MeasurementStandardViewSet, basename="measurement-standard")
router.register("approval-certificates", views.ApprovalCertificateViewSet, basename="approval-certificate")
router.register("external-references", views.ExternalReferenceViewSet, basename="external-reference")
router.register("calibration-links", views.CalibrationLinkViewSet, basename="calibration-link")
router.register("standard-checks", views.StandardCheckViewSet, basename="standard-check")

urlpatterns = router.urls
