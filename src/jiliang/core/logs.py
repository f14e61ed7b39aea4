"""Structured logging: one JSON object a line, each carrying the id of the request it belongs to.

``RequestIdMiddleware`` puts the id in :data:`request_id`; :class:`RequestIdFilter` copies it onto every
record, so a 500's traceback (logged by ``django.request``) and every line before it share one id that
the client also received in the ``X-Request-ID`` header.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from contextvars import ContextVar
from typing import Any

#: The id of the request being handled in this thread / task ("-" outside a request).
request_id: ContextVar[str] = ContextVar("request_id", default="-")

#: Attributes every LogRecord has; anything else was passed with ``extra=`` and is logged as a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (the current request's id, or "-")."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """A log record as one JSON line: time, level, logger, message, request_id, the traceback if any,
    and the ``extra=`` fields. The request object Django attaches to its records is reduced to its
    method and path."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id.get()),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_"):
                continue
            if key == "request":
                entry["method"] = getattr(value, "method", None)
                entry["path"] = getattr(value, "path", None)
            elif key == "status_code":
                entry["status"] = value
            elif not key.startswith("server_time"):
                entry[key] = value if isinstance(value, str | int | float | bool | None) else repr(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
