"""The board costs a fixed number of SQL queries, however many records the
year holds: one per kind of record, plus the incubators and the targets."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quotas.progress import year_board
from tests.achievements.factories import local, make_achievement, make_project
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db

Y = 2031
BOARD_QUERIES = 6  # incubators, targets, events, achievements, projects, referrals


def board_queries():
    with CaptureQueriesContext(connection) as captured:
        year_board(Y, today=datetime.date(Y, 12, 31))
    return len(captured.captured_queries)


def test_the_board_query_count_does_not_grow_with_the_records(demo):
    assert board_queries() == BOARD_QUERIES
    for incubator in (demo.incubator("huigu"), demo.incubator("lihai")):
        for day in range(1, 6):
            make_event(incubator, kind="training", start=local(Y, 3, day, 9))
            make_event(incubator, kind="matchmaking", start=local(Y, 4, day, 9))
            make_achievement(incubator, published=datetime.date(Y, 5, day))
            make_project(incubator, datetime.date(Y, 6, day))
    assert year_board(Y, today=datetime.date(Y, 12, 31)).metric("training_sessions").progress.actual == 10
    assert board_queries() == BOARD_QUERIES


def test_report_and_api_query_counts_are_fixed(client, demo):
    def count(url):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    before = (count(f"/report/{Y}/"), count(f"/api/v1/quotas/?year={Y}"))
    for day in range(1, 8):
        make_achievement(demo.incubator("kechuang"), published=datetime.date(Y, 7, day))
        make_project(demo.incubator("kechuang"), datetime.date(Y, 7, day), private=day % 2 == 0)
    assert (count(f"/report/{Y}/"), count(f"/api/v1/quotas/?year={Y}")) == before
