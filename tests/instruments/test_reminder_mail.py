"""The weekly reminder digest by e-mail (#17 item 4): to the owner's users, counts and a link, in Chinese."""

from __future__ import annotations

import datetime as dt

from django.core import mail

from jiliang.instruments import services
from jiliang.instruments.tasks import mail_reminders
from tests.instruments.factories import register
from tests.registry.factories import UserFactory


def test_owners_with_reminders_get_one_mail_per_user(world, settings) -> None:  # type: ignore[no-untyped-def]
    settings.JILIANG_SITE_URL = "https://jiliang.example.cn"
    world.enterprise.email = "clerk@example.cn"
    world.enterprise.save()
    UserFactory(username="no-address", role="enterprise", organization=world.jianxi_org, email="")
    UserFactory(
        username="left", role="enterprise", organization=world.jianxi_org, email="x@e.cn", is_active=False
    )
    world.other_enterprise.email = "other@example.cn"  # its organization has nothing due
    world.other_enterprise.save()
    register(world.jianxi_org, in_use=dt.date(2020, 1, 1))
    register(world.jianxi_org, in_use=dt.date(2021, 1, 1))
    services.reminders_refresh(today=dt.date(2025, 1, 1))

    assert mail_reminders.enqueue(today="2025-01-06").return_value == 1
    (message,) = mail.outbox
    assert message.to == ["clerk@example.cn"]
    assert world.jianxi_org.name in message.subject
    assert "2 台" in message.body  # two overdue, counted and written in Chinese
    assert "https://jiliang.example.cn/instruments/reminders/" in message.body
    assert "SN" not in message.body  # the mail lists no instrument


def test_no_reminders_no_mail(world) -> None:  # type: ignore[no-untyped-def]
    world.enterprise.email = "clerk@example.cn"
    world.enterprise.save()
    assert mail_reminders.enqueue(today="2025-01-06").return_value == 0
    assert mail.outbox == []
