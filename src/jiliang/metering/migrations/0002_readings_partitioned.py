"""The readings table: on PostgreSQL partitioned by month of ``ts`` (the ingest path creates each month's
partition before writing into it); on SQLite a plain table. Same columns and primary key on both."""

import django.db.models.deletion
from django.db import migrations, models

PARTITIONED = """
CREATE TABLE metering_reading (
    meter_id bigint NOT NULL REFERENCES metering_meter (id) DEFERRABLE INITIALLY DEFERRED,
    ts timestamp with time zone NOT NULL,
    value double precision NOT NULL,
    received_at timestamp with time zone NOT NULL,
    source varchar(8) NOT NULL,
    batch_id bigint NULL,
    PRIMARY KEY (meter_id, ts)
) PARTITION BY RANGE (ts)
"""


def create_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PARTITIONED)
    else:
        schema_editor.create_model(apps.get_model("metering", "Reading"))


def drop_table(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TABLE metering_reading")
    else:
        schema_editor.delete_model(apps.get_model("metering", "Reading"))


class Migration(migrations.Migration):
    dependencies = [("metering", "0001_units_meters_readings")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Reading',
                    fields=[
                        ('pk', models.CompositePrimaryKey('meter', 'ts', blank=True, editable=False, primary_key=True, serialize=False)),
                        ('ts', models.DateTimeField(verbose_name='time')),
                        ('value', models.FloatField(verbose_name='value')),
                        ('received_at', models.DateTimeField(verbose_name='received at')),
                        ('source', models.CharField(choices=[('http', 'HTTP'), ('mqtt', 'MQTT'), ('seed', 'demo data')], max_length=8, verbose_name='source')),
                        ('batch', models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='metering.ingestbatch')),
                        ('meter', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='readings', to='metering.meter')),
                    ],
                    options={
                        'verbose_name': 'reading',
                        'verbose_name_plural': 'readings',
                        'ordering': ['meter', 'ts'],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(create_table, drop_table),
    ]
