"""Every path that makes an achievement live goes through the bureau's
approval: an operator's alias or live copy (admin copy view, admin API copy
with keep_live, admin API create_alias) neither goes live nor counts toward
``achievements_published``."""

import json

import pytest
from django.urls import reverse

from achievements.approval import counted_achievements
from achievements.models import AchievementPage
from tests.achievements.factories import make_achievement

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(demo):
    return make_achievement(demo.incubator("huigu"), title="已审核成果")


def _new_pages(approved):
    return AchievementPage.objects.filter(title=approved.title).exclude(pk=approved.pk)


def _assert_nothing_new_is_live_or_counted(approved, counted_before):
    assert not _new_pages(approved).filter(live=True).exists()
    assert counted_achievements().count() == counted_before


@pytest.mark.parametrize("options", [{"alias": "on"}, {"publish_copies": "on"}])
def test_admin_copy_view_makes_no_live_alias_or_copy(client, login, approved, options):
    before = counted_achievements().count()
    login("op-huigu")
    form = {"new_title": approved.title, "new_slug": "copy-by-operator"}
    form["new_parent_page"] = approved.get_parent().pk
    client.post(reverse("wagtailadmin_pages:copy", args=[approved.pk]), {**form, **options})
    _assert_nothing_new_is_live_or_counted(approved, before)


def _api(client, page, action, payload):
    return client.post(
        f"/admin/api/main/pages/{page.pk}/action/{action}/",
        json.dumps(payload),
        content_type="application/json",
    )


def test_admin_api_copy_with_keep_live_does_not_publish(client, login, approved):
    before = counted_achievements().count()
    login("op-huigu")
    response = _api(client, approved, "copy", {"slug": "api-copy", "keep_live": True})
    assert response.status_code in (201, 400, 403)
    _assert_nothing_new_is_live_or_counted(approved, before)


def test_admin_api_alias_does_not_publish(client, login, approved):
    before = counted_achievements().count()
    login("op-huigu")
    _api(client, approved, "create_alias", {"update_slug": "api-alias"})
    _assert_nothing_new_is_live_or_counted(approved, before)


def test_a_draft_copy_is_still_possible(client, login, approved):
    login("op-huigu")
    response = _api(client, approved, "copy", {"slug": "api-draft-copy", "keep_live": False})
    assert response.status_code == 201
    copy = AchievementPage.objects.get(slug="api-draft-copy")
    assert not copy.live


def test_the_bureau_may_copy_live(client, login, approved):
    before = counted_achievements().count()
    login("bureau")
    assert _api(client, approved, "copy", {"slug": "bureau-copy", "keep_live": True}).status_code == 201
    copy = AchievementPage.objects.get(slug="bureau-copy")
    assert copy.live
    assert counted_achievements().count() == before + 1
