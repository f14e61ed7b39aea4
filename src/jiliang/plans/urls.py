from django.urls import path

from jiliang.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("<int:pk>/", views.dashboard, name="plan_dashboard"),
    path("<int:pk>/report/", views.assessment, name="assessment"),
    path("targets/<int:pk>/", views.target_detail, name="target_detail"),
    *views.EVIDENCE.urls(),
    path("evidence/<int:pk>/confirm/", views.evidence_confirm, name="evidence_confirm"),
]
