from django.urls import path

from jiliang.comparisons import views

app_name = "comparisons"


urlpatterns = [
    *views.ACTIONS.urls(),
    path("actions/<int:pk>/close/", views.action_close, name="actions_close"),
    path("points/<int:pk>/edit/", views.point_edit, name="points_edit"),
    path("participants/<int:pk>/standard/", views.participant_standard, name="participants_standard"),
    path("transfers/<int:pk>/", views.custody_record, name="transfers_record"),
    path("<int:pk>/points/add/", views.point_add, name="points_add"),
    path("<int:pk>/participants/add/", views.participant_add, name="participants_add"),
    path("<int:pk>/schedule/", views.schedule_build, name="schedule"),
    path("<int:pk>/open/", views.round_open, name="open"),
    path("<int:pk>/close/", views.round_close, name="close"),
    path("<int:pk>/evaluate/", views.round_evaluate, name="evaluate"),
    path("<int:pk>/submit/", views.submission, name="submit"),
    path("<int:pk>/report/", views.report_page, name="report"),
    path("<int:pk>/protocol/", views.protocol_download, name="protocol"),
    *views.ROUNDS.urls(),
]
