"""Names Wagtail's data migrations left in English, seen in the Chinese admin:
the site record's name (the admin falls back to the host name, "localhost",
when it is empty), the root page's title ("Root", in the bureau's
breadcrumbs) and the default task "Moderators approval" (the workflow
reports list it)."""

from django.db import migrations

SITE_NAME = "荣成市孵化器服务网络"


NAMES = [
    ("wagtailcore.Page", "title", "Root", "全站"),
    ("wagtailcore.Page", "draft_title", "Root", "全站"),
    ("wagtailcore.Task", "name", "Moderators approval", "审核员审批"),
    ("wagtailcore.Workflow", "name", "Moderators approval", "审核员审批"),
]


def name_site(apps, schema_editor):
    apps.get_model("wagtailcore.Site").objects.filter(site_name="").update(site_name=SITE_NAME)
    for model, field, english, chinese in NAMES:
        apps.get_model(model).objects.filter(**{field: english}).update(**{field: chinese})


def unname_site(apps, schema_editor):
    apps.get_model("wagtailcore.Site").objects.filter(site_name=SITE_NAME).update(site_name="")
    for model, field, english, chinese in NAMES:
        apps.get_model(model).objects.filter(**{field: chinese}).update(**{field: english})


class Migration(migrations.Migration):
    dependencies = [("home", "0003_index_pages"), ("wagtailcore", "0048_add_default_workflows")]

    operations = [migrations.RunPython(name_site, unname_site)]
