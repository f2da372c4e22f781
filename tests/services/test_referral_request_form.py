"""The public request form refuses bad input with clear Chinese messages next
to the fields, keeps what was typed, and resists abuse."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from services.models import Referral
from tests.factories import make_incubator, make_service
from tests.services.factories import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(demo):
    return demo.service("kechuang-patent")


@pytest.fixture
def url(service):
    return reverse("referral_request", args=[service.pk])


def post(client, url, **changes):
    response = client.post(url, form_data(**changes))
    return response, response.content.decode()


def field_errors(html, field):
    """The error list of one field, which its input names in aria-describedby."""
    error_id = f"id_{field}_error"
    start = html.index(f'id="{error_id}"')
    assert f'aria-describedby="{error_id}' in html or f' {error_id}"' in html
    return html[start : html.index("</ul>", start)]


def test_form_is_in_chinese_with_a_label_for_every_field(client, url):
    html = client.get(url).content.decode()
    for field, label in (
        ("requester_name", "您的姓名"),
        ("company", "企业或项目名称"),
        ("phone", "电话"),
        ("email", "邮箱"),
        ("from_incubator", "您所在的孵化器"),
        ("need", "服务需求"),
        ("consent", "我同意"),
    ):
        assert f'for="id_{field}"' in html and label in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'class="hp" aria-hidden="true"' in html


def test_missing_contact_is_reported_next_to_phone_and_email_and_input_is_kept(client, url):
    response, html = post(client, url, phone="", email="", company="保留的公司名")
    assert response.status_code == 400
    message = "请至少填写电话或邮箱中的一项"
    assert message in field_errors(html, "phone") and message in field_errors(html, "email")
    assert 'value="张三"' in html and 'value="保留的公司名"' in html
    assert "需要申请两项发明专利" in html
    assert Referral.objects.filter(email="").count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"requester_name": ""}, "requester_name", "此项为必填项"),
        ({"need": "   "}, "need", "此项为必填项"),
        ({"need": "需" * 2001}, "need", "2000"),
        ({"requester_name": "名" * 65}, "requester_name", "64"),
        ({"company": "公" * 129}, "company", "128"),
        ({"phone": "call me maybe"}, "phone", "7至15位数字"),
        ({"phone": "123"}, "phone", "7至15位数字"),
        ({"email": "not-an-email"}, "email", "请输入有效的邮箱地址"),
        ({"from_incubator": "999999"}, "from_incubator", "选择一个有效的选项"),
        ({"from_incubator": "kechuang"}, "from_incubator", "选择一个有效的选项"),
        ({"consent": None}, "consent", "需要您的同意"),
    ],
)
def test_bad_input_is_refused_with_a_message_next_to_the_field(client, url, changes, field, message):
    before = Referral.objects.count()
    response, html = post(client, url, **changes)
    assert response.status_code == 400
    assert message in field_errors(html, field)
    assert 'aria-invalid="true"' in html
    assert Referral.objects.count() == before


def test_an_unpublished_incubator_is_not_a_valid_choice(client, url):
    hidden = make_incubator(title="未发布孵化器")
    type(hidden).objects.get(pk=hidden.pk).unpublish()
    response, html = post(client, url, from_incubator=str(hidden.pk))
    assert response.status_code == 400
    assert "选择一个有效的选项" in field_errors(html, "from_incubator")
    assert "未发布孵化器" not in html


def test_phone_only_or_email_only_is_enough(client, url):
    assert post(client, url, email="")[0].status_code == 302
    assert post(client, url, phone="", email="only-mail@example.cn")[0].status_code == 302
    assert Referral.objects.filter(email="only-mail@example.cn", phone="").count() == 1


def test_request_without_an_incubator_is_saved_with_none(client, url):
    response, _html = post(client, url, email="walkin@example.cn")
    assert response.status_code == 302
    assert Referral.objects.get(email="walkin@example.cn").from_incubator is None


def test_unpublished_service_gets_a_clear_error(client, demo):
    draft = make_service(demo.incubator("kechuang"), title="草稿服务", live=False)
    url = reverse("referral_request", args=[draft.pk])
    for response in (client.get(url), client.post(url, form_data())):
        assert response.status_code == 404
        assert "尚未发布或已下线" in response.content.decode()
    assert not Referral.objects.filter(service=draft).exists()


def test_non_existent_service_gets_a_clear_error(client):
    url = reverse("referral_request", args=[987654])
    response = client.post(url, form_data())
    assert response.status_code == 404
    assert "该服务不存在" in response.content.decode()


def test_a_page_that_is_not_a_service_cannot_be_requested(client, demo):
    url = reverse("referral_request", args=[demo.incubator("kechuang").pk])
    assert client.get(url).status_code == 404


def test_honeypot_filled_saves_nothing(client, url):
    before = Referral.objects.count()
    response, html = post(client, url, website="http://spam.example")
    assert response.status_code == 400
    assert "未能提交" in html
    assert Referral.objects.count() == before


@override_settings(ABUSE_RATE_PER_ADDRESS="3/h")
def test_rate_limit_per_client_address(url):
    client = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(3):
        assert post(client, url, email=f"a{n}@example.cn", phone="")[0].status_code == 302
    response, html = post(client, url, email="a9@example.cn", phone="")
    assert response.status_code == 429
    assert "请一小时后再试" in html
    assert not Referral.objects.filter(email="a9@example.cn").exists()
    # Another address is not affected.
    other = Client(REMOTE_ADDR="203.0.113.8")
    assert post(other, url, email="b1@example.cn", phone="")[0].status_code == 302


@override_settings(ABUSE_RATE_PER_CONTACT="2/d")
def test_rate_limit_per_contact(url):
    for n in range(2):
        client = Client(REMOTE_ADDR=f"198.51.100.{n}")
        assert post(client, url, phone="139-0000-1111", email="")[0].status_code == 302
    # Same number written differently, from a third address.
    client = Client(REMOTE_ADDR="198.51.100.99")
    response, html = post(client, url, phone="13900001111", email="")
    assert response.status_code == 429
    assert "请明天再试" in html
    assert Referral.objects.filter(phone__in=["139-0000-1111", "13900001111"]).count() == 2
    # Same email, different case, also counts.
    for n, email in enumerate(["Boss@Example.cn", "boss@example.cn", "BOSS@example.cn"]):
        client = Client(REMOTE_ADDR=f"192.0.2.{n}")
        status = post(client, url, phone="", email=email)[0].status_code
        assert status == (302 if n < 2 else 429)


def test_csrf_is_enforced(url):
    client = Client(enforce_csrf_checks=True)
    before = Referral.objects.count()
    response = client.post(url, form_data())
    assert response.status_code == 403
    assert Referral.objects.count() == before


def test_reference_numbers_count_up_within_the_year(client, url):
    post(client, url, email="first@example.cn")
    post(client, url, email="second@example.cn")
    first = Referral.objects.get(email="first@example.cn").reference
    second = Referral.objects.get(email="second@example.cn").reference
    assert first[:8] == second[:8]  # RC-YYYY-
    assert int(second[-6:]) == int(first[-6:]) + 1


def test_rating_form_rejects_out_of_range_values(client, demo):
    from tests.services.factories import make_referral

    referral = make_referral(demo.service("lihai-brand"), status="completed")
    url = reverse("referral_track", args=[referral.token])
    for value in ("0", "6", "abc", ""):
        response = client.post(url, {"rating": value})
        assert response.status_code == 400
    response = client.post(url, {"rating": "4", "comment": "评" * 1001})
    assert response.status_code == 400 and "1000" in response.content.decode()
    referral.refresh_from_db()
    assert referral.rating is None


def test_an_open_referral_cannot_be_rated(client, demo):
    from tests.services.factories import make_referral

    referral = make_referral(demo.service("lihai-brand"), status="accepted")
    url = reverse("referral_track", args=[referral.token])
    assert "评价此服务" not in client.get(url).content.decode()
    assert client.post(url, {"rating": "5"}).status_code == 400
    referral.refresh_from_db()
    assert referral.rating is None


def test_form_switches_to_english_with_the_language_cookie(client, url):
    client.cookies["lang"] = "en"
    html = client.get(url).content.decode()
    assert "Request this service" in html and "Your name" in html
