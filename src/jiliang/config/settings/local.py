"""The default: a local demo on SQLite."""

from jiliang.config.settings.base import *  # noqa: F403
