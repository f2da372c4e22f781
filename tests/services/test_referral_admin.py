"""The referral list in the Wagtail admin: filters, search, a constant number
of queries, and the demo step that fills it."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from services.models import Referral
from tests.services.factories import make_referral

pytestmark = pytest.mark.django_db


def client_for(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def listed(client, **query):
    response = client.get(reverse("referrals:index"), query)
    assert response.status_code == 200
    html = response.content.decode()
    return {r.pk for r in Referral.objects.all() if reverse("referrals:edit", args=[r.pk]) in html}


@pytest.fixture
def sample(demo):
    huigu, kechuang = demo.incubator("huigu"), demo.incubator("kechuang")
    return {
        "sent": make_referral(demo.service("lihai-brand"), from_incubator=kechuang, status="accepted"),
        "received": make_referral(demo.service("kechuang-patent"), from_incubator=huigu),
        "walk_in": make_referral(demo.service("kechuang-testing"), status="completed"),
    }


def test_operator_filters_by_direction_status_category_and_incubator(sample, demo):
    client = client_for("op-kechuang")
    everything = listed(client)
    assert {r.pk for r in sample.values()} <= everything
    assert everything == {r.pk for r in Referral.objects.filter(to_incubator__slug="kechuang")} | {
        r.pk for r in Referral.objects.filter(from_incubator__slug="kechuang")
    }

    received = listed(client, direction="received")
    assert sample["received"].pk in received and sample["sent"].pk not in received
    sent = listed(client, direction="sent")
    assert sent == set(Referral.objects.filter(from_incubator__slug="kechuang").values_list("pk", flat=True))

    assert sample["walk_in"].pk in listed(client, status="completed")
    assert sample["received"].pk not in listed(client, status="completed")
    assert listed(client, category="marketing") == set(
        Referral.objects.filter(category="marketing", from_incubator__slug="kechuang").values_list(
            "pk", flat=True
        )
    )
    assert listed(client, from_incubator=demo.incubator("huigu").pk) >= {sample["received"].pk}
    assert sample["walk_in"].pk not in listed(client, from_incubator=demo.incubator("huigu").pk)


def test_date_filter(sample):
    client = client_for("bureau")
    old = Referral.objects.filter(created_at__year__lt=2026)
    today = sample["received"].created_at.date().isoformat()
    found = listed(client, created_at_after=today, created_at_before=today)
    assert sample["received"].pk in found and not found & set(old.values_list("pk", flat=True))


def test_search_by_reference_and_company(sample):
    client = client_for("op-kechuang")
    assert listed(client, q=sample["received"].reference) == {sample["received"].pk}
    make_referral(sample["received"].service, company="蓝海独特科技")
    assert len(listed(client, q="蓝海独特")) == 1


def test_list_queries_do_not_grow_with_the_number_of_referrals(demo):
    client = client_for("op-kechuang")
    url = reverse("referrals:index")
    client.get(url)  # warm caches (content types, site)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        own = [q for q in queries.captured_queries if "services_referral" in q["sql"]]
        return len(queries), len(own)

    before = count()
    for n in range(12):
        make_referral(
            demo.service("kechuang-patent"), from_incubator=demo.incubator("huigu"), company=f"企业{n}"
        )
    after = count()
    print(f"\nreferral admin list: (all, on the referral table) {before} queries; {after} with 12 more rows")
    assert after == before
    assert after[1] == 2  # one COUNT for the paginator, one SELECT with its joins


def test_dashboard_panel_links_to_the_new_requests(sample):
    html = client_for("op-kechuang").get(reverse("wagtailadmin_home")).content.decode()
    assert "服务申请" in html
    assert reverse("referrals:index") + "?status=new&amp;direction=received" in html


def test_menu_shows_referrals_to_operators_and_measures_to_the_bureau():
    operator = client_for("op-lihai").get(reverse("wagtailadmin_home")).content.decode()
    bureau = client_for("bureau").get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("referrals:index") in operator and reverse("referrals:index") in bureau
    assert reverse("referrals:measures") not in operator
    assert reverse("referrals:measures") in bureau


def test_measures_page_renders_for_this_year_and_all_years():
    client = client_for("bureau")
    for year in ("", "all", "1999", "nonsense"):
        response = client.get(reverse("referrals:measures"), {"year": year} if year else {})
        assert response.status_code == 200
        assert "转介矩阵" in response.content.decode()


def test_demo_step_is_idempotent():
    from home.demo import referrals as demo_referrals

    before = Referral.objects.count()
    out = io.StringIO()
    demo_referrals.load(out)
    assert Referral.objects.count() == before
    assert "服务转介：新建 0 条" in out.getvalue()
    demo = Referral.objects.filter(email__startswith="demo-requester-")
    assert demo.count() == 9
    assert set(demo.values_list("status", flat=True)) == {"new", "accepted", "declined", "completed"}
    assert demo.filter(rating__isnull=False).count() == 5


def test_an_incubator_with_referrals_cannot_be_deleted(demo):
    from wagtail.models import ReferenceIndex

    from incubators.models import IncubatorPage

    incubator = demo.incubator("kechuang")
    make_referral(demo.service("kechuang-patent"), from_incubator=demo.incubator("huigu"))
    client = client_for("bureau")
    url = reverse("wagtailadmin_pages:delete", args=[incubator.pk])
    usage = ReferenceIndex.get_references_to(incubator.page_ptr).group_by_source_object()
    assert usage.is_protected  # what Wagtail's delete view checks
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert IncubatorPage.objects.filter(pk=incubator.pk).exists()


def test_deleting_a_service_keeps_its_referrals(demo):
    service = demo.service("lihai-brand")
    referral = make_referral(service, from_incubator=demo.incubator("kechuang"))
    service.delete()
    referral.refresh_from_db()
    assert referral.service is None and referral.service_title == "品牌策划与包装设计"
    html = client_for("op-lihai").get(reverse("referrals:edit", args=[referral.pk])).content.decode()
    assert "品牌策划与包装设计" in html
