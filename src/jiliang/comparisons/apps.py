from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComparisonsConfig(AppConfig):
    name = "jiliang.comparisons"
    label = "comparisons"
    verbose_name = _("Comparisons")

    def ready(self) -> None:
        # standards sits below comparisons: the standard's page shows this app's history through a panel.
        from jiliang.comparisons.panels import STANDARD_HISTORY
        from jiliang.core.panels import panel_register
        from jiliang.standards.models import MeasurementStandard

        panel_register(MeasurementStandard, STANDARD_HISTORY)
