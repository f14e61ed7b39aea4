"""Choice sets of energy-resource metering."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from jiliang.kernels import energy


class ListMembership(models.TextChoices):
    """Which list of key energy-using units (重点用能单位) a unit is on."""

    NATIONAL = "national", _("national key list (10 000 enterprises)")
    PROVINCIAL = "provincial", _("provincial key list")
    CITY = "city", _("city key list")


class EnergyType(models.TextChoices):
    ELECTRICITY = "electricity", _("electricity")
    NATURAL_GAS = "natural_gas", _("natural gas")
    RAW_COAL = "raw_coal", _("raw coal")
    WASHED_COAL = "washed_coal", _("washed coal")
    COKE = "coke", _("coke")
    CRUDE_OIL = "crude_oil", _("crude oil")
    FUEL_OIL = "fuel_oil", _("fuel oil")
    GASOLINE = "gasoline", _("gasoline")
    KEROSENE = "kerosene", _("kerosene")
    DIESEL = "diesel", _("diesel")
    LPG = "lpg", _("liquefied petroleum gas")
    OILFIELD_GAS = "oilfield_gas", _("oilfield natural gas")
    COKE_OVEN_GAS = "coke_oven_gas", _("coke-oven gas")
    STEAM = "steam", _("steam")
    HEAT = "heat", _("heat")
    WATER = "water", _("water")
    COMPRESSED_AIR = "compressed_air", _("compressed air")
    OXYGEN = "oxygen", _("oxygen")


class MeterLevel(models.TextChoices):
    """GB 17167-2006 §4.3: the three levels at which energy is metered."""

    UNIT = "unit", _("entering / leaving the unit")
    SUB_UNIT = "sub_unit", _("major sub-unit")
    EQUIPMENT = "equipment", _("major equipment")


class ConsumerLevel(models.TextChoices):
    """The two GB 17167-2006 levels whose "major" members Table 2 decides."""

    SUB_UNIT = MeterLevel.SUB_UNIT.value, _("sub-unit")
    EQUIPMENT = MeterLevel.EQUIPMENT.value, _("equipment")


class ThresholdUnit(models.TextChoices):
    """Units of GB 17167-2006 Table 2: rated power, or consumption per year."""

    KW = "kW", "kW"
    T_PER_YEAR = "t/a", "t/a"
    M3_PER_YEAR = "m3/a", "m³/a"
    GJ_PER_YEAR = "GJ/a", "GJ/a"


class ReadingKind(models.TextChoices):
    CUMULATIVE = energy.CUMULATIVE, _("cumulative register")
    INTERVAL = energy.INTERVAL, _("interval value")


class UnitOfMeasure(models.TextChoices):
    KWH = "kWh", "kWh"
    MWH = "MWh", "MWh"
    MJ = "MJ", "MJ"
    GJ = "GJ", "GJ"
    KG = "kg", "kg"
    T = "t", "t"
    M3 = "m3", "m³"
    TEN_THOUSAND_M3 = "10^4 m3", _("10⁴ m³")


class ReadingSource(models.TextChoices):
    HTTP = "http", "HTTP"
    MQTT = "mqtt", "MQTT"
    SEED = "seed", _("demo data")


class FlagKind(models.TextChoices):
    GAP = energy.GAP, _("gap")
    ROLLOVER = energy.NEGATIVE_ROLLOVER, _("register rollover")
    REPLACEMENT = energy.NEGATIVE_REPLACEMENT, _("meter replaced or reset")
    SPIKE = energy.SPIKE, _("spike above the physical maximum")
    FLAT = energy.FLAT, _("flat line")
    FUTURE = energy.FUTURE, _("timestamp in the future")
    UNVERIFIED = "unverified", _("meter verification expired")
    CONFLICT = "conflict", _("repeated with a different value")


class FlagStatus(models.TextChoices):
    OPEN = "open", _("open")
    CONFIRMED = "confirmed", _("confirmed fault")
    DISMISSED = "dismissed", _("dismissed")
    CORRECTED = "corrected", _("corrected")


class Basis(models.TextChoices):
    """How electricity (and heat) is converted to standard coal (GB/T 2589 §3)."""

    EQUIVALENT = energy.EQUIVALENT, _("equivalent value (当量值)")
    EQUAL = energy.EQUAL, _("equal value (等价值)")


class BrokerAlertKind(models.TextChoices):
    DROPPED = "dropped", _("the broker dropped messages")
    LIMITS = "limits", _("the broker's limits would drop readings")
    UNCHECKED = "unchecked", _("the broker's limits could not be checked")
