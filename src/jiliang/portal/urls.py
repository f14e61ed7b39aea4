from django.urls import path

from jiliang.portal import views

app_name = "portal"

urlpatterns = [
    path("check/", views.certificate_check, name="certificate_lookup"),
    path("check/<str:check_code>/", views.certificate_check, name="certificate_check"),
]
