"""The app's first migration: the topics' migrations (inspections, cases) depend on it."""

from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = [("registry", "__first__"), ("deadlines", "__first__")]
    operations: list[migrations.operations.base.Operation] = []
