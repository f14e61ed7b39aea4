from django.urls import path

from jiliang.deadlines import views

app_name = "deadlines"

urlpatterns = [
    *views.HOLIDAY_YEARS.urls(),
    path("years/<int:pk>/confirm/", views.holiday_year_confirm, name="years_confirm"),
    *views.CALENDAR_DAYS.urls(),
    *views.CLOCK_RULES.urls(),
    *views.CLOCKS.urls(),
    path("clocks/<int:pk>/<slug:action>/", views.clock_action, name="clocks_action"),
    *views.CLOCK_REMINDERS.urls(),
]
