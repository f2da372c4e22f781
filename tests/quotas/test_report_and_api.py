"""The public annual report, its exports and GET /api/v1/quotas/: all three
carry the board's own numbers (quotas.progress.year_board)."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from quotas.models import Metric
from quotas.progress import api_payload, year_board

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    return timezone.localdate().year


def test_api_matches_the_board(client, year):
    response = client.get(f"/api/v1/quotas/?year={year}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == api_payload(year_board(year))


def test_api_has_exactly_the_designed_shape(client, year):
    body = client.get(f"/api/v1/quotas/?year={year}").json()
    assert list(body) == ["year", "metrics"]
    assert body["year"] == year
    assert [m["metric"] for m in body["metrics"]] == list(Metric.values)
    for metric in body["metrics"]:
        assert list(metric) == ["metric", "target", "actual", "scheduled", "expected_to_date", "status"]
        assert isinstance(metric["target"], int)
        assert isinstance(metric["actual"], int)
        assert isinstance(metric["scheduled"], int)
        assert isinstance(metric["expected_to_date"], float)
        assert metric["status"] in ("met", "on_track", "behind")


def test_api_without_a_year_answers_for_the_current_one(client, year):
    assert client.get("/api/v1/quotas/").json()["year"] == year


@pytest.mark.parametrize("bad", ["abc", "", "1999", "2101", "2026.5", "-1"])
def test_api_refuses_a_bad_year_with_json(client, bad):
    response = client.get("/api/v1/quotas/", {"year": bad})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "error" in response.json()


def test_api_uses_plan_defaults_for_a_year_without_targets(client):
    body = client.get("/api/v1/quotas/?year=2040").json()
    targets = {m["metric"]: m["target"] for m in body["metrics"]}
    assert targets == {
        "training_sessions": 10,
        "matchmaking_events": 15,
        "achievements_published": 100,
        "incubated_projects": 30,
        "referrals_completed": 0,
    }
    assert all(m["expected_to_date"] == 0.0 for m in body["metrics"])


def test_anonymous_visitors_read_the_report(client, year):
    response = client.get(f"/report/{year}/")
    assert response.status_code == 200
    html = response.content.decode()
    board = year_board(year)
    for metric in board.metrics:
        assert f'id="metric-{metric.metric}"' in html
    assert "<svg" in html
    assert "<table" in html
    assert client.get("/report/").status_code == 302


def test_the_report_shows_each_number_of_the_board(client, year):
    html = client.get(f"/report/{year}/").content.decode()
    achievements = year_board(year).metric("achievements_published").progress
    assert f"<td>{achievements.actual}</td>" in html
    assert f"<td>{achievements.expected_to_date}</td>" in html


def test_report_for_an_impossible_year_is_404(client):
    assert client.get("/report/1800/").status_code == 404


def test_xlsx_export_opens_and_holds_the_board_s_numbers(client, year):
    response = client.get(f"/report/{year}/export.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="quotas-{year}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 3
    summary = list(workbook.worksheets[0].iter_rows(values_only=True))
    board = year_board(year)
    rows = {row[0]: row for row in summary[1:]}
    assert list(rows) == list(Metric.values)
    for metric in board.metrics:
        p = metric.progress
        assert rows[metric.metric][2:6] == (p.target, p.actual, p.scheduled, p.expected_to_date)
    months = list(workbook.worksheets[1].iter_rows(values_only=True))[1:]
    assert len(months) == 12 * len(Metric.values)
    for metric in board.metrics:
        assert sum(r[3] for r in months if r[0] == metric.metric) == metric.progress.actual
    by_incubator = list(workbook.worksheets[2].iter_rows(values_only=True))
    titles = [row[0] for row in by_incubator[1:]]
    assert [i.title for i in board.incubators] == titles[: len(board.incubators)]


def test_csv_export_holds_the_board_s_numbers(client, year):
    response = client.get(f"/report/{year}/export.csv")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    # For people, in their language; the metric's code stays beside its name.
    network = {row[3]: row for row in rows[1:] if row[1] == "全网"}
    for metric in year_board(year).metrics:
        p = metric.progress
        assert network[metric.metric][4:10] == [
            str(metric.label),
            str(p.target),
            str(p.actual),
            str(p.scheduled),
            str(p.expected_to_date),
            str(p.status_label),
        ]
    codes = {"network", "month", "incubator", "district", "met", "on_track", "behind"}
    assert not codes & {cell for row in rows for cell in row}


def test_home_page_shows_the_year_s_quotas_and_latest_achievements(client, year):
    html = client.get("/").content.decode()
    board = year_board(year)
    assert f'href="/report/{year}/"' in html
    for metric in board.metrics:
        assert f'data-metric="{metric.metric}" data-actual="{metric.progress.actual}"' in html
    assert "quota-summary" in html
