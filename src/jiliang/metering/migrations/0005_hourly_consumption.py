"""Stored hourly consumption per meter, maintained by the ingest path; the daily aggregate becomes the sum
of a day's hours. Readings stored before this migration are folded in once (hourly, daily and the
automatic flags, by the same code the ingest path runs); reversing drops the table and keeps the daily
aggregate as it stands."""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    Reading = apps.get_model("metering", "Reading")
    if not Reading.objects.using(schema_editor.connection.alias).exists():
        return  # a fresh database: nothing to fold in, and no dependence on today's code
    from jiliang.metering.aggregates import aggregates_rebuild

    aggregates_rebuild()


class Migration(migrations.Migration):

    dependencies = [
        ('metering', '0004_major_thresholds_and_consumers'),
    ]

    operations = [
        migrations.CreateModel(
            name='HourlyConsumption',
            fields=[
                ('pk', models.CompositePrimaryKey('meter', 'hour', blank=True, editable=False, primary_key=True, serialize=False)),
                ('hour', models.DateTimeField(verbose_name='hour')),
                ('day', models.DateField(verbose_name='day')),
                ('consumption', models.FloatField(verbose_name='consumption')),
                ('readings', models.PositiveIntegerField(verbose_name='readings received')),
                ('meter', models.ForeignKey(db_constraint=False, db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='hourly', to='metering.meter', verbose_name='meter')),
            ],
            options={
                'verbose_name': 'hourly consumption',
                'verbose_name_plural': 'hourly consumption',
                'ordering': ['meter', 'hour'],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
