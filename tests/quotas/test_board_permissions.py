"""Who may see and change what on the quota board: the bureau sets targets;
operators read the board (their own incubators' records in the drill-down)
but cannot touch a target; anonymous visitors read the public report only."""

import pytest
from django.utils import timezone

from quotas.models import QuotaTarget
from quotas.progress import year_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return timezone.localdate().year


def denied(response):
    """Wagtail's answer to a signed-in user without the permission."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def target_form(year, **changes):
    return {
        "year": year,
        "metric": "training_sessions",
        "target": "12",
        "district": "",
        "incubator": "",
        "note": "",
        **changes,
    }


def test_anonymous_users_are_sent_to_the_login_page(client, year):
    for url in (
        "/admin/quota-board/",
        f"/admin/quota-board/{year}/training_sessions/",
        "/admin/quota_targets/",
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_operators_cannot_list_add_or_edit_targets(client, login, year):
    login("op-huigu")
    target = QuotaTarget.objects.get(year=year, metric="training_sessions", district="", incubator=None)
    assert denied(client.get("/admin/quota_targets/"))
    assert denied(client.get("/admin/quota_targets/new/"))
    assert denied(client.post("/admin/quota_targets/new/", target_form(year + 3)))
    assert not QuotaTarget.objects.filter(year=year + 3).exists()
    assert denied(client.post(f"/admin/quota_targets/edit/{target.pk}/", target_form(year, target="1")))
    assert denied(client.post(f"/admin/quota_targets/delete/{target.pk}/"))
    target.refresh_from_db()
    assert target.target == 10


def test_the_targets_menu_is_the_bureau_s(client, login):
    login("op-huigu")
    assert "/admin/quota_targets/" not in client.get("/admin/").content.decode()
    login("bureau")
    assert "/admin/quota_targets/" in client.get("/admin/").content.decode()


def test_the_bureau_sets_a_target_and_the_board_follows(client, login, year):
    login("bureau")
    assert client.get("/admin/quota_targets/").status_code == 200
    response = client.post("/admin/quota_targets/new/", target_form(year + 3, target="12"))
    assert response.status_code == 302
    assert QuotaTarget.objects.get(year=year + 3, metric="training_sessions").target == 12
    assert year_board(year + 3).metric("training_sessions").progress.target == 12
    assert client.get(f"/api/v1/quotas/?year={year + 3}").json()["metrics"][0]["target"] == 12


def test_a_target_split_both_ways_is_refused(client, login, demo, year):
    login("bureau")
    response = client.post(
        "/admin/quota_targets/new/",
        target_form(year + 3, district="经济开发区", incubator=str(demo.incubator("huigu").pk)),
    )
    assert response.status_code == 200  # the form again, with the error
    assert not QuotaTarget.objects.filter(year=year + 3).exists()


def test_operators_and_the_bureau_see_the_board_and_the_dashboard_panel(client, login, year):
    for username in ("op-huigu", "bureau"):
        login(username)
        board = client.get("/admin/quota-board/")
        assert board.status_code == 200
        assert f"/admin/quota-board/{year}/achievements_published/" in board.content.decode()
        dashboard = client.get("/admin/").content.decode()
        assert 'id="quota-board-section"' in dashboard


def test_operators_drill_down_to_their_own_incubators_records_only(client, login, demo, year):
    huigu = demo.incubator("huigu")
    board = year_board(year)
    records = board.metric("incubated_projects").records
    own = [r for r in records if r.incubator_id == huigu.pk]
    others = [r for r in records if r.incubator_id != huigu.pk]
    assert own and others
    login("op-huigu")
    html = client.get(f"/admin/quota-board/{year}/incubated_projects/").content.decode()
    for record in own:
        assert record.admin_url in html
    for record in others:
        assert record.admin_url not in html


def test_the_bureau_drills_down_to_every_record_private_projects_included(client, login, year):
    login("bureau")
    response = client.get(f"/admin/quota-board/{year}/incubated_projects/")
    html = response.content.decode()
    records = year_board(year).metric("incubated_projects").records
    assert any(r.kind == "private" for r in records)
    for record in records:
        assert record.admin_url in html
    assert response.context["records"] == records


def test_drill_down_filters_held_and_scheduled(client, login, year):
    login("bureau")
    metric = year_board(year).metric("training_sessions")
    held = client.get(f"/admin/quota-board/{year}/training_sessions/?show=held").context["records"]
    scheduled = client.get(f"/admin/quota-board/{year}/training_sessions/?show=scheduled").context["records"]
    assert len(held) == metric.progress.actual
    assert len(scheduled) == metric.progress.scheduled


def test_unknown_metric_drill_down_is_404(client, login, year):
    login("bureau")
    assert client.get(f"/admin/quota-board/{year}/parties/").status_code == 404
