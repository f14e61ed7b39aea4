"""Choice sets of the measurement-standards registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StandardLevel(models.TextChoices):
    """Who holds a standard and for whom (计量法 第六～八条; the plan's 量传溯源体系)."""

    CITY_PUBLIC = "city_public", _("city public standard")
    COUNTY_PUBLIC = "county_public", _("county public standard")
    DEPARTMENT_HIGHEST = "department_highest", _("department highest standard")
    ENTERPRISE_HIGHEST = "enterprise_highest", _("enterprise highest standard")
    AUTHORIZED = "authorized", _("authorized institution's standard")


#: The levels of 社会公用计量标准 (public standards): the plan's counts and coverage are about these.
PUBLIC_LEVELS = (StandardLevel.CITY_PUBLIC, StandardLevel.COUNTY_PUBLIC)


class StandardStatus(models.TextChoices):
    ACTIVE = "active", _("in service")
    SUSPENDED = "suspended", _("suspended")
    RETIRED = "retired", _("retired")


class AccuracyKind(models.TextChoices):
    """How a standard states its accuracy: an expanded uncertainty (used with corrections, 按"等") or a
    maximum permissible error (used at nominal value, 按"级")."""

    UNCERTAINTY = "uncertainty", _("expanded uncertainty U (k=2)")
    MPE = "mpe", _("maximum permissible error")


class ApprovalStatus(models.TextChoices):
    """The state of a 计量标准考核证书; "lapsed" is not stored: it follows from the dates."""

    VALID = "valid", _("issued")
    SUPERSEDED = "superseded", _("superseded by a renewal")
    REVOKED = "revoked", _("revoked")


class ExternalKind(models.TextChoices):
    NATIONAL_INSTITUTE = "national_institute", _("national metrology institute (NIM)")
    PROVINCIAL_INSTITUTE = "provincial_institute", _("provincial metrology institute")
    OTHER_NMI = "other_nmi", _("another national metrology institute")
    OTHER = "other", _("other calibration laboratory")


class LinkKind(models.TextChoices):
    CALIBRATION = "calibration", _("calibration")
    VERIFICATION = "verification", _("verification")


class CheckKind(models.TextChoices):
    STABILITY = "stability", _("stability check")
    REPEATABILITY = "repeatability", _("repeatability check")
