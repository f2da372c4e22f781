"""Registrations in the admin: who sees them (roles × URLs), check-in,
cancellation by an operator, and the attendee export."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from events.models import Registration
from events.registrations import register
from tests.events.factories import make_event, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(demo):
    event = make_event(demo.incubator("huigu"), capacity=2, co_hosts=[demo.incubator("kechuang")])
    for n in range(1, 4):
        register(event, **person(n))
    return event


def registrations_url(event, **query):
    url = reverse("events_admin:registrations", args=[event.pk])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


# role → expected answer for the event's registrant list and both exports
MATRIX = {
    None: 302,  # anonymous: to the login page
    "op-huigu": 200,  # the host
    "bureau": 200,
    "op-kechuang": 404,  # a co-host sees no registrants
    "op-lihai": 404,  # another incubator
}


@pytest.mark.parametrize("username", MATRIX)
@pytest.mark.parametrize("query", [{}, {"export": "csv"}, {"export": "xlsx"}])
def test_who_sees_registrants(client, login, event, username, query):
    if username:
        login(username)
    response = client.get(registrations_url(event, **query))
    assert response.status_code == MATRIX[username]
    if response.status_code == 302:
        assert "/admin/login/" in response["Location"]
    if response.status_code != 200:
        assert "报名人1".encode() not in response.content


@pytest.mark.parametrize("username", ["op-kechuang", "op-lihai"])
def test_other_operators_cannot_check_in_or_cancel(client, login, event, username):
    login(username)
    registration = Registration.objects.filter(event=event).first()
    for action in ("check_in", "cancel"):
        response = client.post(registrations_url(event), {"registration": registration.pk, "action": action})
        assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.checked_in_at is None and registration.status == "confirmed"


def test_event_list_shows_only_the_operators_events(client, login, event, demo):
    other = make_event(demo.incubator("lihai"), title="利海的活动")
    login("op-huigu")
    html = client.get(reverse("events_admin:index")).content.decode()
    assert event.title in html
    assert other.title not in html
    login("bureau")
    html = client.get(reverse("events_admin:index")).content.decode()
    assert event.title in html and other.title in html


def test_host_operator_sees_names_and_contacts(client, login, event):
    login("op-huigu")
    html = client.get(registrations_url(event)).content.decode()
    assert "报名人1" in html and "person3@example.cn" in html


def test_check_in_and_undo(client, login, event):
    login("op-huigu")
    registration = Registration.objects.get(event=event, email="person1@example.cn")
    client.post(registrations_url(event), {"registration": registration.pk, "action": "check_in"})
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    client.post(registrations_url(event), {"registration": registration.pk, "action": "undo_check_in"})
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_operator_cancellation_moves_the_waiting_list_up(client, login, event):
    login("op-huigu")
    first = Registration.objects.get(event=event, email="person1@example.cn")
    waiting = Registration.objects.get(event=event, email="person3@example.cn")
    assert waiting.status == "waiting"
    client.post(registrations_url(event), {"registration": first.pk, "action": "cancel"})
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_raising_the_capacity_promotes_at_publish(event, django_capture_on_commit_callbacks):
    from wagtail import hooks

    event.capacity = 3
    revision = event.save_revision()
    revision.publish()
    for hook in hooks.get_hooks("after_publish_page"):
        hook(None, event)
    assert Registration.objects.filter(event=event, status="confirmed").count() == 3


def test_csv_export_opens_with_every_registration(client, login, event):
    login("op-huigu")
    response = client.get(registrations_url(event, export="csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["序号", "姓名", "单位"]
    assert [row[1] for row in rows[1:]] == ["报名人1", "报名人2", "报名人3"]
    assert rows[3][5] == "候补"


def test_xlsx_export_opens_with_openpyxl(client, login, event):
    login("bureau")
    registration = Registration.objects.get(event=event, email="person2@example.cn")
    client.post(registrations_url(event), {"registration": registration.pk, "action": "check_in"})
    response = client.get(registrations_url(event, export="xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "姓名"
    assert [row[1] for row in rows[1:]] == ["报名人1", "报名人2", "报名人3"]
    assert rows[2][7]  # checked-in time of person 2
    assert rows[1][7] in (None, "")


def test_export_neutralises_formulas(client, login, demo):
    event = make_event(demo.incubator("huigu"))
    register(event, **person(1, company='=HYPERLINK("http://x")'))
    login("op-huigu")
    rows = list(
        csv.reader(
            io.StringIO(client.get(registrations_url(event, export="csv")).content.decode("utf-8-sig"))
        )
    )
    assert rows[1][2].startswith("'=")


def test_event_edit_page_links_to_registrations(client, login, event):
    login("op-huigu")
    html = client.get(reverse("wagtailadmin_pages:edit", args=[event.pk])).content.decode()
    assert registrations_url(event) in html


def test_menu_item_only_for_operators_and_bureau(client, login, event):
    login("op-huigu")
    assert reverse("events_admin:index") in client.get("/admin/").content.decode()
