"""Registering on the public event page, the waiting list, and the private
cancellation link."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from events.registrations import RegistrationRefused, cancel, register, waiting_position
from tests.events.factories import make_event, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def huigu(demo):
    return demo.incubator("huigu")


def post_registration(client, event, data):
    return client.post(reverse("events:register", args=[event.pk]), data)


def test_registration_is_confirmed_and_shows_the_private_link(client, huigu):
    event = make_event(huigu, capacity=5)
    response = post_registration(client, event, person(1))
    registration = Registration.objects.get(event=event)
    assert registration.status == "confirmed"
    assert response.status_code == 302
    assert response["Location"] == reverse("events:registration", args=[registration.token])
    page = client.get(response["Location"])
    assert "您的名额已确认" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    assert page["Referrer-Policy"] == "same-origin"


def test_confirmation_mail_carries_the_private_link(client, huigu, django_capture_on_commit_callbacks):
    event = make_event(huigu)
    with django_capture_on_commit_callbacks(execute=True):
        post_registration(client, event, person(1))
    registration = Registration.objects.get(event=event)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["person1@example.cn"]
    assert event.title in mail.outbox[0].subject
    assert registration.token in mail.outbox[0].body


def test_phone_only_registration_is_accepted_without_mail(client, huigu, django_capture_on_commit_callbacks):
    event = make_event(huigu)
    with django_capture_on_commit_callbacks(execute=True):
        post_registration(client, event, person(1, email=""))
    assert Registration.objects.get(event=event).phone == "13800000001"
    assert mail.outbox == []


def test_capacity_then_waiting_list(huigu):
    event = make_event(huigu, capacity=2)
    statuses = [register(event, **person(n)).status for n in range(1, 5)]
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting"]
    last = Registration.objects.get(event=event, email="person4@example.cn")
    assert waiting_position(last) == 2


def test_the_page_announces_the_waiting_list_when_full(client, huigu):
    event = make_event(huigu, capacity=1)
    register(event, **person(1))
    html = client.get(event.url).content.decode()
    assert "加入候补名单" in html
    post_registration(client, event, person(2))
    assert Registration.objects.get(event=event, email="person2@example.cn").status == "waiting"


def test_cancelling_a_confirmed_place_promotes_the_first_waiting(huigu, django_capture_on_commit_callbacks):
    event = make_event(huigu, capacity=1)
    first = register(event, **person(1))
    second = register(event, **person(2))
    third = register(event, **person(3))
    with django_capture_on_commit_callbacks(execute=True):
        promoted = cancel(first)
    assert [r.pk for r in promoted] == [second.pk]
    second.refresh_from_db()
    third.refresh_from_db()
    assert (first.status, second.status, third.status) == ("cancelled", "confirmed", "waiting")
    assert second.promoted_at is not None
    assert waiting_position(third) == 1
    assert [m.to for m in mail.outbox] == [["person2@example.cn"]]
    assert "候补" in mail.outbox[0].body or "名额" in mail.outbox[0].body


def test_cancelling_a_waiting_place_promotes_nobody(huigu):
    event = make_event(huigu, capacity=1)
    register(event, **person(1))
    waiting = register(event, **person(2))
    assert cancel(waiting) == []
    assert Registration.objects.filter(event=event, status="confirmed").count() == 1


def test_cancelling_twice_changes_nothing(huigu):
    event = make_event(huigu, capacity=1)
    first = register(event, **person(1))
    register(event, **person(2))
    cancel(first)
    assert cancel(first) == []
    assert Registration.objects.filter(event=event, status="confirmed").count() == 1


def test_promotion_mail_failure_keeps_everything(huigu, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = "tests.events.broken_mail.BrokenBackend"
    event = make_event(huigu, capacity=1)
    first = register(event, **person(1))
    second = register(event, **person(2))
    with django_capture_on_commit_callbacks(execute=True):
        cancel(first)
    second.refresh_from_db()
    assert second.status == "confirmed"


def test_registration_survives_a_broken_mail_server(
    client, huigu, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.events.broken_mail.BrokenBackend"
    event = make_event(huigu)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_registration(client, event, person(1))
    assert response.status_code == 302
    assert Registration.objects.filter(event=event, email="person1@example.cn").exists()


def test_cancel_through_the_private_link(client, huigu):
    event = make_event(huigu, capacity=1)
    first = register(event, **person(1))
    second = register(event, **person(2))
    url = reverse("events:registration", args=[first.token])
    response = client.post(url, {"action": "cancel"})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "cancelled"
    assert second.status == "confirmed"
    assert "已取消" in client.get(url).content.decode()


def test_waiting_person_sees_their_place_in_line(client, huigu):
    event = make_event(huigu, capacity=1)
    register(event, **person(1))
    waiting = register(event, **person(2))
    html = client.get(reverse("events:registration", args=[waiting.token])).content.decode()
    assert "候补名单第 1 位" in html


def test_an_unknown_token_is_not_found(client):
    assert client.get(reverse("events:registration", args=["not-a-real-token"])).status_code == 404


def test_tokens_are_long_and_unguessable(huigu):
    event = make_event(huigu)
    tokens = {register(event, **person(n)).token for n in range(1, 6)}
    assert len(tokens) == 5
    assert all(len(token) >= 40 for token in tokens)


def test_bad_input_keeps_what_was_typed_with_chinese_messages(client, huigu):
    event = make_event(huigu)
    response = post_registration(
        client, event, {"name": "", "company": "荣成测试有限公司", "phone": "12ab", "email": "not-an-email"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="荣成测试有限公司"' in html
    assert 'value="12ab"' in html
    assert 'value="not-an-email"' in html
    assert "请填写您的姓名" in html
    assert "电话号码" in html
    assert "邮箱地址" in html
    assert not Registration.objects.filter(event=event).exists()


def test_a_contact_is_required(client, huigu):
    event = make_event(huigu)
    response = post_registration(client, event, {"name": "张三", "company": "", "phone": "", "email": ""})
    assert "请至少填写电话或邮箱" in response.content.decode()
    assert 'value="张三"' in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()


def test_the_same_person_cannot_register_twice(client, huigu):
    event = make_event(huigu)
    register(event, **person(1))
    response = post_registration(client, event, person(1, phone="", email="PERSON1@example.cn"))
    assert "该邮箱已报名" in response.content.decode()
    response = post_registration(client, event, person(2, phone="138 0000 0001", email=""))
    assert "该电话号码已报名" in response.content.decode()
    assert Registration.objects.filter(event=event).count() == 1


def test_after_the_deadline_registration_is_closed(client, huigu):
    now = timezone.now()
    event = make_event(
        huigu, start=now + datetime.timedelta(days=2), deadline=now - datetime.timedelta(hours=1)
    )
    html = client.get(event.url).content.decode()
    assert "报名已截止" in html
    assert 'name="name"' not in html
    response = post_registration(client, event, person(1))
    assert "报名已截止" in response.content.decode()
    assert not Registration.objects.filter(event=event).exists()
    with pytest.raises(RegistrationRefused):
        register(event, **person(2))


def test_a_started_event_takes_no_registration(huigu):
    event = make_event(huigu, start=timezone.now() - datetime.timedelta(minutes=5))
    with pytest.raises(RegistrationRefused):
        register(event, **person(1))


def test_an_unpublished_event_cannot_be_seen_or_registered(client, huigu):
    event = make_event(huigu, live=False)
    url = event.get_url()
    assert client.get(url).status_code == 404
    assert client.post(url, person(1)).status_code == 404
    with pytest.raises(RegistrationRefused):
        register(event, **person(1))
    assert not Registration.objects.filter(event=event).exists()


def test_events_without_registration_show_no_form(client, huigu):
    event = make_event(huigu, registration_open=False)
    html = client.get(event.url).content.decode()
    assert 'name="name"' not in html
    post_registration(client, event, person(1))
    assert not Registration.objects.filter(event=event).exists()


def test_the_public_page_never_shows_who_registered(client, huigu):
    event = make_event(huigu, capacity=3)
    register(event, **person(1, name="王小测"))
    html = client.get(event.url).content.decode()
    assert "王小测" not in html
    assert "person1@example.cn" not in html
    assert "剩余 2 个" in html


def test_cancelling_through_the_link_is_refused_once_the_event_has_started(client, huigu):
    event = make_event(huigu, capacity=1, start=timezone.now() + datetime.timedelta(hours=1))
    first = register(event, **person(1))
    second = register(event, **person(2))
    Registration.objects.filter(pk=first.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    type(event).objects.filter(pk=event.pk).update(start=timezone.now() - datetime.timedelta(minutes=1))
    url = reverse("events:registration", args=[first.token])
    response = client.post(url, {"action": "cancel"}, follow=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("confirmed", "waiting")
    assert "活动已开始" in response.content.decode()
    with pytest.raises(RegistrationRefused):
        cancel(first)


def test_organisers_may_still_cancel_after_the_start(huigu):
    event = make_event(huigu, start=timezone.now() + datetime.timedelta(hours=1))
    first = register(event, **person(1))
    type(event).objects.filter(pk=event.pk).update(start=timezone.now() - datetime.timedelta(minutes=1))
    cancel(first, by_operator=True)
    assert first.status == "cancelled"
