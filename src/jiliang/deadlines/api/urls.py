from rest_framework.routers import DefaultRouter

from jiliang.deadlines.api import views

router = DefaultRouter()
router.register("holiday-years", views.HolidayYearViewSet, basename="holiday-year")
router.register("calendar-days", views.CalendarDayViewSet, basename="calendar-day")
router.register("clock-rules", views.ClockRuleViewSet, basename="clock-rule")
router.register("clocks", views.ClockViewSet, basename="clock")
router.register("clock-reminders", views.ClockReminderViewSet, basename="clock-reminder")

urlpatterns = router.urls
