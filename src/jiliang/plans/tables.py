from django.utils.translation import gettext_lazy as _

from jiliang.core.tables import Column

EVIDENCE_COLUMNS = [
    Column("title", _("title")),
    Column("kind", _("kind")),
    Column("level", _("level")),
    Column("achieved_on", _("date")),
    Column("region__name", _("region")),
    Column("organization__name", _("organization")),
    Column("confirmed_at", _("confirmed at")),
]
