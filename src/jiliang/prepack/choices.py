"""Choice sets of the net-content inspections of prepackaged goods."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    CLOSED = "closed", _("closed")


class ProductCategory(models.TextChoices):
    """The product groups the pass rate is broken down by."""

    GRAIN_OIL = "grain_oil", _("grain and edible oil")
    MEAT = "meat", _("meat products")
    DAIRY = "dairy", _("dairy products")
    BEVERAGES = "beverages", _("beverages and liquor")
    SNACKS = "snacks", _("snacks and bakery")
    CONDIMENTS = "condiments", _("condiments")
    DAILY_CHEMICALS = "daily_chemicals", _("daily chemicals")
    BUILDING_MATERIALS = "building_materials", _("building materials")
    OTHER = "other", _("other")


class QuantityUnit(models.TextChoices):
    """The units of a nominal quantity: the canonical spellings of ``kernels.prepack.canonical_unit``."""

    G = "g", "g"
    KG = "kg", "kg"
    ML = "mL", "mL"
    L = "L", "L"
    M = "m", "m"
    CM = "cm", "cm"
    MM = "mm", "mm"
    M2 = "m2", "m²"
    COUNT = "count", _("count (pieces)")


class SamplingPlace(models.TextChoices):
    PRODUCER = "producer", _("at the producer")
    MARKET = "market", _("on the market")


class TareMode(models.TextChoices):
    """How the measured values become actual contents (JJF 1070-2005 §5.4.5; OIML R 87 Annex B)."""

    NONE = "none", _("net contents measured directly")
    AVERAGE = "average", _("gross weights minus the average tare")
    INDIVIDUAL = "individual", _("gross weights minus each package's own tare")


class Verdict(models.TextChoices):
    PENDING = "pending", _("not judged yet")
    PASS = "pass", _("pass")
    FAIL = "fail", _("fail")


class DeclarationStatus(models.TextChoices):
    VALID = "valid", _("in force")
    WITHDRAWN = "withdrawn", _("withdrawn")
    REVOKED = "revoked", _("revoked")
