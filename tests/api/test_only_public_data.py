"""Only public data leaves through the open-data APIs and the export.

Drafts, pages behind a view restriction (and their children), private
projects, unapproved achievements, draft demands, and every requester's,
registrant's, interested party's and demand's contact details are planted or
read from the demo; then every endpoint of ``/api/v1/`` and ``/api/hsds/`` is
walked, every page of every list and every detail, the matches of every
public achievement and of every demand they name, and the HSDS export is
read: none may appear.
"""

import datetime
import io
import json

import pytest
from wagtail.models import PageViewRestriction

from achievements.models import AchievementInterest, TechnologyField
from api.hsds import export
from events.models import Registration
from incubators.models import IncubatorPage
from matchmaking.demands import submit_demand
from matchmaking.models import DemandPage
from services.models import Referral
from tests.achievements.factories import make_achievement, make_project
from tests.events.factories import make_event
from tests.factories import make_incubator, make_service

pytestmark = pytest.mark.django_db

SECRET = "机密标记"
SECRET_SLUG = "secret-marker"  # slugs are listed where titles are not (an event's co-hosts)


def plant(demo):
    huigu = demo.incubator("huigu")
    planted = [
        make_service(huigu, title=f"{SECRET}草稿服务", live=False),
        make_event(huigu, title=f"{SECRET}草稿活动", live=False),
        make_achievement(huigu, title=f"{SECRET}待审成果", live=False),
        make_project(huigu, datetime.date(2026, 4, 1), private=True, title=f"{SECRET}保密项目"),
    ]
    restricted = make_service(huigu, title=f"{SECRET}受限服务")
    PageViewRestriction.objects.create(page=restricted, restriction_type="password", password="x")
    closed = make_incubator(title=f"{SECRET}受限孵化器", slug=f"{SECRET_SLUG}-closed")
    PageViewRestriction.objects.create(page=closed, restriction_type="login")
    make_service(closed, title=f"{SECRET}受限孵化器的服务")
    planted.append(
        submit_demand(
            incubator=huigu,
            title=f"{SECRET}草稿需求",
            description="海参肽酶解",
            field=TechnologyField.objects.named("海洋生物"),
            deadline=datetime.date(2099, 1, 1),
            company="某公司",
            contact_phone="13912345678",
        )
    )
    draft_incubator = make_incubator(title=f"{SECRET}未发布孵化器", slug=f"{SECRET_SLUG}-draft")
    make_service(draft_incubator, title=f"{SECRET}未发布孵化器的服务")
    # Unpublished alone, its services still live (Wagtail's default).
    IncubatorPage.objects.filter(pk=draft_incubator.pk).update(live=False)
    # A public event: only its public co-host is named.
    co_hosts = [closed, draft_incubator, demo.incubator("kechuang")]
    make_event(huigu, title="公开活动，受限协办方", co_hosts=co_hosts)
    return planted


def personal_contacts():
    values = set()
    for model, name in ((Registration, "name"), (Referral, "requester_name"), (AchievementInterest, "name")):
        for row in model.objects.values(name, "phone", "email"):
            values |= {row["phone"], row["email"]}
            if len(row[name]) >= 3:
                values.add(row[name])
    for row in DemandPage.objects.values("contact_phone", "contact_email"):
        values |= {row["contact_phone"], row["contact_email"]}
    return {value for value in values if value}


def walk(client):
    """Every answer of both APIs: each list page by page, each detail."""
    answers = []

    def get(url, **params):
        response = client.get(url, params)
        assert response.status_code == 200, (url, response.content[:200])
        answers.append(response.content.decode())
        return response.json()

    slugs = {}
    for name in ("incubators", "services", "events", "achievements", "projects"):
        page = 1
        while True:
            body = get(f"/api/v1/{name}/", page=page, page_size=100)
            for item in body["results"]:
                slugs.setdefault(name, set()).add(item["slug"])
                get(f"/api/v1/{name}/{item['slug']}/")
            if page >= body["pages"]:
                break
            page += 1
    # The matches of every public achievement, then of every demand they name.
    demands = set()
    for slug in sorted(slugs["achievements"]):
        body = get("/api/v1/matches/", achievement=slug)
        demands |= {match["slug"] for match in body["matches"] if match["type"] == "demand"}
    assert demands, "the demo's achievements should be matched to demands"
    for slug in sorted(demands):
        get("/api/v1/matches/", demand=slug)
    for page in range(1, 10):
        body = get("/api/v1/search/", page=page)
        if page * 10 >= body["count"]:
            break
    get("/api/v1/search/", q=SECRET)
    get("/api/v1/quotas/")
    get("/api/hsds/")
    for name in ("services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations"):
        page = 1
        while True:
            body = get(f"/api/hsds/{name}", page=page, per_page=200)
            if name in ("services", "organizations"):
                for item in body["contents"]:
                    get(f"/api/hsds/{name}/{item['id']}")
            if body["last_page"]:
                break
            page += 1
    answers.append(
        json.dumps({name: content.decode() for name, content in export.files().items()}, ensure_ascii=False)
    )
    return answers


def test_nothing_private_in_any_answer_or_the_export(client, demo):
    plant(demo)
    contacts = personal_contacts()
    assert len(contacts) >= 10, "the demo should hold registrations and referrals to look for"
    answers = walk(client)
    assert len(answers) > 100
    text = "\n".join(answers)
    # json.dumps escapes nothing here: both APIs answer Chinese as characters.
    assert SECRET not in text
    assert SECRET_SLUG not in text
    assert "公开活动，受限协办方" in text and '"co_hosts": ["kechuang"]' in text
    leaked = sorted(value for value in contacts if value in text)
    assert leaked == []


def test_the_walk_does_see_what_is_public(client, demo):
    """The check above can fail: a planted public record is found."""
    make_service(demo.incubator("huigu"), title=f"{SECRET}公开服务")
    assert SECRET in "\n".join(walk(client))


def test_command_output_names_the_folder(tmp_path):
    from django.core.management import call_command

    out = io.StringIO()
    call_command("export_hsds", str(tmp_path / "x"), stdout=out)
    assert str(tmp_path / "x") in out.getvalue()
