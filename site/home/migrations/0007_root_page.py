"""The tree's root becomes a RootPage, so the admin names it in the user's
language (All pages / 全站) instead of its stored Chinese title.

Wagtail's own migration made the root a plain Page; this adds the RootPage
row for that same page (same id, path and title, nothing else moves) and
switches its content type. Reversed, the content type goes back to
wagtailcore.Page before the table is dropped."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def make_root_specific(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    RootPage = apps.get_model("home.RootPage")
    plain = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    if plain is None:
        return
    root_type, _created = ContentType.objects.get_or_create(app_label="home", model="rootpage")
    for root_id in Page.objects.filter(depth=1, content_type=plain).values_list("pk", flat=True):
        # Only the child table's row: raw=True saves no parent (the page exists).
        RootPage(page_ptr_id=root_id).save_base(raw=True)
        Page.objects.filter(pk=root_id).update(content_type=root_type)


def make_root_plain(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    plain, _created = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    Page.objects.filter(depth=1, content_type__app_label="home", content_type__model="rootpage").update(
        content_type=plain
    )


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("home", "0006_merge_20261202_0548"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.CreateModel(
            name="RootPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "root of the page tree",
                "verbose_name_plural": "roots of the page tree",
            },
            bases=("wagtailcore.page",),
        ),
        migrations.RunPython(make_root_specific, make_root_plain),
    ]
