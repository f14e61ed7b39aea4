from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrepackConfig(AppConfig):
    name = "jiliang.prepack"
    label = "prepack"
    verbose_name = _("Prepackaged goods")
