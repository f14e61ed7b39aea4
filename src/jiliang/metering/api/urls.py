from django.urls import path
from rest_framework.routers import DefaultRouter

from jiliang.metering.api import views

router = DefaultRouter()
router.register("metering/units", views.EnergyUnitViewSet, basename="energy-unit")
router.register("metering/meters", views.MeterViewSet, basename="meter")
router.register("metering/statements", views.MonthlyStatementViewSet, basename="monthly-statement")
router.register("metering/consumers", views.EnergyConsumerViewSet, basename="energy-consumer")
router.register("metering/major-thresholds", views.MajorThresholdViewSet, basename="major-threshold")
router.register("metering/flags", views.QualityFlagViewSet, basename="quality-flag")
router.register("metering/conflicts", views.ReadingConflictViewSet, basename="reading-conflict")
router.register("metering/dead-letters", views.DeadLetterViewSet, basename="dead-letter")
router.register("metering/broker-alerts", views.BrokerAlertViewSet, basename="broker-alert")
router.register("metering/coefficients", views.ConversionCoefficientViewSet, basename="coefficient")
router.register(
    "metering/equipping-requirements", views.EquippingRequirementViewSet, basename="equipping-requirement"
)
router.register(
    "metering/accuracy-requirements", views.AccuracyRequirementViewSet, basename="accuracy-requirement"
)

urlpatterns = [
    path("metering/readings", views.ReadingsView.as_view(), name="metering-readings"),
    path("metering/figures/", views.city_figures, name="metering-figures"),
    *router.urls,
]
