"""A demand expires at its deadline: ``expire_at`` follows the deadline,
Wagtail's ``publish_scheduled`` unpublishes it, and its matches go."""

import datetime
import io
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from matchmaking.demands import demand_index, submit_demand
from matchmaking.models import DemandPage, Match
from tests.achievements.factories import technology_field

pytestmark = pytest.mark.django_db

URL = "/api/v1/matches/"


def test_publish_scheduled_unpublishes_a_demand_after_its_deadline(
    client, matched, demo, django_capture_on_commit_callbacks
):
    deadline = timezone.localdate() + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        demand = submit_demand(
            incubator=demo.incubator("huigu"),
            title="海参肠卵酶解制备海参肽",
            description="以海参加工副产物海参肠卵为原料，酶解制备海参肽。",
            field=technology_field("海洋生物"),
            maturity_min=3,
            maturity_max=7,
            deadline=deadline,
            company="荣成到期测试水产有限公司",
            contact_phone="13912340000",
        )
        demand.save_revision().publish()
    demand = DemandPage.objects.get(pk=demand.pk)
    # The local midnight after the deadline (Asia/Shanghai, UTC+8), stored in UTC.
    midnight = datetime.datetime.combine(deadline, datetime.time(16, 0), tzinfo=datetime.UTC)
    assert demand.live and demand.expire_at == midnight
    assert Match.objects.filter(need=demand).exists()
    assert client.get(URL, {"demand": demand.slug}).status_code == 200
    assert demand.title in client.get(demand_index().url).content.decode()

    # The worker's publish_scheduled a minute after that midnight. The
    # matches are recomputed at today's date, when the deadline has not
    # passed: only the unpublishing can drop them.
    connection.run_on_commit.clear()  # what the test's capture already ran
    with django_capture_on_commit_callbacks(execute=True):
        with mock.patch("django.utils.timezone.now", return_value=midnight + datetime.timedelta(minutes=1)):
            call_command("publish_scheduled", stdout=io.StringIO())
    demand = DemandPage.objects.get(pk=demand.pk)
    assert not demand.live and demand.expired
    assert not Match.objects.filter(need=demand).exists()
    assert client.get(URL, {"demand": demand.slug}).status_code == 404
    assert demand.title not in client.get(demand_index().url).content.decode()
