"""The scheduled jobs: due times from the crontab, each fired once, missed times caught up, the worker
running them by itself, and the operations page (#17 item 4)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from jiliang.ops import scheduling
from jiliang.ops.models import ScheduledFire
from tests.instruments.factories import register

SHANGHAI = ZoneInfo("Asia/Shanghai")
REMINDERS = next(j for j in scheduling.scheduled_jobs() if j.name == "instrument-reminders")  # 00:10 daily


def at(day: str, hm: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=SHANGHAI)


def test_a_job_that_never_ran_is_due_at_its_latest_time() -> None:
    assert scheduling.latest_due(REMINDERS, now=at("2026-12-08", "03:00"), last=None) == at(
        "2026-12-08", "00:10"
    )
    assert scheduling.latest_due(REMINDERS, now=at("2026-12-08", "00:09"), last=None) == at(
        "2026-12-07", "00:10"
    )


def test_after_a_fire_nothing_is_due_until_the_next_time() -> None:
    last = at("2026-12-08", "00:10")
    assert scheduling.latest_due(REMINDERS, now=at("2026-12-08", "23:59"), last=last) is None
    assert scheduling.latest_due(REMINDERS, now=at("2026-12-09", "00:10"), last=last) == at(
        "2026-12-09", "00:10"
    )
    assert scheduling.next_due(REMINDERS, now=at("2026-12-08", "00:10")) == at("2026-12-09", "00:10")


def test_days_missed_while_no_worker_ran_are_fired_once_for_the_latest() -> None:
    last = at("2026-12-01", "00:10")
    assert scheduling.latest_due(REMINDERS, now=at("2026-12-08", "12:00"), last=last) == at(
        "2026-12-08", "00:10"
    )


@pytest.mark.django_db
def test_a_due_time_is_enqueued_once_whatever_the_number_of_workers(settings) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    now = at("2026-12-08", "03:00")
    first = scheduling.fire_due(now=now)
    second = scheduling.fire_due(now=now)  # another worker, same minute
    assert {f.job for f in first} == set(settings.JILIANG_SCHEDULE)
    assert second == []
    assert scheduling.fire(REMINDERS, scheduled_for=at("2026-12-08", "00:10")) is None
    assert DBTaskResult.objects.count() == len(settings.JILIANG_SCHEDULE)
    assert set(DBTaskResult.objects.values_list("task_path", flat=True)) == {
        spec["task"] for spec in settings.JILIANG_SCHEDULE.values()
    }


# db_worker closes the connection between tasks, as a long-running worker must: a real transaction.
def test_the_worker_raises_reminders_by_itself(reference_data, world, settings) -> None:  # type: ignore[no-untyped-def]
    """Before: nothing ran `reminders refresh`, so /instruments/reminders/ always said 暂无到期事项."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    from jiliang.instruments.models import Reminder

    overdue = register(world.jianxi_org, in_use=dt.date(2020, 1, 1))
    assert not Reminder.objects.exists()
    call_command("worker", "--once", verbosity=0)
    assert Reminder.objects.filter(instrument=overdue, kind="overdue").exists()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert ScheduledFire.objects.count() == len(settings.JILIANG_SCHEDULE)
    call_command("worker", "--once", verbosity=0)  # nothing new is due
    assert ScheduledFire.objects.count() == len(settings.JILIANG_SCHEDULE)

    from django.test import Client

    client = Client()
    client.force_login(world.bureau)
    page = client.get("/operations/jobs/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "10 0 * * *" in text
    assert "成功" in text  # the result, in Chinese
    assert text.count('class="ok"') >= 2 * len(settings.JILIANG_SCHEDULE)  # jobs table + latest runs
    client.force_login(world.county)
    assert client.get("/operations/jobs/").status_code == 403
