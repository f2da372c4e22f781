"""Builders for achievement and project tests, and a reader for Wagtail's
admin page forms (so admin tests post what a browser would)."""

import datetime
import itertools

from bs4 import BeautifulSoup
from django.utils import timezone

from achievements.importer import published_datetime
from achievements.models import AchievementPage, ProjectPage, TechnologyField
from core.importer import publish_page

_counter = itertools.count(1)


def technology_field(name):
    """The list entry with this Chinese name (the demo's list has the usual
    ones; a test may name a new one, which is added)."""
    if isinstance(name, TechnologyField) or name is None:
        return name
    return TechnologyField.objects.get_or_create(name_zh=name)[0]


def make_achievement(
    incubator, *, published=None, live=True, title=None, field="海洋生物", maturity=6, modes=None
):
    """A live achievement first published at ``published`` (a date or an
    aware datetime; default now), or a draft with ``live=False``."""
    n = next(_counter)
    page = AchievementPage(
        title=title or f"测试成果{n}",
        slug=f"test-achievement-{n}",
        summary="测试成果摘要",
        field=technology_field(field),
        maturity=maturity,
        transfer_modes=modes if modes is not None else ["license"],
        contact_name="成果转化部",
    )
    if not live:
        page.live = False
        incubator.add_child(instance=page)
        page.save_revision()
        return page
    publish_page(page, parent=incubator)
    if published is not None:
        at = published if isinstance(published, datetime.datetime) else published_datetime(published)
        AchievementPage.objects.filter(pk=page.pk).update(first_published_at=at, last_published_at=at)
    page.refresh_from_db()
    return page


def make_project(incubator, admitted, *, private=False, live=True, title=None, stage="incubating"):
    n = next(_counter)
    page = ProjectPage(
        title=title or f"测试项目{n}",
        slug=f"test-project-{n}",
        admitted=admitted,
        private=private,
        stage=stage,
        field="智能装备",
        team_size=5,
    )
    if live:
        publish_page(page, parent=incubator)
        page.refresh_from_db()
        return page
    page.live = False
    incubator.add_child(instance=page)
    page.save_revision()
    return page


def local(year, month, day, hour=0, minute=0):
    """An aware datetime in the site's time zone (Asia/Shanghai)."""
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def form_data(html, form_selector="form#page-edit-form"):
    """The fields a browser would submit from the admin page form in ``html``
    (no submit button: add the action, e.g. ``{"action-submit": "1"}``)."""
    soup = BeautifulSoup(html, "html.parser")
    form = soup.select_one(form_selector)
    assert form is not None, f"no {form_selector} in the page"
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("disabled") is not None:
            continue
        if field.name == "input" and field.get("type") in ("submit", "button", "file"):
            continue
        if field.name == "input" and field.get("type") in ("checkbox", "radio"):
            if field.get("checked") is not None:
                data.setdefault(name, []).append(field.get("value", "on"))
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find_all("option", selected=True)
            if field.get("multiple") is not None:
                data[name] = [option.get("value", option.text) for option in chosen]
            elif chosen:
                data[name] = chosen[0].get("value", chosen[0].text)
            else:
                first = field.find("option")
                data[name] = first.get("value", first.text) if first else ""
        else:
            data[name] = field.get("value", "")
    return data
