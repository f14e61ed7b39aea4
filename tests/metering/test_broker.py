"""The broker's configuration as jiliang ships it, the start-up check and the alerts (issue #12 item 2)."""

from __future__ import annotations

import pytest

from jiliang.metering import services
from jiliang.metering.broker import BrokerConfig, broker_config_parse, broker_limit_problems
from jiliang.metering.models import BrokerAlert
from jiliang.metering.selectors import broker_alert_list, daily_messages_expected
from tests.metering.factories import meter, unit
from tests.metering.harness import SHIPPED_CONFIG

CITY_DAY = 10_000_000  # DESIGN.md: a city's readings a day


def test_the_shipped_configuration_holds_a_day_of_the_citys_readings_on_disk() -> None:
    config = broker_config_parse(SHIPPED_CONFIG.read_text())
    assert config.persistence
    assert config.max_queued_messages == 0 or config.max_queued_messages >= CITY_DAY
    assert broker_limit_problems(config, daily_messages=CITY_DAY) == []


def test_mosquittos_defaults_are_named_as_dropping_data() -> None:
    problems = broker_limit_problems(broker_config_parse(""), daily_messages=20_000)
    assert any(p.startswith("max_queued_messages is 1000") for p in problems)
    assert any(p.startswith("persistence is off") for p in problems)


def test_a_bytes_limit_too_small_for_a_day_is_named() -> None:
    problems = broker_limit_problems(BrokerConfig(0, 1_000_000, True), daily_messages=20_000)
    assert problems == [
        "max_queued_bytes is 1000000: a day of readings (about 8000000 bytes) would not fit; "
        "the rest is dropped"
    ]


def test_the_last_occurrence_of_an_option_wins_and_comments_are_ignored() -> None:
    text = "max_queued_messages 10\n# max_queued_messages 5\nmax_queued_messages 2000 # raised\n"
    assert broker_config_parse(text).max_queued_messages == 2000


@pytest.mark.django_db
def test_a_day_of_messages_is_counted_from_the_active_meters_in_one_query(
    django_assert_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    u = unit()
    meter(u, "E1", interval_minutes=15)
    meter(u, "E2", interval_minutes=60)
    meter(u, "E3", interval_minutes=5, active=False)
    with django_assert_num_queries(1):
        assert daily_messages_expected() == 96 + 24


@pytest.mark.django_db
def test_a_drop_is_recorded_once_whichever_worker_sees_it_and_only_the_bureau_sees_it(world) -> None:  # type: ignore[no-untyped-def]
    first = services.broker_alert_raise(kind="dropped", broker="b:1884", detail="x", worker="w1", dropped=200)
    again = services.broker_alert_raise(kind="dropped", broker="b:1884", detail="x", worker="w2", dropped=200)
    more = services.broker_alert_raise(kind="dropped", broker="b:1884", detail="y", worker="w2", dropped=250)
    assert first is not None
    assert again is None
    assert more is not None
    assert BrokerAlert.objects.count() == 2
    assert broker_alert_list(user=world.bureau).count() == 2
    assert not broker_alert_list(user=world.county).exists()
    assert not broker_alert_list(user=world.enterprise).exists()


@pytest.mark.django_db
def test_the_bureau_sees_broker_alerts_on_the_metering_page_the_list_and_the_api(client, world) -> None:  # type: ignore[no-untyped-def]
    services.broker_alert_raise(
        kind="dropped", broker="127.0.0.1:1884", detail="the broker dropped messages", dropped=7
    )
    client.force_login(world.bureau)
    assert 'id="broker-alerts"' in client.get("/metering/").content.decode()
    assert "127.0.0.1:1884" in client.get("/metering/broker-alerts/").content.decode()
    answer = client.get("/api/v1/metering/broker-alerts/").json()
    assert [(a["kind"], a["dropped"]) for a in answer["results"]] == [("dropped", 7)]
    client.force_login(world.county)
    assert 'id="broker-alerts"' not in client.get("/metering/").content.decode()
    assert client.get("/api/v1/metering/broker-alerts/").json()["results"] == []
