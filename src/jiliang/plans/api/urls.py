from rest_framework.routers import DefaultRouter

from jiliang.plans.api import views

router = DefaultRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("evidence", views.EvidenceViewSet, basename="evidence")

urlpatterns = router.urls
