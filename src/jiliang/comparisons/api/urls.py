from django.urls import path
from rest_framework.routers import DefaultRouter

from jiliang.comparisons.api import views

router = DefaultRouter()
router.register("comparisons", views.ComparisonViewSet, basename="comparison")
router.register("comparison-points", views.ComparisonPointViewSet, basename="comparison-point")
router.register("comparison-transfers", views.CustodyTransferViewSet, basename="comparison-transfer")
router.register("corrective-actions", views.CorrectiveActionViewSet, basename="corrective-action")

urlpatterns = [
    path("comparison-figures/", views.comparison_figures, name="figure-comparisons"),
    *router.urls,
]
