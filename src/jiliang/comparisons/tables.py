"""Columns of the comparison lists (HTML and CSV / XLSX export)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jiliang.core.tables import Column


def _pilot(comparison: Any) -> str:
    return str(comparison.pilot_label)


ROUND_COLUMNS = [
    Column("code", _("code")),
    Column("title", _("title")),
    Column("level", _("level")),
    Column("year", _("year")),
    Column(_pilot, _("pilot laboratory")),
    Column("quantity", _("measured quantity")),
    Column("status", _("status")),
]

ROUND_DETAIL_COLUMNS = [
    Column("code", _("code")),
    Column("title", _("title")),
    Column("level", _("level")),
    Column("year", _("year")),
    Column("organizer", _("organizer")),
    Column(_pilot, _("pilot laboratory")),
    Column("quantity", _("measured quantity")),
    Column("artefact", _("travelling artefact")),
    Column("protocol", _("protocol document")),
    Column("circulation", _("circulation")),
    Column("starts_on", _("starts on")),
    Column("submission_deadline", _("results due by")),
    Column("method", _("evaluation method")),
    Column("exclude_discrepant", _("exclude discrepant results")),
    Column("status", _("status")),
]

ACTION_COLUMNS = [
    Column("participant__round__code", _("comparison")),
    Column("participant__organization__name", _("laboratory")),
    Column("participant__standard__code", _("measurement standard used")),
    Column("opened_on", _("opened on")),
    Column("status", _("status")),
    Column("closed_on", _("closed on")),
]
