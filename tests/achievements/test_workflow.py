"""Achievements are published only through the bureau's approval, over HTTP
through the Wagtail admin: operators draft and submit; the bureau approves
(the page goes live and counts) or requests changes (it stays a draft and
does not count); an operator's direct publish is refused on every path.
Services and events of the same incubator need no approval."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from achievements.approval import awaiting_approval, counted_achievements
from achievements.models import AchievementPage, achievement_workflow
from services.models import ServicePage
from tests.achievements.factories import form_data, make_achievement, technology_field
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def achievements_count():
    """What the achievements_published quota counts (see quotas.progress)."""
    return counted_achievements().count()


def edit_form(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    return response, form_data(response.content.decode())


def create_as_operator(client, incubator, action, title="海参肽中试工艺"):
    url = f"/admin/pages/add/achievements/achievementpage/{incubator.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    data = form_data(response.content.decode())
    data.update(
        {
            "title": title,
            "slug": "haishen-tai-zhongshi",
            "summary": "海参肽酶解中试工艺，得率提高20%。",
            "field": str(technology_field("海洋生物").pk),
            "maturity": "6",
            "transfer_modes": ["license", "joint"],
            action: "1",
        }
    )
    return client.post(url, data)


def submit(client, page):
    _response, data = edit_form(client, page)
    data["action-submit"] = "1"
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def task_state_of(page):
    state = WorkflowState.objects.get(
        object_id=str(page.pk), base_content_type__model="page", status=WorkflowState.STATUS_IN_PROGRESS
    )
    return state.current_task_state


def test_achievements_have_the_bureau_workflow_and_services_have_none(demo):
    workflow = achievement_workflow()
    assert workflow is not None
    tasks = [task.specific for task in workflow.tasks]
    assert [list(task.groups.values_list("name", flat=True)) for task in tasks] == [["bureau"]]
    achievement = make_achievement(demo.incubator("huigu"))
    assert achievement.get_workflow() == workflow
    assert achievement.has_workflow
    assert demo.service("huigu-bookkeeping").get_workflow() is None
    assert make_event(demo.incubator("huigu")).get_workflow() is None


def test_operator_creates_a_draft_and_cannot_publish_it_from_the_create_view(client, login, demo):
    login("op-huigu")
    before = achievements_count()
    response = create_as_operator(client, demo.incubator("huigu"), "action-publish")
    page = AchievementPage.objects.get(slug="haishen-tai-zhongshi")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"
    assert not page.live
    assert page.first_published_at is None
    assert achievements_count() == before


def test_the_create_view_offers_operators_no_publish_button(client, login, demo):
    login("op-huigu")
    html = client.get(
        f"/admin/pages/add/achievements/achievementpage/{demo.incubator('huigu').pk}/"
    ).content.decode()
    assert 'name="action-publish"' not in html
    service_form = client.get(f"/admin/pages/add/services/servicepage/{demo.incubator('huigu').pk}/")
    assert 'name="action-publish"' in service_form.content.decode()


def test_operator_publish_from_the_edit_view_saves_a_draft_only(client, login, demo):
    login("op-huigu")
    page = make_achievement(demo.incubator("huigu"), live=False)
    response, data = edit_form(client, page)
    html = response.content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html
    data["title"] = "改过的标题"
    data["action-publish"] = "1"
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision().object_str == "改过的标题"  # saved as a draft


def test_operator_cannot_publish_through_the_publish_action_or_bulk_publish(client, login, demo):
    operator = login("op-huigu")
    page = make_achievement(demo.incubator("huigu"), live=False)
    assert not page.permissions_for_user(operator).can_publish()
    assert not Page.objects.get(pk=page.pk).permissions_for_user(operator).can_publish()
    with pytest.raises(PermissionDenied):
        page.get_latest_revision().publish(user=operator)
    client.post(f"/admin/bulk/wagtailcore/page/publish/?id={page.pk}", {"include_descendants": ""})
    page.refresh_from_db()
    assert not page.live


def test_operator_cannot_publish_a_copy_of_a_live_achievement(client, login, demo):
    login("op-huigu")
    incubator = demo.incubator("huigu")
    page = make_achievement(incubator)
    response = client.post(
        f"/admin/pages/{page.pk}/copy/",
        {
            "new_title": "副本",
            "new_slug": "copy-of-it",
            "new_parent_page": incubator.pk,
            "publish_copies": "on",
        },
    )
    assert response.status_code == 302
    assert not AchievementPage.objects.filter(slug="copy-of-it", live=True).exists()


def test_submitted_achievement_goes_live_when_the_bureau_approves(client, login, demo):
    login("op-huigu")
    create_as_operator(client, demo.incubator("huigu"), "action-save")
    page = AchievementPage.objects.get(slug="haishen-tai-zhongshi")
    before = achievements_count()
    submit(client, page)
    assert page in awaiting_approval()
    assert not AchievementPage.objects.get(pk=page.pk).live

    bureau = login("bureau")
    task_state = task_state_of(page)
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.first_published_at is not None
    assert page.live_revision.approved_go_live_at is None
    assert achievements_count() == before + 1
    assert page.current_workflow_state is None
    state = WorkflowState.objects.filter(object_id=str(page.pk)).latest("created_at")
    assert state.status == WorkflowState.STATUS_APPROVED
    assert state.task_states.get().finished_by == bureau


def test_rejected_achievement_stays_a_draft_and_does_not_count(client, login, demo):
    login("op-huigu")
    page = make_achievement(demo.incubator("huigu"), live=False)
    before = achievements_count()
    submit(client, page)
    login("bureau")
    task_state = task_state_of(page)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/reject/{task_state.pk}/", {"comment": "请补充专利号"}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert not page.live
    assert page.first_published_at is None
    state = WorkflowState.objects.filter(object_id=str(page.pk)).latest("created_at")
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert achievements_count() == before


def test_operator_cannot_approve_its_own_submission(client, login, demo):
    login("op-huigu")
    page = make_achievement(demo.incubator("huigu"), live=False)
    submit(client, page)
    task_state = task_state_of(page)
    response = client.post(f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {})
    assert response.status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live
    assert page in awaiting_approval()


def test_bureau_publishes_an_achievement_directly(client, login, demo):
    login("bureau")
    page = make_achievement(demo.incubator("kechuang"), live=False)
    _response, data = edit_form(client, page)
    data["action-publish"] = "1"
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    page.refresh_from_db()
    assert page.live


def test_operator_publishes_services_and_events_without_approval(client, login, demo):
    login("op-huigu")
    service = demo.service("huigu-bookkeeping")
    response, data = edit_form(client, service)
    assert 'name="action-submit"' not in response.content.decode()
    data["title"] = "代理记账（新版）"
    data["action-publish"] = "1"
    client.post(f"/admin/pages/{service.pk}/edit/", data)
    assert ServicePage.objects.get(pk=service.pk).title == "代理记账（新版）"
    assert ServicePage.objects.get(pk=service.pk).live

    event = make_event(demo.incubator("huigu"), live=False, start=timezone.now() + datetime.timedelta(days=3))
    _response, data = edit_form(client, event)
    data["action-publish"] = "1"
    client.post(f"/admin/pages/{event.pk}/edit/", data)
    event.refresh_from_db()
    assert event.live


def test_a_new_achievement_can_be_submitted_for_approval_at_once(client, login, demo):
    """Issue 15: no first "save draft" needed before "submit"."""
    login("op-huigu")
    html = client.get(
        f"/admin/pages/add/achievements/achievementpage/{demo.incubator('huigu').pk}/"
    ).content.decode()
    assert 'name="action-submit"' in html
    response = create_as_operator(client, demo.incubator("huigu"), "action-submit")
    assert response.status_code == 302
    page = AchievementPage.objects.get(slug="haishen-tai-zhongshi")
    assert not page.live
    assert page.workflow_in_progress
    assert task_state_of(page).task.specific.groups.filter(name="bureau").exists()
