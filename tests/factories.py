"""Small builders for tests: find demo pages, add incubators and services."""

import itertools

from core.importer import publish_page
from incubators.importer import directory_index
from incubators.models import IncubatorPage, IncubatorSpecialty
from services.models import ServicePage

_counter = itertools.count(1)


class Demo:
    def incubator(self, slug):
        return IncubatorPage.objects.get(slug=slug)

    def service(self, slug):
        return ServicePage.objects.get(slug=slug)

    @property
    def index(self):
        return directory_index()


def make_incubator(title=None, slug=None, kind="incubator", district="测试区", specialties=None):
    n = next(_counter)
    page = IncubatorPage(
        title=title or f"测试孵化器{n}",
        slug=slug or f"test-incubator-{n}",
        kind=kind,
        district=district,
        summary="测试用孵化器",
    )
    page.specialties = [
        IncubatorSpecialty(category=code, strength=strength)
        for code, strength in (specialties or {"finance_tax": 3}).items()
    ]
    return publish_page(page, parent=directory_index())


def make_service(incubator, title=None, slug=None, category="finance_tax", fee="free", live=True):
    n = next(_counter)
    page = ServicePage(
        title=title or f"测试服务{n}",
        slug=slug or f"test-service-{n}",
        category=category,
        fee=fee,
        description="<p>测试服务说明</p>",
    )
    if live:
        return publish_page(page, parent=incubator)
    page.live = False
    incubator.add_child(instance=page)
    page.save_revision()
    return page
