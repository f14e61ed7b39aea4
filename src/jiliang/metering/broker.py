"""What the MQTT broker must be set to so that no acknowledged reading is dropped, and the check of it.

Mosquitto drops QoS 1 messages for a disconnected persistent session once ``max_queued_messages`` (default
1 000) or ``max_queued_bytes`` is reached, and loses its queues on restart without ``persistence``. The
worker reads the broker's configuration file at start-up (``JILIANG_MQTT_BROKER_CONFIG``) and warns, loudly
and as a :class:`~jiliang.metering.models.BrokerAlert`, when a day of the city's readings would not fit;
while it runs it watches ``$SYS/broker/publish/messages/dropped`` and raises an alert on any rise.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: The broker's running total of messages it dropped (retained, refreshed every ``sys_interval``).
DROPPED_TOPIC = "$SYS/broker/publish/messages/dropped"
#: Mosquitto's defaults for the options that decide whether data is dropped.
DEFAULT_MAX_QUEUED_MESSAGES = 1000


@dataclass(frozen=True)
class BrokerConfig:
    """The options of a mosquitto.conf that decide whether queued messages survive."""

    max_queued_messages: int = DEFAULT_MAX_QUEUED_MESSAGES  # 0: no limit
    max_queued_bytes: int = 0  # 0: no limit
    persistence: bool = False


def broker_config_parse(text: str) -> BrokerConfig:
    """Read the options of a mosquitto.conf (the last occurrence wins, as in mosquitto).

    >>> broker_config_parse("persistence true\\nmax_queued_messages 0 # none\\n")
    BrokerConfig(max_queued_messages=0, max_queued_bytes=0, persistence=True)
    """
    values: dict[str, str] = {}
    for line in text.splitlines():
        words = line.split("#", 1)[0].split()
        if len(words) >= 2:
            values[words[0]] = words[1]
    return BrokerConfig(
        max_queued_messages=int(values.get("max_queued_messages", DEFAULT_MAX_QUEUED_MESSAGES)),
        max_queued_bytes=int(values.get("max_queued_bytes", 0)),
        persistence=values.get("persistence", "false").lower() in {"true", "1", "yes"},
    )


#: A generous size of one queued reading message (topic, JSON, broker overhead), for the bytes limit.
MESSAGE_BYTES = 400


def broker_limit_problems(config: BrokerConfig, *, daily_messages: int) -> list[str]:
    """Why this broker would drop readings while the workers are away for a day (empty when it would not).

    >>> broker_limit_problems(BrokerConfig(), daily_messages=5000)  # doctest: +NORMALIZE_WHITESPACE
    ['max_queued_messages is 1000: a day of readings (5000 messages) would not fit; the rest is dropped',
     'persistence is off: a broker restart loses every queued reading']
    """
    problems = []
    if config.max_queued_messages and config.max_queued_messages < daily_messages:
        problems.append(
            f"max_queued_messages is {config.max_queued_messages}: a day of readings ({daily_messages} "
            "messages) would not fit; the rest is dropped"
        )
    if config.max_queued_bytes and config.max_queued_bytes < daily_messages * MESSAGE_BYTES:
        problems.append(
            f"max_queued_bytes is {config.max_queued_bytes}: a day of readings (about "
            f"{daily_messages * MESSAGE_BYTES} bytes) would not fit; the rest is dropped"
        )
    if not config.persistence:
        problems.append("persistence is off: a broker restart loses every queued reading")
    return problems


def broker_config_read(path: str) -> BrokerConfig | None:
    """The configuration at ``path``, or None when there is no readable file there."""
    try:
        return broker_config_parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
