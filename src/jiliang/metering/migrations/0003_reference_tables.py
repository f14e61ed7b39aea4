"""Reference data: GB/T 2589-2008 coefficients and GB 17167-2006 Tables 1 and 3 (reference/domain.md §4).

Table 1 is UNCONFIRMED against the standard text (corroborated by a third-party implementation; the 原油
equipment cell is from memory); Table 3 is from memory and UNCONFIRMED throughout; the coefficients of
Appendix A are confirmed for the 2008 edition, Appendix B's and electricity's 等价值 are not. Every row
carries its mark, and all of them stay editable.
"""

from django.db import migrations

EDITION = "GB/T 2589-2008"

# (energy types of the row, unit, sub-unit, equipment, note)
TABLE_1 = [
    (("electricity",), 100, 100, 95, ""),
    (("raw_coal", "washed_coal", "coke"), 100, 100, 90, ""),
    (("gasoline", "diesel", "kerosene"), 100, 100, 95, ""),
    (("fuel_oil",), 100, 100, 90, "heavy / residual oil row"),
    (("crude_oil",), 100, 100, 90, "equipment cell from memory"),
    (("natural_gas", "lpg", "oilfield_gas"), 100, 100, 90, ""),
    (("coke_oven_gas",), 100, 90, 80, "coal-gas row"),
    (("steam", "heat"), 100, 80, 70, "working-medium steam row; heat follows it"),
    (("water",), 100, 95, 80, ""),
]
LEVELS = ("unit", "sub_unit", "equipment")

# Table 3 for meters entering / leaving the unit (energy types → requirement, note).
TABLE_3 = [
    (("electricity",), "0.5S", "AC active energy, user class II (I: 0.2S; III: 1.0; IV, V: 2.0)"),
    (("raw_coal", "washed_coal", "coke"), "±0.5 %", "dynamic scale (static scale ±0.1 %)"),
    (("gasoline", "diesel", "kerosene"), "±0.5 %", "refined-oil flowmeter"),
    (("fuel_oil", "crude_oil"), "±1.0 %", "heavy / residual oil flowmeter"),
    (("natural_gas", "lpg", "oilfield_gas", "coke_oven_gas"), "±2.0 %", "gas flowmeter"),
    (("steam", "heat"), "±2.5 %", "steam flowmeter"),
    (("water",), "±2.5 %", "water flowmeter, pipe ≤ 250 mm (> 250 mm: ±1.5 %)"),
]

# Appendix A / B coefficients (the same values as jiliang.kernels.energy.COEFFICIENTS_GBT2589_2008).
COEFFICIENTS = [
    ("raw_coal", "equivalent", "kg", "0.7143", True, ""),
    ("washed_coal", "equivalent", "kg", "0.9000", True, ""),
    ("coke", "equivalent", "kg", "0.9714", True, ""),
    ("crude_oil", "equivalent", "kg", "1.4286", True, ""),
    ("fuel_oil", "equivalent", "kg", "1.4286", True, ""),
    ("gasoline", "equivalent", "kg", "1.4714", True, ""),
    ("kerosene", "equivalent", "kg", "1.4714", True, ""),
    ("diesel", "equivalent", "kg", "1.4571", True, ""),
    ("lpg", "equivalent", "kg", "1.7143", True, ""),
    ("natural_gas", "equivalent", "m3", "1.2143", True, "gas-field natural gas"),
    ("oilfield_gas", "equivalent", "m3", "1.3300", True, ""),
    ("coke_oven_gas", "equivalent", "m3", "0.5714", True, "lower end of 0.5714–0.6143"),
    ("electricity", "equivalent", "kWh", "0.1229", True, ""),
    ("electricity", "equal", "kWh", "0.404", False, "statistics practice 4.04 tce per 10⁴ kWh; varies by year"),
    ("heat", "equivalent", "MJ", "0.0341", True, ""),
    ("steam", "equivalent", "MJ", "0.0341", False, "by heat content, as heat"),
    ("water", "equivalent", "t", "0.2571", False, "2008 Appendix B; revised in 2020"),
    ("compressed_air", "equivalent", "m3", "0.0400", False, "2008 Appendix B"),
    ("oxygen", "equivalent", "m3", "0.4000", False, "2008 Appendix B"),
]

TABLE_1_NOTE = "UNCONFIRMED against the standard text"


def load(apps, schema_editor):
    Coefficient = apps.get_model("metering", "ConversionCoefficient")
    Equipping = apps.get_model("metering", "EquippingRequirement")
    Accuracy = apps.get_model("metering", "AccuracyRequirement")
    Coefficient.objects.bulk_create(
        Coefficient(
            edition=EDITION,
            energy_type=energy,
            basis=basis,
            unit_of_measure=unit,
            kgce=kgce,
            confirmed=confirmed,
            in_force=True,
            note=note,
        )
        for energy, basis, unit, kgce, confirmed, note in COEFFICIENTS
    )
    Equipping.objects.bulk_create(
        Equipping(
            energy_type=energy,
            level=level,
            rate=rate,
            confirmed=False,
            note="; ".join(n for n in (TABLE_1_NOTE, note) if n),
        )
        for energies, *rates, note in TABLE_1
        for energy in energies
        for level, rate in zip(LEVELS, rates, strict=True)
    )
    Accuracy.objects.bulk_create(
        Accuracy(energy_type=energy, level="unit", requirement=requirement, confirmed=False, note=note)
        for energies, requirement, note in TABLE_3
        for energy in energies
    )


def unload(apps, schema_editor):
    for name in ("ConversionCoefficient", "EquippingRequirement", "AccuracyRequirement"):
        apps.get_model("metering", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("metering", "0002_readings_partitioned")]

    operations = [migrations.RunPython(load, unload)]
