"""What the public sees of achievements and projects, and the "express
interest" request that reaches the owning incubator (contact data for its
operators and the bureau only)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from achievements.models import AchievementIndexPage, AchievementInterest
from achievements.projects import counted_projects
from incubators.models import IncubatorPage
from tests.achievements.factories import make_achievement, make_project

pytestmark = pytest.mark.django_db

INTEREST = {
    "name": "王经理",
    "organisation": "荣成某海洋食品公司",
    "phone": "13906310000",
    "email": "wang@example.cn",
    "message": "希望洽谈许可生产。",
}


@pytest.fixture
def index():
    return AchievementIndexPage.objects.get()


def test_the_achievement_list_is_in_the_main_menu(client, index):
    assert index.show_in_menus
    html = client.get("/").content.decode()
    assert f'href="{index.url}"' in html


def test_the_list_shows_published_achievements_only(client, demo, index):
    live = make_achievement(demo.incubator("huigu"), title="公开的成果")
    draft = make_achievement(demo.incubator("huigu"), title="草稿成果", live=False)
    response = client.get(index.url, {"incubator": "huigu", "field": "海洋生物"})
    titles = [page.title for page in response.context["page_obj"].paginator.object_list]
    assert live.title in titles
    assert draft.title not in titles
    assert client.get(draft.url or f"/incubators/huigu/{draft.slug}/").status_code == 404


def test_list_filters_by_field_maturity_transfer_mode_and_incubator(client, demo, index):
    huigu, lihai = demo.incubator("huigu"), demo.incubator("lihai")
    a = make_achievement(huigu, field="过滤测试领域", maturity=3, modes=["license"])
    b = make_achievement(huigu, field="过滤测试领域", maturity=8, modes=["equity", "joint"])
    c = make_achievement(lihai, field="过滤测试领域", maturity=8, modes=["self"])

    def titles(**query):
        response = client.get(index.url, {"field": "过滤测试领域", **query})
        assert response.status_code == 200
        return {page.title for page in response.context["page_obj"].paginator.object_list}

    assert titles() == {a.title, b.title, c.title}
    assert titles(maturity="7") == {b.title, c.title}
    assert titles(mode="joint") == {b.title}
    assert titles(mode="self") == {c.title}
    assert titles(incubator="lihai") == {c.title}
    assert titles(mode="equity", incubator="lihai") == set()


def test_an_invalid_filter_is_reported_not_applied(client, index):
    response = client.get(index.url, {"mode": "gift"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors["mode"]
    assert response.context["result_count"] > 0


def test_the_achievement_page_shows_its_facts(client, demo):
    page = make_achievement(demo.incubator("kechuang"), modes=["transfer", "license"], maturity=7)
    html = client.get(page.url).content.decode()
    assert page.title in html
    assert "TRL 7" in html
    assert 'id="interest"' in html
    assert demo.incubator("kechuang").title in html


def test_interest_reaches_the_owning_incubator_by_mail_after_commit(
    client, demo, django_capture_on_commit_callbacks
):
    page = make_achievement(demo.incubator("kechuang"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("achievements:interest", args=[page.pk]), INTEREST)
    assert response.status_code == 302
    assert response["Location"].endswith("?interest=sent#interest")
    interest = AchievementInterest.objects.get(achievement=page)
    assert interest.incubator == demo.incubator("kechuang")
    assert (interest.name, interest.phone, interest.status) == ("王经理", "13906310000", "new")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["op-kechuang@example.cn"]
    assert page.title in mail.outbox[0].subject
    assert "13906310000" in mail.outbox[0].body
    assert f"/admin/achievement_interest/{interest.pk}/" in mail.outbox[0].body


def test_interest_needs_a_phone_or_an_email(client, demo):
    page = make_achievement(demo.incubator("kechuang"))
    response = client.post(
        reverse("achievements:interest", args=[page.pk]), {**INTEREST, "phone": "", "email": ""}
    )
    assert response.status_code == 400
    assert not AchievementInterest.objects.filter(achievement=page).exists()
    assert response.context["interest_form"].has_error("phone", "no_contact")


def test_a_filled_honeypot_is_refused_like_on_every_public_form(client, demo):
    page = make_achievement(demo.incubator("kechuang"))
    response = client.post(
        reverse("achievements:interest", args=[page.pk]), {**INTEREST, "website": "http://spam.example"}
    )
    assert response.status_code == 400  # core.abuse.HoneypotMixin.refuse_spam
    assert not AchievementInterest.objects.filter(achievement=page).exists()


def test_interest_contact_data_is_for_the_owner_and_the_bureau_only(client, login, demo):
    page = make_achievement(demo.incubator("kechuang"))
    client.post(reverse("achievements:interest", args=[page.pk]), INTEREST)
    interest = AchievementInterest.objects.get(achievement=page)
    detail = f"/admin/achievement_interest/{interest.pk}/"

    assert "13906310000" not in client.get(page.url).content.decode()
    assert client.get(detail).status_code == 302  # to the login page

    login("op-huigu")
    assert client.get(detail).status_code == 404
    assert "王经理" not in client.get("/admin/achievement_interest/").content.decode()

    for username in ("op-kechuang", "bureau"):
        login(username)
        assert "13906310000" in client.get(detail).content.decode()
        assert "王经理" in client.get("/admin/achievement_interest/").content.decode()


def test_the_owner_marks_interest_contacted_and_others_cannot(client, login, demo):
    page = make_achievement(demo.incubator("kechuang"))
    client.post(reverse("achievements:interest", args=[page.pk]), INTEREST)
    interest = AchievementInterest.objects.get(achievement=page)
    detail = f"/admin/achievement_interest/{interest.pk}/"
    login("op-lihai")
    assert client.post(detail, {"status": "closed"}).status_code == 404
    login("op-kechuang")
    assert client.post(detail, {"status": "contacted"}).status_code == 302
    interest.refresh_from_db()
    assert interest.status == "contacted"


def test_a_private_project_is_not_served_nor_listed_but_counts(client, demo):
    incubator = demo.incubator("huigu-maker")
    listed = make_project(incubator, datetime.date.today(), title="公开项目")
    hidden = make_project(incubator, datetime.date.today(), title="保密项目", private=True)
    assert client.get(listed.url).status_code == 200
    assert client.get(hidden.url).status_code == 404
    profile = client.get(IncubatorPage.objects.get(pk=incubator.pk).url).content.decode()
    assert "公开项目" in profile
    assert "保密项目" not in profile
    assert hidden.pk in counted_projects().values_list("pk", flat=True)


def test_the_incubator_profile_lists_its_achievements_and_portfolio_by_stage(client, demo):
    incubator = demo.incubator("lihai")
    make_achievement(incubator, title="利海的成果")
    make_project(incubator, datetime.date(2025, 3, 1), title="已毕业项目", stage="graduated")
    html = client.get(incubator.url).content.decode()
    assert "利海的成果" in html
    assert 'id="portfolio-heading"' in html
    assert 'id="stage-graduated"' in html
    assert "已毕业项目" in html


def test_draft_project_is_not_listed(client, demo):
    incubator = demo.incubator("lihai")
    make_project(incubator, datetime.date(2025, 3, 1), title="草稿项目", live=False)
    assert "草稿项目" not in client.get(incubator.url).content.decode()
