"""Issue 15: the technical field becomes a managed list (TechnologyField).

This migration adds the list and a nullable reference beside the old text
column; 0005 fills them, 0006 drops the text and takes over its name. (Three
migrations, so that on PostgreSQL the rows written in 0005 are committed
before 0006 alters the table.)
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("achievements", "0003_merge_20261202_0548"),
    ]

    operations = [
        migrations.CreateModel(
            name="TechnologyField",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name_zh", models.CharField(max_length=64, unique=True, verbose_name="Chinese name")),
                (
                    "name_en",
                    models.CharField(
                        blank=True,
                        help_text="Shown on the English pages; without it they show the Chinese name.",
                        max_length=64,
                        verbose_name="English name",
                    ),
                ),
                (
                    "sort_order",
                    models.IntegerField(
                        default=0,
                        help_text="Lower numbers come first in lists and filters.",
                        verbose_name="sort order",
                    ),
                ),
            ],
            options={
                "verbose_name": "technology field",
                "verbose_name_plural": "technology fields",
                "ordering": ["sort_order", "name_zh"],
                "constraints": [
                    models.UniqueConstraint(
                        django.db.models.functions.text.Lower("name_en"),
                        condition=models.Q(("name_en", ""), _negated=True),
                        name="technologyfield_unique_english_name",
                        violation_error_message="Another technology field already has this English name.",
                    )
                ],
            },
        ),
        migrations.AddField(
            model_name="achievementpage",
            name="field_ref",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="achievements.technologyfield",
            ),
        ),
    ]
