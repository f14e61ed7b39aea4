from django.urls import path
from rest_framework.routers import DefaultRouter

from jiliang.prepack.api import views

router = DefaultRouter()
router.register("prepack-campaigns", views.CampaignViewSet, basename="prepack-campaign")
router.register("prepack-lots", views.LotViewSet, basename="prepack-lot")
router.register(
    "capability-declarations", views.CapabilityDeclarationViewSet, basename="capability-declaration"
)

urlpatterns = [
    path("prepack-figures/pass-rate/", views.pass_rate, name="figure-prepack-pass-rate"),
    *router.urls,
]
