"""The tree's root is a RootPage (migration home.0007), so the admin can name
it in the user's language; it is still the one root Wagtail, treebeard and
the site record know, and still takes the home page and nothing else."""

import pytest
from django.utils import translation
from wagtail.models import Page, Site

from home.models import HomePage, RootPage

pytestmark = pytest.mark.django_db


def test_the_root_is_a_root_page_under_which_the_site_hangs():
    root = Page.get_first_root_node()
    assert type(root.specific) is RootPage
    assert list(Page.get_root_nodes()) == [root]
    assert Site.objects.get(is_default_site=True).root_page.get_parent() == root
    assert Page.find_problems() == ([], [], [], [], [])  # treebeard: paths, depths, counts
    assert root.title == root.draft_title == "全站"


def test_the_root_is_named_in_the_active_language():
    root = Page.get_first_root_node().specific
    with translation.override("en"):
        assert root.get_admin_display_title() == "All pages"
    with translation.override("zh-hans"):
        assert root.get_admin_display_title() == "全站"


def test_the_root_takes_the_home_page_and_no_second_root_can_be_made():
    root = Page.get_first_root_node()
    assert HomePage.can_exist_under(root)
    assert RootPage.creatable_subpage_models() == [HomePage]
    assert not RootPage.is_creatable
    assert RootPage.allowed_parent_page_models() == []
    assert not HomePage.can_create_at(root)  # there is one already (max_count)
