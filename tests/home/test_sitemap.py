"""``/sitemap.xml`` (Wagtail's sitemap of the default site) lists the public
pages and leaves out what is served to nobody or to few: a private incubated
project (ProjectPage.get_sitemap_urls) and pages behind a view restriction,
with everything under them."""

import pytest
from wagtail.models import PageViewRestriction

from achievements.models import ProjectPage
from matchmaking.demands import demand_index
from tests.factories import make_service

pytestmark = pytest.mark.django_db


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return response.content.decode()


def loc(page):
    return f"<loc>{page.full_url}</loc>"


def test_the_sitemap_lists_the_public_pages(client, demo):
    huigu = demo.incubator("huigu")
    project = ProjectPage.objects.live().filter(private=False).first()
    xml = sitemap(client)
    for page in (demo.index, huigu, huigu.get_children().live().first(), project, demand_index()):
        assert loc(page) in xml
    assert loc(huigu.get_parent()) in xml  # the home page


def test_a_private_project_is_left_out(client, demo):
    project = ProjectPage.objects.live().filter(private=False).first()
    project.private = True
    project.save_revision().publish()
    other = ProjectPage.objects.live().filter(private=False).first()
    xml = sitemap(client)
    assert loc(project) not in xml
    assert loc(other) in xml


RESTRICTIONS = [{"restriction_type": "login"}, {"restriction_type": "password", "password": "x"}]


@pytest.mark.parametrize("restriction", RESTRICTIONS)
def test_restricted_pages_and_their_subtree_are_left_out(client, demo, restriction):
    closed = demo.incubator("huigu")
    service = make_service(closed)
    open_incubator = demo.incubator("kechuang")
    PageViewRestriction.objects.create(page=closed, **restriction)
    xml = sitemap(client)
    assert loc(closed) not in xml
    assert loc(service) not in xml
    assert not [page for page in closed.get_descendants() if loc(page) in xml]
    assert loc(open_incubator) in xml
