"""Seed the holiday calendar from chinese-calendar (the years it holds) and the statutory clock rules."""

from django.db import migrations


def seed(apps, schema_editor):
    from jiliang.deadlines.seeding import clock_rules_seed, holiday_calendar_seed

    holiday_calendar_seed(
        year_model=apps.get_model("deadlines", "HolidayYear"), day_model=apps.get_model("deadlines", "CalendarDay")
    )
    clock_rules_seed(rule_model=apps.get_model("deadlines", "ClockRule"))


def unseed(apps, schema_editor):
    from jiliang.deadlines.seeding import CLOCK_RULES

    apps.get_model("deadlines", "ClockRule").objects.filter(code__in=[r[0] for r in CLOCK_RULES]).delete()
    HolidayYear = apps.get_model("deadlines", "HolidayYear")
    seeded = HolidayYear.objects.filter(source__startswith="chinese-calendar", confirmed_by__isnull=True)
    apps.get_model("deadlines", "CalendarDay").objects.filter(year__in=seeded).delete()
    seeded.delete()


class Migration(migrations.Migration):
    dependencies = [("deadlines", "0001_calendar_and_clocks")]

    operations = [migrations.RunPython(seed, unseed)]
