"""Trust signals on a service page: its completed referrals and their average
rating, and why each other incubator is suggested (issue 15)."""

import re

import pytest

from services.models import Referral
from tests.services.factories import make_referral

pytestmark = pytest.mark.django_db


def test_service_page_shows_completed_referrals_and_average_rating(client, demo):
    service = demo.service("kechuang-patent")
    before = Referral.objects.filter(service=service, status="completed").count()
    make_referral(service, status="completed", rating=5)
    make_referral(service, status="completed", rating=4)
    make_referral(service, status="accepted")
    html = client.get(service.url).content.decode()
    assert f'data-completed="{before + 2}"' in html
    ratings = Referral.objects.filter(service=service, status="completed", rating__isnull=False)
    average = round(sum(r.rating for r in ratings) / ratings.count(), 1)
    assert f"经服务转介完成：{before + 2} 次" in html
    assert f"平均评分 {average} / 5（{ratings.count()} 条评价）" in html


def test_a_service_without_record_says_so(client, demo):
    service = demo.service("huigu-bookkeeping")
    Referral.objects.filter(service=service).delete()
    html = client.get(service.url).content.decode()
    assert "经服务转介完成：0 次" in html and "暂无评价" in html


def test_hints_say_why_and_the_page_explains_the_ranking(client, demo):
    html = client.get(demo.service("lihai-livestream").url).content.decode()
    assert re.search(r"推荐理由：自评专长 \d / 5", html)
    assert "排序依据" in html
