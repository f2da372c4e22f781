"""Migrations achievements.0004–0006 (and matchmaking.0003–0005) turn the free
text technical field into entries of the managed list, in the page rows and in
every stored revision (issue 15).

A database of an earlier version (``tests/data/pre_redesign_demo.sqlite3.gz``,
see tests/core/test_migrations_from_earlier_version.py) is migrated up to the
last migration before the list, given the texts the list must absorb — a
spelling with stray spaces, an empty value, a draft revision with another
field — and then migrated to the end. Every old value has become one entry,
and the page with the draft made before the migration still opens in the
admin edit view and publishes.
"""

import json

from tests.core.test_migrations_from_earlier_version import _manage, old_database  # noqa: F401

BEFORE = """
import json
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

state = MigrationLoader(connection).project_state(("achievements", "0003_merge_20261202_0548"))
apps = state.apps
AchievementPage = apps.get_model("achievements", "AchievementPage")
Page = apps.get_model("wagtailcore", "Page")
Revision = apps.get_model("wagtailcore", "Revision")
WorkflowState = apps.get_model("wagtailcore", "WorkflowState")

busy = set(WorkflowState.objects.filter(status="in_progress").values_list("object_id", flat=True))
pages = [p for p in AchievementPage.objects.filter(live=True).order_by("pk") if str(p.pk) not in busy]
draft, spaced, empty = pages[0], pages[1], pages[2]
AchievementPage.objects.filter(pk=spaced.pk).update(field="  海洋装备 ")
AchievementPage.objects.filter(pk=empty.pk).update(field="")
latest = Revision.objects.filter(object_id=str(draft.pk), content_type_id=draft.content_type_id).latest("pk")
content = dict(latest.content, title="迁移前的草稿", field="智能装备 ")
revision = Revision.objects.create(
    content_type_id=latest.content_type_id,
    base_content_type_id=latest.base_content_type_id,
    object_id=latest.object_id,
    content=content,
    created_at=timezone.now(),
    object_str="迁移前的草稿",
)
Page.objects.filter(pk=draft.pk).update(latest_revision_id=revision.pk, has_unpublished_changes=True)

texts = set(AchievementPage.objects.values_list("field", flat=True))
texts |= {r.content.get("field") for r in Revision.objects.filter(content_type_id=draft.content_type_id)}
print(json.dumps({
    "draft": draft.pk, "spaced": spaced.pk, "empty": empty.pk,
    "names": sorted({" ".join(t.split()) for t in texts if t and t.strip()}),
}))
"""

AFTER = """
import json
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import Revision
from achievements.models import AchievementPage, TechnologyField
from tests.achievements.factories import form_data

ids = json.loads(IDS)
contents = [r.content.get("field") for r in Revision.objects.filter(content_type__model="achievementpage")]
draft = AchievementPage.objects.get(pk=ids["draft"])
superuser = get_user_model().objects.create_superuser("migration-check", password="x")
client = Client(HTTP_HOST="localhost")
client.force_login(superuser)
edit = client.get(f"/admin/pages/{draft.pk}/edit/")
html = edit.content.decode()
chosen = BeautifulSoup(html, "html.parser").select_one('select[name="field"] option[selected]')
data = form_data(html)
data["action-publish"] = "1"
published = client.post(f"/admin/pages/{draft.pk}/edit/", data)
draft.refresh_from_db()
print(json.dumps({
    "names": sorted(TechnologyField.objects.values_list("name_zh", flat=True)),
    "english": dict(TechnologyField.objects.values_list("name_zh", "name_en")),
    "spaced": AchievementPage.objects.get(pk=ids["spaced"]).field.name_zh,
    "empty": AchievementPage.objects.get(pk=ids["empty"]).field_id,
    "revision_values": sorted({type(value).__name__ for value in contents}),
    "edit_status": edit.status_code,
    "chosen": chosen.text.strip() if chosen else None,
    "publish_status": published.status_code,
    "live_title": draft.title,
    "live_field": draft.field.name_zh,
    "has_unpublished_changes": draft.has_unpublished_changes,
}))
"""


def test_old_field_texts_become_list_entries_in_rows_and_revisions(old_database):  # noqa: F811
    for target in (("achievements", "0003_merge_20261202_0548"), ("matchmaking", "0002")):
        step = _manage("migrate", *target, "--noinput", database=old_database)
        assert step.returncode == 0, step.stderr
    before = _manage("shell", "-c", BEFORE, database=old_database)
    assert before.returncode == 0, before.stderr
    ids = json.loads(before.stdout.strip().splitlines()[-1])

    migrated = _manage("migrate", "--noinput", database=old_database)
    assert migrated.returncode == 0, migrated.stderr
    assert "achievements.0005_technology_fields_data... OK" in migrated.stdout
    assert "matchmaking.0004_demand_technology_field_data... OK" in migrated.stdout

    after = _manage("shell", "-c", f"IDS = {json.dumps(json.dumps(ids))}\n" + AFTER, database=old_database)
    assert after.returncode == 0, after.stderr
    data = json.loads(after.stdout.strip().splitlines()[-1])
    # One entry per distinct trimmed value, of the rows and of every revision.
    assert data["names"] == ids["names"]
    assert "海洋装备" in data["names"] and "智能装备" in data["names"]
    assert data["english"]["海洋生物"] == "Marine biology"
    assert data["spaced"] == "海洋装备"
    assert data["empty"] is None
    assert data["revision_values"] in (["int"], ["NoneType", "int"])
    # The draft written before the list opens with its own field chosen, and publishes.
    assert data["edit_status"] == 200
    assert data["chosen"] == "智能装备"
    assert data["publish_status"] == 302
    assert data["live_title"] == "迁移前的草稿"
    assert data["live_field"] == "智能装备"
    assert data["has_unpublished_changes"] is False
