from rest_framework.routers import DefaultRouter

from jiliang.registry.api import views

router = DefaultRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("people", views.PersonViewSet, basename="person")
router.register("qualifications", views.QualificationViewSet, basename="qualification")
router.register("experts", views.ExpertViewSet, basename="expert")
router.register(
    "institute-authorizations", views.InstituteAuthorizationViewSet, basename="institute-authorization"
)

urlpatterns = router.urls
