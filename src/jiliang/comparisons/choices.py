"""Choice sets of inter-laboratory comparisons (计量比对)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """Who organizes the comparison: the plan counts provincial rounds joined and city rounds organized."""

    NATIONAL = "national", _("national")
    PROVINCIAL = "provincial", _("provincial")
    CITY = "city", _("city")


class Circulation(models.TextChoices):
    """How the travelling artefact moves: back to the pilot after each laboratory, or lab to lab."""

    STAR = "star", _("star (back to the pilot after each laboratory)")
    RING = "ring", _("ring (from laboratory to laboratory)")


class RoundStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    OPEN = "open", _("open for results")
    CLOSED = "closed", _("submission closed")
    EVALUATED = "evaluated", _("evaluated")


class Method(models.TextChoices):
    """The reference-value methods of ``kernels.comparison`` (same keys as the CLI's ``--method``)."""

    ASSIGNED = "assigned", _("value assigned by the pilot laboratory")
    WEIGHTED_MEAN = "weighted-mean", _("weighted mean (Cox 2002, procedure A)")
    MEAN = "mean", _("arithmetic mean")
    MEDIAN = "median", _("median")
    ALGORITHM_A = "algorithm-a", _("robust mean (ISO 13528 Algorithm A)")


class Outcome(models.TextChoices):
    SATISFACTORY = "satisfactory", _("satisfactory")
    QUESTIONABLE = "questionable", _("questionable")
    UNSATISFACTORY = "unsatisfactory", _("unsatisfactory")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")
