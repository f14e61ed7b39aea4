"""Choice sets of the registry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    PROVINCE = "province", _("province")
    CITY = "city", _("prefecture-level city")
    DISTRICT = "district", _("district")
    COUNTY = "county", _("county")
    COUNTY_CITY = "county_city", _("county-level city")


class OrganizationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("enterprise")
    LEGAL_INSTITUTE = "legal_institute", _("legal metrology institution")
    AUTHORIZED_INSTITUTE = "authorized_institute", _("authorized metrology institution")
    GOVERNMENT = "government", _("government body")
    HOSPITAL = "hospital", _("hospital")
    MARKET = "market", _("market")
    FUEL_STATION = "fuel_station", _("fuel station")
    TAXI_COMPANY = "taxi_company", _("taxi company")
    UTILITY = "utility", _("utility (water, gas, power, heat)")
    ENVIRONMENTAL_MONITOR = "environmental_monitor", _("environmental monitoring station")
    SCHOOL = "school", _("school or university")
    INDIVIDUAL_BUSINESS = "individual_business", _("individual business")
    OTHER = "other", _("other")


#: Kinds whose staff verify instruments and hold standards (institute role).
INSTITUTE_KINDS = (OrganizationKind.LEGAL_INSTITUTE, OrganizationKind.AUTHORIZED_INSTITUTE)


class Industry(models.TextChoices):
    """GB/T 4754-2017 sections (门类)."""

    A = "A", _("A agriculture, forestry, animal husbandry and fishery")
    B = "B", _("B mining")
    C = "C", _("C manufacturing")
    D = "D", _("D electricity, heat, gas and water supply")
    E = "E", _("E construction")
    F = "F", _("F wholesale and retail")
    G = "G", _("G transport, storage and post")
    H = "H", _("H accommodation and catering")
    I = "I", _("I information technology services")  # noqa: E741
    J = "J", _("J finance")
    K = "K", _("K real estate")
    L = "L", _("L leasing and business services")
    M = "M", _("M scientific research and technical services")
    N = "N", _("N water conservancy, environment and public facilities")
    O = "O", _("O residential and other services")  # noqa: E741
    P = "P", _("P education")
    Q = "Q", _("Q health and social work")
    R = "R", _("R culture, sports and entertainment")
    S = "S", _("S public administration and social organizations")


class DisciplineCode(models.TextChoices):
    """The ten metrology disciplines (十大计量); the Discipline table holds one row of each."""

    LENGTH = "length", _("length")
    THERMAL = "thermal", _("thermal")
    MECHANICS = "mechanics", _("mechanics")
    ELECTROMAGNETISM = "electromagnetism", _("electromagnetism")
    RADIO = "radio", _("radio")
    TIME_FREQUENCY = "time_frequency", _("time and frequency")
    ACOUSTICS = "acoustics", _("acoustics")
    OPTICS = "optics", _("optics")
    IONIZING_RADIATION = "ionizing_radiation", _("ionizing radiation")
    PHYSICAL_CHEMISTRY = "physical_chemistry", _("physical chemistry")


class VerificationRegime(models.TextChoices):
    PERIODIC = "periodic", _("periodic verification")
    FIRST_ONLY_LIMITED_LIFE = "first_only_limited_life", _("first verification only, limited service life")
    FIRST_ONLY_SCRAP = "first_only_scrap", _("first verification only, scrapped when inaccurate")


class UseDomain(models.TextChoices):
    """The four uses of 计量法 第九条 that make a catalogued instrument mandatory."""

    TRADE_SETTLEMENT = "trade_settlement", _("trade settlement")
    SAFETY_PROTECTION = "safety_protection", _("safety protection")
    MEDICAL_HEALTH = "medical_health", _("medical and health")
    ENVIRONMENTAL_MONITORING = "environmental_monitoring", _("environmental monitoring")


class AuthorizationStatus(models.TextChoices):
    """Where an institute's authorization (授权) stands; only an active one within its dates is in force."""

    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    REVOKED = "revoked", _("revoked")
