"""Closing the loop: dismissal remembered and tuning, the bureau's agenda
event, outcomes, solved demands, recomputation when a side changes."""

import datetime
import decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from achievements.models import AchievementPage
from core.importer import publish_page
from events.models import EventPage
from matchmaking import loop
from matchmaking.listing import solved_demand_ids
from matchmaking.matching import recompute_matches
from matchmaking.models import AgendaItem, DemandPage, Match, MatchStatus
from tests.achievements.factories import technology_field

pytestmark = pytest.mark.django_db


def user(name):
    return get_user_model().objects.get(username=name)


def test_a_dismissal_survives_recomputation_and_lowers_similar_pairs(matched):
    demand = DemandPage.objects.get(slug="d-net-cage-feeding")
    matches = list(Match.objects.filter(need=demand).order_by("-score"))
    wrong = matches[1]
    before = {m.pk: (m.score, set(m.shared_terms)) for m in Match.objects.exclude(pk=wrong.pk)}
    loop.dismiss(wrong, user("op-kechuang"), "与投饵无关")
    recompute_matches()
    wrong.refresh_from_db()
    assert wrong.status == MatchStatus.DISMISSED and wrong.note == "与投饵无关"
    after = {m.pk: m.score for m in Match.objects.exclude(pk=wrong.pk)}
    sharing = {pk: score for pk, (score, terms) in before.items() if terms & set(wrong.shared_terms)}
    assert sharing, "other pairs share the dismissed pair's terms"
    # Each of them now ranks lower or dropped below the threshold; the rest keep their score.
    assert all(pk not in after or after[pk] < score for pk, score in sharing.items())
    rest = {pk: score for pk, (score, _terms) in before.items() if pk not in sharing and pk in after}
    assert all(after[pk] == score for pk, score in rest.items())


def test_matches_follow_a_new_achievement(matched, demo, django_capture_on_commit_callbacks):
    page = AchievementPage(
        title="海参肠卵综合提取海参肽",
        summary="以海参肠卵为原料酶解制备海参肽",
        field=technology_field("海洋生物"),
        maturity=6,
        transfer_modes=["license"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish_page(page, parent=demo.incubator("kechuang"))
    assert Match.objects.filter(need__slug="d-sea-cucumber-peptide", offer=page).exists()
    # The test's transaction never commits: drop the callbacks the capture
    # already ran, as a commit would.
    connection.run_on_commit.clear()
    with django_capture_on_commit_callbacks(execute=True):
        AchievementPage.objects.get(pk=page.pk).unpublish()
    assert not Match.objects.filter(offer=page).exists()


def test_the_bureau_builds_an_agenda_and_outcomes_solve_a_demand(client, matched, demo):
    bureau = user("bureau")
    pairs = [
        Match.objects.filter(need__slug=slug).order_by("-score").first()
        for slug in ("d-fishing-boat-energy", "d-antifouling")
    ]
    client.force_login(bureau)
    start = timezone.localtime() + datetime.timedelta(days=10)
    response = client.post(
        reverse("matchmaking_agenda_new"),
        {
            "title": "海洋科技成果对接会",
            "host": demo.incubator("kechuang").pk,
            "start": start.strftime("%Y-%m-%dT%H:%M"),
            "end": (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
            "place": "科创中心报告厅",
            "matches": [p.pk for p in pairs],
        },
    )
    event = EventPage.objects.get(title="海洋科技成果对接会")
    assert response.status_code == 302 and str(event.pk) in response["Location"]
    assert not event.live and event.kind == "matchmaking"
    assert event.get_parent().pk == demo.incubator("kechuang").pk
    items = list(AgendaItem.objects.filter(event=event).order_by("sort_order"))
    assert {(i.need_id, i.offer_id) for i in items} == {(p.need_id, p.offer_id) for p in pairs}
    assert "对接" in event.description or "↔" in event.description
    assert all(Match.objects.get(pk=p.pk).status == MatchStatus.PROPOSED for p in pairs)

    # The host's operator records the outcomes; an agreement solves the demand.
    client.force_login(user("op-kechuang"))
    url = reverse("matchmaking_event_outcomes", args=[event.pk])
    first, second = items
    bad = client.post(url, {f"item-{first.pk}-outcome": "intent", f"item-{first.pk}-contract_value": "10"})
    assert bad.status_code == 400  # a value without an agreement
    ok = client.post(
        url,
        {
            f"item-{first.pk}-outcome": "agreement",
            f"item-{first.pk}-contract_value": "120.50",
            f"item-{second.pk}-outcome": "intent",
        },
    )
    assert ok.status_code == 302
    first.refresh_from_db()
    assert first.outcome == "agreement" and first.contract_value == decimal.Decimal("120.50")
    assert first.need_id in solved_demand_ids() and second.need_id not in solved_demand_ids()
    client.force_login(user("op-lihai"))  # not the host
    assert client.get(url).status_code == 404

    # The quota board's matchmaking drill-down shows them once the event is held.
    EventPage.objects.filter(pk=event.pk).update(start=timezone.now() - datetime.timedelta(hours=4))
    event.refresh_from_db()
    event.end = event.start + datetime.timedelta(hours=3)
    event.save_revision().publish()
    client.force_login(bureau)
    year = timezone.localdate(event.start).year
    html = client.get(reverse("quota_drilldown", args=[year, "matchmaking_events"])).content.decode()
    assert "海洋科技成果对接会" in html and "签约" in html and "120.5" in html


def test_demand_pages_show_their_matches_and_an_agreement(client, matched):
    """The demand page gets both through template tags (matchmaking_tags)."""
    solved = DemandPage.objects.get(slug="d-hydrogen-ship")  # the demo agenda's agreement
    intent = DemandPage.objects.get(slug="d-hemostatic")  # only a letter of intent
    solved_html = client.get(solved.url).content.decode()
    intent_html = client.get(intent.url).content.decode()
    assert "已解决" in solved_html and "已解决" not in intent_html
    assert 'class="match-list"' in solved_html and 'class="match-list"' in intent_html


def test_the_achievement_side_sees_its_outcomes_on_any_of_its_matches(client, matched):
    """An offer's outcomes show on its matches in the admin, also on a match
    whose demand has none (the demo agenda's agreement: 260 万元)."""
    item = AgendaItem.objects.get(need__slug="d-hydrogen-ship", outcome="agreement")
    offer = Page.objects.get(pk=item.offer_id).specific
    other_demand = DemandPage.objects.get(slug="d-sea-cucumber-peptide")
    assert not AgendaItem.objects.filter(need=other_demand).exists()
    match, _created = Match.objects.get_or_create(
        need=other_demand,
        offer=offer,
        defaults={"need_type": "demand", "offer_type": item.match.offer_type, "score": 0.3},
    )
    client.force_login(user(f"op-{offer.get_parent().slug}"))  # the offer's incubator
    response = client.get(reverse("matchmaking_match", args=[match.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"“{offer.title}”的对接成果" in html
    assert "签约" in html and "260" in html
    assert DemandPage.objects.get(slug="d-hydrogen-ship").title in html  # the pair it was
    assert f"“{other_demand.title}”的对接成果" not in html  # nothing recorded for this demand
