"""GET /api/v1/matches/ as DESIGN.md fixes it."""

import datetime
import re

import pytest
from django.conf import settings

from achievements.models import AchievementPage, ProjectPage
from matchmaking.demands import submit_demand
from matchmaking.models import Match, MatchStatus, NeedType, OfferType
from tests.achievements.factories import technology_field

pytestmark = pytest.mark.django_db

URL = "/api/v1/matches/"


def test_a_demand_answers_its_offers_best_first(client, matched):
    response = client.get(URL, {"demand": "d-sea-cucumber-peptide"})
    assert response.status_code == 200
    body = response.json()
    assert body["demand"] == "d-sea-cucumber-peptide"
    first = body["matches"][0]
    assert set(first) == {"type", "slug", "title", "url", "incubator", "score", "reasons"}
    assert first["type"] == "achievement" and first["title"] == "海参肽酶解制备技术"
    assert first["url"].startswith("http") and first["incubator"] == "huigu"
    scores = [m["score"] for m in body["matches"]]
    assert scores == sorted(scores, reverse=True)
    assert "领域：海洋生物" in first["reasons"]
    assert any(reason.startswith("成熟度 3 在 3–7 内") for reason in first["reasons"])
    assert any("共同词" in reason and "海参" in reason for reason in first["reasons"])
    assert {m["type"] for m in body["matches"]} <= {"achievement", "service"}


def test_an_achievement_answers_demands_and_projects(client, matched):
    achievement = AchievementPage.objects.live().get(title="海参肽酶解制备技术")
    body = client.get(URL, {"achievement": achievement.slug}).json()
    assert body["achievement"] == achievement.slug
    slugs = [m["slug"] for m in body["matches"]]
    assert "d-sea-cucumber-peptide" in slugs
    assert {m["type"] for m in body["matches"]} <= {"demand", "project"}


def test_only_public_records_and_no_contact_data(client, matched, demo):
    draft = submit_demand(
        incubator=demo.incubator("huigu"),
        title="海参肽酶解提取",
        description="海参肽",
        field=technology_field("海洋生物"),
        deadline=datetime.date(2099, 1, 1),
        company="保密公司",
        contact_phone="13912345678",
    )
    assert client.get(URL, {"demand": draft.slug}).status_code == 404
    response = client.get(URL, {"demand": "d-sea-cucumber-peptide"})
    text = response.content.decode()
    assert "0631-76" not in text and "技术部" not in text


def test_a_dismissed_match_leaves_the_answer(client, matched):
    body = client.get(URL, {"demand": "d-sea-cucumber-peptide"}).json()
    first = body["matches"][0]
    match = Match.objects.get(need__slug="d-sea-cucumber-peptide", offer__slug=first["slug"])
    match.status = MatchStatus.DISMISSED
    match.save()
    again = client.get(URL, {"demand": "d-sea-cucumber-peptide"}).json()
    assert first["slug"] not in [m["slug"] for m in again["matches"]]


@pytest.mark.parametrize(
    "params, status",
    [
        ({}, 400),
        ({"demand": "x", "achievement": "y"}, 400),
        ({"demand": "no-such"}, 404),
        ({"achievement": "no"}, 404),
    ],
)
def test_bad_queries_answer_with_a_message(client, matched, params, status):
    response = client.get(URL, params)
    assert response.status_code == status
    body = response.json()
    assert body["error"]
    # The one error shape of /api/v1/ (api.errors), in the visitor's language.
    assert set(body) == {"error", "fields", "code"}
    assert body["code"] == {400: "invalid_parameters", 404: "not_found"}[status]
    assert re.search(r"[\u4e00-\u9fff]", body["error"])


def test_a_blank_parameter_counts_as_absent(client, matched):
    assert client.get(URL, {"demand": " ", "achievement": "no"}).status_code == 404
    assert client.get(URL, {"demand": "", "achievement": ""}).status_code == 400


def test_errors_follow_the_visitors_language(client, matched):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(URL).json()
    assert body["error"] == "Give exactly one of the parameters demand and achievement."
    assert client.get(URL, {"demand": "no-such"}).json()["code"] == "not_found"


def test_the_endpoint_is_described_in_the_openapi_document(client):
    operation = client.get("/api/v1/openapi.json").json()["paths"][URL]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {"demand", "achievement"}
    assert set(operation["responses"]) == {"200", "400", "404"}


def test_an_achievement_answers_the_projects_it_could_serve(client, matched):
    match = (
        Match.objects.filter(need_type=NeedType.PROJECT, offer_type=OfferType.ACHIEVEMENT)
        .exclude(status=MatchStatus.DISMISSED)
        .order_by("-score")
        .first()
    )
    assert match is not None, "the demo has incubated projects an achievement could serve"
    achievement = AchievementPage.objects.get(pk=match.offer_id)
    project = ProjectPage.objects.get(pk=match.need_id)
    body = client.get(URL, {"achievement": achievement.slug}).json()
    rows = [m for m in body["matches"] if m["type"] == "project"]
    row = next(m for m in rows if m["slug"] == project.slug)
    assert row["title"] == project.title and row["url"].startswith("http")
    assert row["incubator"] == project.get_parent().slug
    assert row["score"] == pytest.approx(match.score, abs=0.01) and row["reasons"]
