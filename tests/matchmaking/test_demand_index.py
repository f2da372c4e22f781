"""The public demand list is created by the data migration
matchmaking.0006_demand_index_page, not on first use."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from wagtail.models import Page, Site

from matchmaking.demands import demand_index
from matchmaking.models import DemandIndexPage

pytestmark = pytest.mark.django_db

MIGRATION = ("matchmaking", "0006_demand_index_page")
create_demand_index = importlib.import_module(f"matchmaking.migrations.{MIGRATION[1]}").create_demand_index


def run_migration():
    """The migration's function on the models as that migration sees them."""
    state = MigrationLoader(connection).project_state(MIGRATION)
    create_demand_index(state.apps, None)


def test_migrate_made_the_list_under_the_home_page():
    index = demand_index()
    home = Site.objects.get(is_default_site=True).root_page
    assert index.get_parent().pk == home.pk
    assert (index.slug, index.title_en, index.live, index.show_in_menus) == (
        "demands",
        "Technology demands",
        True,
        True,
    )


def test_demand_index_only_looks_the_list_up(demo):
    DemandIndexPage.objects.get().delete()
    with pytest.raises(DemandIndexPage.DoesNotExist):
        demand_index()
    assert not DemandIndexPage.objects.exists()


def test_the_migration_makes_one_list_and_keeps_an_existing_one(client, demo):
    DemandIndexPage.objects.get().delete()
    run_migration()
    run_migration()
    index = DemandIndexPage.objects.get()
    home = Page.objects.get(pk=Site.objects.get(is_default_site=True).root_page_id)
    assert index.get_parent().pk == home.pk and home.numchild == home.get_children().count()
    assert Page.find_problems() == ([], [], [], [], [])
    assert client.get(index.url).status_code == 200
