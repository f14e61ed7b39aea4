"""Columns of the net-content lists (HTML and CSV / XLSX export)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from jiliang.core.tables import Column
from jiliang.kernels.verification import rate


def _nominal(lot: Any) -> str:
    return str(lot.nominal_text)


def _campaign_rate(campaign: Any) -> str:
    value = rate(campaign.passed_count, campaign.judged_count)
    return "—" if value is None else f"{value * 100:.1f} %"


def _products(declaration: Any) -> str:
    return "; ".join(declaration.products)


LOT_COLUMNS = [
    Column("sampled_on", _("sampled on")),
    Column("product_name", _("product")),
    Column("brand", _("brand")),
    Column(_nominal, _("nominal quantity")),
    Column("producer__name", _("producer")),
    Column("region__name", _("region")),
    Column("category", _("product category")),
    Column("lot_size", _("lot size (units)")),
    Column("sampled_at", _("sampled")),
    Column("verdict", _("verdict")),
]

LOT_DETAIL_COLUMNS = [
    Column("campaign__title", _("campaign")),
    Column("producer__name", _("producer")),
    Column("producer__uscc", _("producer credit code")),
    Column("product_name", _("product")),
    Column("category", _("product category")),
    Column("brand", _("brand")),
    Column(_nominal, _("nominal quantity")),
    Column("production_lot", _("production lot / date code")),
    Column("lot_size", _("lot size (units)")),
    Column("sampled_at", _("sampled")),
    Column("market__name", _("market or shop")),
    Column("region__name", _("region")),
    Column("sampled_on", _("sampled on")),
    Column("inspectors", _("inspectors")),
    Column("campaign__inspecting_institution__name", _("inspecting institution")),
]

CAMPAIGN_COLUMNS = [
    Column("title", _("title")),
    Column("year", _("year")),
    Column("region__name", _("region")),
    Column("inspecting_institution__name", _("inspecting institution")),
    Column("start_on", _("starts on")),
    Column("end_on", _("ends on")),
    Column("status", _("status")),
    Column("lot_count", _("lots")),
    Column("judged_count", _("judged")),
    Column("passed_count", _("passed")),
    Column(_campaign_rate, _("pass rate")),
]

CAMPAIGN_DETAIL_COLUMNS = [
    *CAMPAIGN_COLUMNS[1:],
    Column("organizer", _("organizer")),
    Column("note", _("note")),
]

DECLARATION_COLUMNS = [
    Column("producer__name", _("producer")),
    Column("producer__uscc", _("producer credit code")),
    Column("number", _("declaration number")),
    Column("declared_on", _("declared on")),
    Column("status", _("status")),
    Column("ended_on", _("withdrawn / revoked on")),
    Column(_products, _("declared products")),
]

DECLARATION_DETAIL_COLUMNS = [*DECLARATION_COLUMNS, Column("note", _("note"))]
