"""The three public lists under the home page — incubators, the event
calendar, achievements — exist from the first ``migrate``, as Wagtail's
project template creates its home page. A database that already has them
(made by an earlier version, which created them on demand) keeps its own."""

from django.db import migrations

INDEX_PAGES = [
    ("incubators", "IncubatorIndexPage", "incubators", "孵化器", ""),
    ("events", "EventIndexPage", "events", "活动日历", "全市孵化器、众创空间举办的培训、技术对接和路演活动，欢迎报名参加。"),
    ("achievements", "AchievementIndexPage", "achievements", "科技成果", ""),
]


def create_index_pages(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    HomePage = apps.get_model("home.HomePage")
    Page = apps.get_model("wagtailcore.Page")
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return
    for app_label, model_name, slug, title, intro in INDEX_PAGES:
        model = apps.get_model(app_label, model_name)
        if model.objects.exists():
            continue
        content_type, _created = ContentType.objects.get_or_create(
            app_label=app_label, model=model_name.lower()
        )
        last = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1).order_by("-path").first()
        number = int(last.path[-4:], 36) + 1 if last else 1
        step = ""
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        for _position in range(4):
            number, digit = divmod(number, 36)
            step = alphabet[digit] + step
        model.objects.create(
            title=title,
            draft_title=title,
            slug=slug,
            intro=intro,
            content_type=content_type,
            path=home.path + step,
            depth=home.depth + 1,
            numchild=0,
            url_path=f"{home.url_path}{slug}/",
            locale_id=home.locale_id,
            live=True,
            show_in_menus=True,
        )
        Page.objects.filter(pk=home.pk).update(numchild=Page.objects.filter(
            path__startswith=home.path, depth=home.depth + 1
        ).count())


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0002_create_homepage"),
        ("incubators", "0005_move_images_and_achievements"),
        ("events", "0002_registration_language"),
        ("achievements", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_index_pages, migrations.RunPython.noop)]
