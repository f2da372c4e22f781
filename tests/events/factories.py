"""Builders for event tests. Times are relative to now, so the tests hold
whatever day they run."""

import datetime
import itertools

from django.utils import timezone

from core.importer import publish_page
from events.models import EventPage

_counter = itertools.count(1)


def make_event(
    incubator,
    *,
    kind="training",
    start=None,
    hours=2,
    capacity=None,
    deadline=None,
    live=True,
    registration_open=True,
    title=None,
    co_hosts=(),
    place="慧谷大厦三楼报告厅",
):
    n = next(_counter)
    start = start or timezone.now() + datetime.timedelta(days=10)
    page = EventPage(
        title=title or f"测试活动{n}",
        slug=f"test-event-{n}",
        kind=kind,
        start=start,
        end=start + datetime.timedelta(hours=hours),
        place=place,
        capacity=capacity,
        registration_deadline=deadline,
        registration_open=registration_open,
        description="<p>测试活动说明</p>",
    )
    page.co_hosts = list(co_hosts)
    if live:
        return publish_page(page, parent=incubator)
    page.live = False
    incubator.add_child(instance=page)
    page.save_revision()
    return page


def person(n, **extra):
    return {
        "name": f"报名人{n}",
        "company": f"测试公司{n}",
        "phone": f"1380000{n:04d}",
        "email": f"person{n}@example.cn",
        **extra,
    }
