from django.urls import path

from jiliang.prepack import views

app_name = "prepack"

urlpatterns = [
    *views.CAMPAIGNS.urls(),
    *views.LOTS.urls(),
    path("lots/<int:pk>/measurements/", views.lot_measurements, name="lots_measurements"),
    path(
        "lots/<int:pk>/measurements/import/", views.lot_measurements_import, name="lots_measurements_import"
    ),
    path("lots/<int:pk>/judge/", views.lot_judge_preview, name="lots_judge"),
    path("lots/<int:pk>/report/", views.lot_report, name="lots_report"),
    *views.DECLARATIONS.urls(),
    path("producers/<int:pk>/", views.producer_history, name="producer_history"),
    path("figures/", views.figures_page, name="figures"),
]
