"""Issue 15: the reference filled by 0004 replaces the demand's field text."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matchmaking", "0004_demand_technology_field_data"),
    ]

    operations = [
        migrations.RemoveField(model_name="demandpage", name="field"),
        migrations.RenameField(model_name="demandpage", old_name="field_ref", new_name="field"),
        migrations.AlterField(
            model_name="demandpage",
            name="field",
            field=models.ForeignKey(
                help_text="Chosen from the bureau's list of technology fields.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="demands",
                to="achievements.technologyfield",
                verbose_name="technical field",
            ),
        ),
    ]
