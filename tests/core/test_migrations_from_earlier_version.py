"""A database created by the version before the redesign (issue 13) migrates
forward with all its data.

``tests/data/pre_redesign_demo.sqlite3.gz`` is that version's ``migrate`` +
``load_demo`` (plus one achievement-interest record), made with the code of
commit 14c1e45. Here it is migrated by the current code in a separate
process, and the moved models — the image model (now core), achievements,
projects and interest (now achievements) — are read back through the ORM.
"""

import gzip
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "data" / "pre_redesign_demo.sqlite3.gz"

READ_BACK = """
import json
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Revision
from achievements.models import AchievementIndexPage, AchievementInterest, AchievementPage, ProjectPage
from core.models import CustomImage
from events.models import EventIndexPage, MatchmakingOutcome, Registration
from incubators.models import IncubatorIndexPage, IncubatorPage
from matchmaking.models import DemandIndexPage
from quotas.models import QuotaTarget
from search.models import DictionaryWord, Synonym
from services.models import Referral, ServicePage

achievement = AchievementPage.objects.live().first()
revision = Revision.page_revisions.filter(object_id=str(achievement.pk)).order_by("-pk").first()
interest = AchievementInterest.objects.select_related("achievement").get()
print(json.dumps({
    "pages": Page.objects.count(),
    "revisions": Revision.objects.count(),
    "incubators": IncubatorPage.objects.count(),
    "services": ServicePage.objects.count(),
    "achievements": AchievementPage.objects.count(),
    "projects": ProjectPage.objects.count(),
    "index_pages": [IncubatorIndexPage.objects.count(), EventIndexPage.objects.count(),
                    AchievementIndexPage.objects.count(), DemandIndexPage.objects.count()],
    "images": CustomImage.objects.count(),
    "logos": IncubatorPage.objects.filter(logo__isnull=False).count(),
    "referrals": Referral.objects.count(),
    "registrations": Registration.objects.count(),
    "outcomes": MatchmakingOutcome.objects.count(),
    "quota_targets": QuotaTarget.objects.count(),
    "vocabulary": Synonym.objects.count() + DictionaryWord.objects.count(),
    "interest_reaches_achievement": interest.achievement.title == interest.achievement_title,
    "revision_as_object": type(revision.as_object()).__name__,
    "specific_class": type(Page.objects.get(pk=achievement.pk).specific).__name__,
    "root": [type(Page.get_first_root_node().specific).__name__, Page.get_first_root_node().title,
             Page.get_root_nodes().count(), Page.find_problems() == ([], [], [], [], [])],
    "stale_content_types": ContentType.objects.filter(app_label="incubators", model__in=[
        "customimage", "achievementpage", "projectpage", "achievementinterest"]).count(),
}))
"""


def _manage(*args, database):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{database}",
    }
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def old_database(tmp_path):
    database = tmp_path / "old.sqlite3"
    with gzip.open(FIXTURE, "rb") as source, open(database, "wb") as target:
        shutil.copyfileobj(source, target)
    return database


@pytest.mark.own_sqlite
def test_a_database_of_the_earlier_version_migrates_with_all_its_data(old_database):
    migrated = _manage("migrate", "--noinput", database=old_database)
    assert migrated.returncode == 0, migrated.stderr
    assert "core.0001_initial... OK" in migrated.stdout
    assert "incubators.0005_move_images_and_achievements... OK" in migrated.stdout

    read = _manage("shell", "-c", READ_BACK, database=old_database)
    assert read.returncode == 0, read.stderr
    data = json.loads(read.stdout.strip().splitlines()[-1])
    # What the earlier version's demo held (counted in that database before
    # migrating): nothing lost, no index page duplicated. That version had no
    # matchmaking: matchmaking.0006 adds the demand list, the one new page.
    assert data["pages"] == 198 + 1
    assert data["revisions"] == 207
    assert data["incubators"] == 5
    assert data["services"] == 46
    assert data["achievements"] == 73
    assert data["projects"] == 42
    assert data["index_pages"] == [1, 1, 1, 1]
    assert data["images"] == 15
    assert data["logos"] == 5
    assert data["referrals"] == 9
    assert data["registrations"] == 52
    assert data["outcomes"] > 0
    assert data["quota_targets"] == 10
    assert data["vocabulary"] > 0
    assert data["interest_reaches_achievement"] is True
    assert data["revision_as_object"] == "AchievementPage"
    assert data["specific_class"] == "AchievementPage"
    # home.0007: the same root row, now a RootPage (the admin names it per language).
    assert data["root"] == ["RootPage", "全站", 1, True]
    assert data["stale_content_types"] == 0
