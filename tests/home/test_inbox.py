"""The dashboard inbox: what waits for the user's incubators, one line per
kind of work, each linking to its list (issue 15)."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from achievements.models import AchievementInterest
from events.models import Registration
from home.inbox import inbox
from services.models import Referral
from tests.services.factories import make_referral

pytestmark = pytest.mark.django_db


def lines_of(html):
    return {kind: int(count) for kind, count in re.findall(r'data-kind="(\w+)" data-count="(\d+)"', html)}


def test_operator_inbox_counts_its_own_incubator_only(client, login, demo):
    now = timezone.now()
    make_referral(demo.service("kechuang-patent"), at=now - timedelta(days=4))
    make_referral(demo.service("huigu-bookkeeping"), at=now - timedelta(days=4))
    login("op-kechuang")
    lines = lines_of(client.get(reverse("wagtailadmin_home")).content.decode())
    kechuang = Referral.objects.filter(to_incubator__slug="kechuang", status="new")
    assert lines["new_referrals"] == kechuang.count()
    assert (
        lines["overdue_referrals"] == kechuang.filter(created_at__lt=now - timedelta(hours=48)).count() >= 1
    )
    assert (
        lines["interest_leads"]
        == AchievementInterest.objects.filter(incubator__slug="kechuang", status="new").count()
    )
    week = Registration.objects.filter(
        event__path__startswith=demo.incubator("kechuang").path, created_at__gte=now - timedelta(days=7)
    ).exclude(status="cancelled")
    assert lines["registrations"] == week.count()
    assert set(lines) == {
        "new_referrals",
        "overdue_referrals",
        "interest_leads",
        "registrations",
        "pending_reviews",
    }


def test_bureau_inbox_counts_the_whole_network(client, login):
    login("bureau")
    lines = lines_of(client.get(reverse("wagtailadmin_home")).content.decode())
    assert lines["new_referrals"] == Referral.objects.filter(status="new").count()


def test_each_line_links_to_the_list_where_it_is_handled(client, login, demo):
    user = login("op-huigu")
    for line in inbox(user):
        assert client.get(line.url).status_code == 200, line.kind


def test_overdue_line_is_marked_urgent_and_the_old_panels_are_gone(client, login, demo):
    make_referral(demo.service("kechuang-patent"), at=timezone.now() - timedelta(days=3))
    login("op-kechuang")
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "inbox__line--urgent" in html
    assert 'id="new-referrals' not in html and 'id="achievements_status' not in html


def test_someone_who_operates_nothing_gets_no_inbox(db):
    from django.contrib.auth import get_user_model

    assert inbox(get_user_model().objects.create_user("nobody", password="x")) == []


def test_overdue_line_links_to_the_overdue_requests_only(client, login, demo):
    now = timezone.now()
    late = make_referral(demo.service("kechuang-patent"), at=now - timedelta(days=3))
    fresh = make_referral(demo.service("kechuang-patent"), at=now - timedelta(hours=1))
    user = login("op-kechuang")
    lines = {line.kind: line for line in inbox(user)}
    assert lines["overdue_referrals"].url != lines["new_referrals"].url
    html = client.get(lines["overdue_referrals"].url).content.decode()
    assert late.reference in html and fresh.reference not in html
    assert fresh.reference in client.get(lines["new_referrals"].url).content.decode()
