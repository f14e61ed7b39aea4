"""Choice sets of plans and evidence."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Comparator(models.TextChoices):
    GE = "ge", "≥"
    LE = "le", "≤"
    EQ = "eq", "="
    ESTABLISHED = "established", _("established")


class TargetScope(models.TextChoices):
    CITY = "city", _("the city as a whole")
    EACH_COUNTY = "each_county", _("each district and county")


class Period(models.TextChoices):
    CUMULATIVE = "cumulative", _("by the deadline")
    ANNUAL = "annual", _("every year")


class EvidenceKind(models.TextChoices):
    """Achievements that are not operational records; their metrics count confirmed items only."""

    RESEARCH_PROJECT = "research_project", _("research project")
    AWARD = "award", _("science and technology award")
    SPECIFICATION = "specification", _("technical specification, regulation or local standard drafted")
    ENERGY_LABEL_LAB = "energy_label_lab", _("energy-efficiency label testing laboratory")
    TYPE_EVALUATION_LAB = "type_evaluation_lab", _("pattern evaluation laboratory")
    INDUSTRY_TEST_CENTRE = "industry_test_centre", _("industrial metrology test centre")
    ENERGY_PLATFORM = "energy_platform", _("energy-resource metering platform")
    CITY_ENERGY_CENTRE = "city_energy_centre", _("city energy-resource metering centre")
    PUBLICITY_EVENT = "publicity_event", _("publicity event (3·15, 5·20, quality month)")
    TRAINING = "training", _("training session")


class EvidenceLevel(models.TextChoices):
    CITY = "city", _("city")
    PROVINCIAL = "provincial", _("provincial")
    NATIONAL = "national", _("national")
