"""Reference data: the catalogue of instruments under mandatory administration (data/catalogue-2020-42.yaml)."""

import datetime as dt
from pathlib import Path

import yaml
from django.db import migrations

FILE = Path(__file__).resolve().parent.parent / "data" / "catalogue-2020-42.yaml"


def load(apps, schema_editor):
    InstrumentType = apps.get_model("registry", "InstrumentType")
    doc = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    valid_from = doc["valid_from"]
    if isinstance(valid_from, str):
        valid_from = dt.date.fromisoformat(valid_from)
    InstrumentType.objects.bulk_create(
        InstrumentType(edition=doc["edition"], valid_from=valid_from, **entry) for entry in doc["entries"]
    )


def unload(apps, schema_editor):
    doc = yaml.safe_load(FILE.read_text(encoding="utf-8"))
    apps.get_model("registry", "InstrumentType").objects.filter(edition=doc["edition"]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_luoyang_regions_and_disciplines")]
    operations = [migrations.RunPython(load, unload)]
