"""Every public page renders with the demo data, in Chinese by default."""

import pytest

from incubators.models import IncubatorPage
from services.models import ServicePage
from tests.factories import make_incubator, make_service

pytestmark = pytest.mark.django_db


def get_ok(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_page_shows_every_incubator_and_category(client, demo):
    html = get_ok(client, "/")
    for incubator in IncubatorPage.objects.live():
        assert incubator.title in html
    for label in ("财税", "法律", "信息", "融资", "培训", "市场营销", "技术创新"):
        assert label in html
    assert "5 个孵化器和众创空间" in html


def test_every_incubator_profile_renders_with_chart_and_grouped_services(client, demo):
    for incubator in IncubatorPage.objects.live():
        html = get_ok(client, incubator.url)
        assert incubator.title in html
        assert "<svg" in html and 'role="img"' in html
        for service in ServicePage.objects.child_of(incubator).live():
            assert service.title in html


def test_profile_groups_services_by_category_in_fixed_order(client, demo):
    html = get_ok(client, demo.incubator("huigu").url)
    positions = [html.index(f'id="group-{code}"') for code in ("finance_tax", "legal", "financing")]
    assert positions == sorted(positions)


def test_profile_chart_lists_all_seven_strengths(client, demo):
    html = get_ok(client, demo.incubator("kechuang").url)
    assert "技术创新 5" in html  # radar label
    assert html.count("/5</td>") == 7


def test_every_service_page_renders_with_its_incubator(client, demo):
    for service in ServicePage.objects.live():
        html = get_ok(client, service.url)
        assert service.title in html
        assert service.incubator.title in html


def test_service_page_suggests_other_incubators_strong_in_its_category(client, demo):
    html = get_ok(client, demo.service("huigu-contract-review").url)  # legal, at huigu
    hints = html[html.index('id="hints-heading"') :]
    assert "科创中心" in hints and "慧谷创客" in hints  # legal 4 each
    assert "慧谷孵化器" not in hints  # not itself
    assert "利海创客" not in hints  # legal 1


def test_hints_rank_by_strength(client, demo):
    html = get_ok(client, demo.service("lihai-crossborder").url)  # training, at lihai
    hints = html[html.index('id="hints-heading"') :]
    assert hints.index("逐浪者创客") < hints.index("慧谷孵化器")  # 5 before 4


def test_unpublished_service_is_not_public(client, demo):
    draft = make_service(demo.incubator("huigu"), title="草稿服务", live=False)
    assert client.get(draft.url or f"/incubators/huigu/{draft.slug}/").status_code == 404
    assert "草稿服务" not in get_ok(client, demo.incubator("huigu").url)


def test_unknown_page_is_a_chinese_404(client, demo):
    response = client.get("/incubators/no-such-incubator/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("kind=maker_space", ["利海创客", "逐浪者创客", "慧谷创客"], ["慧谷孵化器", "科创中心"]),
        ("kind=innovation_center", ["科创中心"], ["利海创客"]),
        ("district=经济开发区", ["慧谷孵化器", "慧谷创客"], ["科创中心", "利海创客"]),
        ("specialty=marketing", ["利海创客", "逐浪者创客"], []),
        ("kind=maker_space&district=石岛管理区", ["利海创客"], ["逐浪者创客", "慧谷创客"]),
    ],
)
def test_incubator_list_filters(client, demo, query, present, absent):
    html = get_ok(client, f"{demo.index.url}?{query}")
    listing = html[html.index('class="result-count"') :]
    for title in present:
        assert title in listing
    for title in absent:
        assert title not in listing


def test_specialty_filter_orders_strongest_first(client, demo):
    html = get_ok(client, f"{demo.index.url}?specialty=training")
    listing = html[html.index('class="result-count"') :]
    assert listing.index("逐浪者创客") < listing.index("慧谷孵化器") < listing.index("利海创客")


def test_invalid_filter_value_is_reported_not_an_error(client, demo):
    html = get_ok(client, f"{demo.index.url}?kind=spaceship&specialty=<script>")
    assert "选择一个有效的选项" in html
    assert "<script>" not in html.split("<body", 1)[1].split("</form>", 1)[1]
    listing = html[html.index('class="result-count"') :]
    assert "5 个结果" in listing  # nothing applied


def test_list_shows_service_counts(client, demo):
    incubator = make_incubator(title="计数孵化器")
    make_service(incubator)
    make_service(incubator, category="legal")
    make_service(incubator, live=False)
    html = get_ok(client, demo.index.url)
    card = html[html.index("计数孵化器") :]
    assert "2 项服务" in card[:600]


def test_service_desk_contact_is_shown_when_given(client, demo):
    service = demo.service("huigu-bookkeeping")
    service.contact_name, service.contact_phone = "孙会计", "0631-7561009"
    service.save_revision().publish()
    html = get_ok(client, service.url)
    desk = html[html.index('id="desk-heading"') :]
    assert "服务窗口" in desk[:40] and "孙会计" in desk and 'href="tel:0631-7561009"' in desk
    assert 'id="desk-heading"' not in get_ok(client, demo.service("huigu-tax-filing").url)
