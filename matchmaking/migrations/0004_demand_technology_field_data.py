"""Issue 15: every demand — its row and every stored revision — pointed at the
TechnologyField of its text, found or created by its Chinese name exactly as
achievements.0005 did for achievements (its ``convert`` is reused)."""

import importlib

from django.db import migrations

fields_data = importlib.import_module("achievements.migrations.0005_technology_fields_data")


def forward(apps, schema_editor):
    fields_data.convert(apps, "matchmaking", "demandpage", "field", "field_ref")


def backward(apps, schema_editor):
    fields_data.restore(apps, "matchmaking", "demandpage", "field", "field_ref")


class Migration(migrations.Migration):
    dependencies = [
        ("matchmaking", "0003_demand_technology_field"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forward, backward)]
