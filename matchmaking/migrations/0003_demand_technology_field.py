"""Issue 15: a demand's technical field becomes an entry of the achievements'
managed list; this adds the reference beside the text (0004 fills it, 0005
replaces the text with it)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matchmaking", "0002_demandindexpage_intro_en_demandindexpage_title_en"),
        ("achievements", "0006_technology_fields_switch"),
    ]

    operations = [
        migrations.AddField(
            model_name="demandpage",
            name="field_ref",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="achievements.technologyfield",
            ),
        ),
    ]
