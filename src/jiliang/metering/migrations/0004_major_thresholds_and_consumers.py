"""GB 17167-2006 Table 2 ("major" sub-units and equipment) as editable data, and the sub-units and
equipment a unit declares.

The defaults are reference/domain.md §4.1, from memory and UNCONFIRMED: the equipment row (electricity
≥ 100 kW; coal or coke ≥ 40 t/a; gas ≥ 10 000 m³/a; steam or hot water ≥ 5 000 GJ/a; water ≥ 5 000 t/a;
other ≥ 2 926 GJ/a) and, of the sub-unit row, only electricity ≥ 10 kW (the rest of that row is not
reliable from memory and is left for the bureau to enter). Every row is marked unconfirmed.
"""

import django.db.models.deletion
from django.db import migrations, models

NOTE = "UNCONFIRMED (from memory, reference/domain.md §4.1)"
OTHER = ("crude_oil", "fuel_oil", "gasoline", "kerosene", "diesel", "lpg", "compressed_air", "oxygen")

# (level, energy types, threshold, unit, note)
TABLE_2 = [
    ("equipment", ("electricity",), "100", "kW", "rated power"),
    ("equipment", ("raw_coal", "washed_coal", "coke"), "40", "t/a", "coal / coke"),
    ("equipment", ("natural_gas", "oilfield_gas", "coke_oven_gas"), "10000", "m3/a", "gas"),
    ("equipment", ("steam", "heat"), "5000", "GJ/a", "steam / hot water"),
    ("equipment", ("water",), "5000", "t/a", ""),
    ("equipment", OTHER, "2926", "GJ/a", "'other' row (2 926 GJ ≈ 100 tce)"),
    ("sub_unit", ("electricity",), "10", "kW", "rated power; the rest of the sub-unit row is not known"),
]


def load(apps, schema_editor):
    Threshold = apps.get_model("metering", "MajorThreshold")
    Threshold.objects.bulk_create(
        Threshold(
            level=level,
            energy_type=energy,
            threshold=threshold,
            size_unit=unit,
            confirmed=False,
            note="; ".join(n for n in (NOTE, note) if n),
        )
        for level, energies, threshold, unit, note in TABLE_2
        for energy in energies
    )


def unload(apps, schema_editor):
    apps.get_model("metering", "MajorThreshold").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('metering', '0003_reference_tables'),
    ]

    operations = [
        migrations.CreateModel(
            name='MajorThreshold',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(choices=[('sub_unit', 'sub-unit'), ('equipment', 'equipment')], max_length=16, verbose_name='level')),
                ('energy_type', models.CharField(choices=[('electricity', 'electricity'), ('natural_gas', 'natural gas'), ('raw_coal', 'raw coal'), ('washed_coal', 'washed coal'), ('coke', 'coke'), ('crude_oil', 'crude oil'), ('fuel_oil', 'fuel oil'), ('gasoline', 'gasoline'), ('kerosene', 'kerosene'), ('diesel', 'diesel'), ('lpg', 'liquefied petroleum gas'), ('oilfield_gas', 'oilfield natural gas'), ('coke_oven_gas', 'coke-oven gas'), ('steam', 'steam'), ('heat', 'heat'), ('water', 'water'), ('compressed_air', 'compressed air'), ('oxygen', 'oxygen')], max_length=24, verbose_name='energy type')),
                ('threshold', models.DecimalField(decimal_places=3, max_digits=14, verbose_name='major from (≥)')),
                ('size_unit', models.CharField(choices=[('kW', 'kW'), ('t/a', 't/a'), ('m3/a', 'm³/a'), ('GJ/a', 'GJ/a')], max_length=8, verbose_name='unit')),
                ('confirmed', models.BooleanField(default=False, verbose_name='confirmed against the standard')),
                ('note', models.CharField(blank=True, max_length=255, verbose_name='note')),
            ],
            options={
                'verbose_name': 'major-consumer threshold',
                'verbose_name_plural': 'major-consumer thresholds',
                'ordering': ['level', 'energy_type'],
                'constraints': [models.UniqueConstraint(fields=('level', 'energy_type'), name='major_threshold_unique'), models.CheckConstraint(condition=models.Q(('threshold__gt', 0)), name='major_threshold_positive')],
            },
        ),
        migrations.CreateModel(
            name='EnergyConsumer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('level', models.CharField(choices=[('sub_unit', 'sub-unit'), ('equipment', 'equipment')], max_length=16, verbose_name='level')),
                ('name', models.CharField(max_length=128, verbose_name='sub-unit or equipment')),
                ('energy_type', models.CharField(choices=[('electricity', 'electricity'), ('natural_gas', 'natural gas'), ('raw_coal', 'raw coal'), ('washed_coal', 'washed coal'), ('coke', 'coke'), ('crude_oil', 'crude oil'), ('fuel_oil', 'fuel oil'), ('gasoline', 'gasoline'), ('kerosene', 'kerosene'), ('diesel', 'diesel'), ('lpg', 'liquefied petroleum gas'), ('oilfield_gas', 'oilfield natural gas'), ('coke_oven_gas', 'coke-oven gas'), ('steam', 'steam'), ('heat', 'heat'), ('water', 'water'), ('compressed_air', 'compressed air'), ('oxygen', 'oxygen')], max_length=24, verbose_name='energy type')),
                ('size', models.DecimalField(decimal_places=3, max_digits=16, verbose_name='size (rated power or annual consumption)')),
                ('size_unit', models.CharField(choices=[('kW', 'kW'), ('t/a', 't/a'), ('m3/a', 'm³/a'), ('GJ/a', 'GJ/a')], max_length=8, verbose_name='size unit')),
                ('active', models.BooleanField(default=True, verbose_name='in use')),
                ('note', models.CharField(blank=True, max_length=255, verbose_name='note')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='consumers', to='metering.energyunit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'sub-unit or equipment',
                'verbose_name_plural': 'sub-units and equipment',
                'ordering': ['unit', 'level', 'name', 'energy_type'],
                'constraints': [models.UniqueConstraint(fields=('unit', 'level', 'name', 'energy_type'), name='energy_consumer_unique'), models.CheckConstraint(condition=models.Q(('size__gte', 0)), name='energy_consumer_size_nonnegative')],
            },
        ),
        migrations.RunPython(load, unload),
    ]
