"""The public demand list under the home page exists from the first
``migrate``, like the other lists (home.0003_index_pages), instead of being
created by ``matchmaking.demands.demand_index`` on first use. A database
that already has one (made by an earlier version) keeps its own."""

from django.db import migrations

SLUG = "demands"
TITLE = "技术需求"
TITLE_EN = "Technology demands"
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _step(number):
    """Treebeard's four-character path step for the ``number``-th child."""
    step = ""
    for _position in range(4):
        number, digit = divmod(number, 36)
        step = ALPHABET[digit] + step
    return step


def create_demand_index(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    DemandIndexPage = apps.get_model("matchmaking.DemandIndexPage")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None or DemandIndexPage.objects.exists():
        return
    home = site.root_page
    children = Page.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    last = children.order_by("-path").first()
    content_type, _created = ContentType.objects.get_or_create(app_label="matchmaking", model="demandindexpage")
    DemandIndexPage.objects.create(
        title=TITLE,
        draft_title=TITLE,
        title_en=TITLE_EN,
        slug=SLUG,
        content_type=content_type,
        path=home.path + _step(int(last.path[-4:], 36) + 1 if last else 1),
        depth=home.depth + 1,
        numchild=0,
        url_path=f"{home.url_path}{SLUG}/",
        locale_id=home.locale_id,
        live=True,
        show_in_menus=True,
    )
    Page.objects.filter(pk=home.pk).update(numchild=children.count())


class Migration(migrations.Migration):
    dependencies = [
        ("matchmaking", "0005_demand_technology_field_switch"),
        # After the home page replaces Wagtail's welcome page as the site's
        # root, and after the other lists, so the menu keeps its order.
        ("home", "0003_index_pages"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_demand_index, migrations.RunPython.noop)]
