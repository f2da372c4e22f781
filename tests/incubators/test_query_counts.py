"""List pages issue a fixed number of SQL queries, whatever the number of
incubators and services (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.demo import add_pictures
from tests.factories import make_incubator, make_service

pytestmark = pytest.mark.django_db


def queries_for(client, url):
    client.get(url)  # warm-up: renditions are generated on first view
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def grow_network(demo, incubators=4, services_each=5):
    for i in range(incubators):
        incubator = make_incubator(
            title=f"扩容孵化器{i}", specialties={"legal": 4, "training": 2, "marketing": 5}
        )
        for j in range(services_each):
            make_service(incubator, category=["legal", "training", "marketing"][j % 3])
    add_pictures()  # logos for the new incubators too
    for _ in range(services_each):
        make_service(demo.incubator("huigu"), category="finance_tax")


@pytest.mark.parametrize(
    "url",
    ["/", "/incubators/", "/incubators/?specialty=legal", "/incubators/?kind=incubator&district=测试区"],
)
def test_list_pages_query_count_does_not_grow(client, demo, url):
    before = queries_for(client, url)
    grow_network(demo)
    after = queries_for(client, url)
    assert after == before, f"{url}: {before} queries before, {after} after adding incubators"


def test_profile_query_count_does_not_grow_with_services(client, demo):
    url = demo.incubator("huigu").url
    before = queries_for(client, url)
    grow_network(demo)
    after = queries_for(client, url)
    assert after == before


def test_service_page_query_count_does_not_grow_with_hints(client, demo):
    url = demo.service("huigu-contract-review").url
    before = queries_for(client, url)
    grow_network(demo)
    after = queries_for(client, url)
    assert after == before


def test_home_page_query_budget(client, demo):
    """A ceiling on the absolute number too, so a slow creep is noticed. The
    home page reads the directory, upcoming events, the quota board and the
    latest achievements: 29 queries measured, whatever the data size, of which
    four are Wagtail's view-restriction lookup (``.public()``), one per list
    that must leave login- or password-restricted pages out."""
    assert queries_for(client, "/") <= 30
    assert queries_for(client, "/incubators/") <= 22
