"""Issue 15: the reference filled by 0005 replaces the technical field text."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("achievements", "0005_technology_fields_data"),
    ]

    operations = [
        migrations.RemoveField(model_name="achievementpage", name="field"),
        migrations.RenameField(model_name="achievementpage", old_name="field_ref", new_name="field"),
        migrations.AlterField(
            model_name="achievementpage",
            name="field",
            field=models.ForeignKey(
                help_text="Chosen from the bureau's list of technology fields.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="achievements",
                to="achievements.technologyfield",
                verbose_name="technical field",
            ),
        ),
    ]
