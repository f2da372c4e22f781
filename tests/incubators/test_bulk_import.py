"""import_directory's bulk path (core.bulk_pages): new services are
written in batches, yet Wagtail sees ordinary published pages — a revision in
each page's history, the create and publish log entries, a tree ``fixtree``
accepts, an admin edit that republishes — and both search indexes hold them
right after the command."""

import datetime
import io
import json
import uuid

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from core.bulk_pages import _Columns, _columns, _Serializer
from core.importer import run_import
from events.models import EventPage
from incubators.models import IncubatorPage, TeamMember
from search.engine import SearchParams, run_search
from search.models import IndexQueueEntry
from services.models import ServicePage
from tests.achievements.factories import form_data

pytestmark = pytest.mark.django_db


def services(count, incubators=("huigu", "kechuang"), prefix="bulk"):
    return {
        "services": [
            {
                "slug": f"{prefix}-{n}",
                "incubator": incubators[n % len(incubators)],
                "category": "finance_tax",
                "title": f"海参加工记账{n}",
                "description": f"第{n}项服务。\n\n可用创新券。",
                "fee": "subsidized",
            }
            for n in range(count)
        ]
    }


def run(tmp_path, data):
    path = tmp_path / "directory.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = io.StringIO()
    call_command("import_directory", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def fixtree():
    out = io.StringIO()
    call_command("fixtree", stdout=out)
    return out.getvalue()


def test_new_services_are_published_pages_with_revisions_and_history(
    tmp_path, demo, django_capture_on_commit_callbacks
):
    huigu_children = demo.incubator("huigu").get_children().count()
    with django_capture_on_commit_callbacks(execute=True):
        out = run(tmp_path, services(30))
    assert "服务：新建 30，更新 0，未变 0" in out
    pages = list(ServicePage.objects.filter(slug__startswith="bulk-").order_by("pk"))
    assert len(pages) == 30
    huigu = demo.incubator("huigu")
    assert huigu.get_children().count() == huigu_children + 15 == huigu.numchild
    for page in pages:
        assert page.live and not page.has_unpublished_changes
        assert page.first_published_at and page.last_published_at
        assert page.live_revision_id == page.latest_revision_id
        assert page.url_path == f"{page.get_parent().url_path}{page.slug}/"
        assert page.translation_key and page.locale_id
    page = pages[3]
    assert page.get_parent().specific.slug == "kechuang"
    assert page.url == f"/incubators/kechuang/{page.slug}/"
    revision = Revision.objects.get(object_id=str(page.pk))
    assert revision.content["title"] == page.title and revision.content["pk"] == page.pk
    as_object = revision.as_object()
    assert as_object.description == "<p>第3项服务。</p><p>可用创新券。</p>" and as_object.fee == "subsidized"
    actions = list(PageLogEntry.objects.filter(page=page).order_by("pk").values_list("action", "revision"))
    assert actions == [("wagtail.create", revision.pk), ("wagtail.publish", revision.pk)]
    assert "No problems found." in fixtree()


def test_the_page_serves_and_both_search_indexes_have_it(
    tmp_path, demo, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, services(4))
    assert IndexQueueEntry.objects.count() == 0  # drained after the commit
    page = ServicePage.objects.get(slug="bulk-2")
    response = client.get(page.url)
    assert response.status_code == 200 and "海参加工记账2" in response.content.decode()
    found = run_search(SearchParams(q="海参加工记账2"))
    assert [result["slug"] for result in found.results][:1] == ["bulk-2"]
    # Wagtail's own index: the admin's page search.
    assert page.pk in [hit.pk for hit in ServicePage.objects.search("海参加工记账2")]


def test_reference_index_matches_what_wagtail_would_record(tmp_path, demo):
    run(tmp_path, services(3))
    for page in ServicePage.objects.filter(slug__startswith="bulk-"):
        stored = set(
            ReferenceIndex.objects.filter(object_id=str(page.pk)).values_list(
                "to_content_type", "to_object_id", "model_path", "content_path"
            )
        )
        assert stored == set(ReferenceIndex._extract_references_from_object(page))


def test_an_imported_page_is_edited_and_republished_in_the_admin(tmp_path, demo, client, login):
    run(tmp_path, services(2))
    page = ServicePage.objects.get(slug="bulk-1")
    login("op-kechuang")
    edit_url = f"/admin/pages/{page.pk}/edit/"
    response = client.get(edit_url)
    assert response.status_code == 200
    data = form_data(response.content.decode())
    data.update(
        {
            "title": "海参加工记账（改）",
            "slug": page.slug,
            "description": json.dumps(
                {
                    "blocks": [
                        {
                            "key": "a",
                            "text": "改过的说明",
                            "type": "unstyled",
                            "depth": 0,
                            "inlineStyleRanges": [],
                            "entityRanges": [],
                        }
                    ],
                    "entityMap": {},
                }
            ),
            "action-publish": "action-publish",
        }
    )
    response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page.refresh_from_db()
    assert page.title == "海参加工记账（改）" and page.live and not page.has_unpublished_changes
    assert "改过的说明" in page.description
    assert Revision.objects.filter(object_id=str(page.pk)).count() == 2
    assert page.live_revision_id == page.latest_revision_id
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 2
    assert "No problems found." in fixtree()


def test_second_run_is_unchanged_and_writes_nothing(tmp_path, demo):
    run(tmp_path, services(5))
    counts = (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count())
    out = run(tmp_path, services(5))
    assert "服务：新建 0，更新 0，未变 5" in out
    assert (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count()) == counts


def test_a_new_row_beside_changed_and_unchanged_ones(tmp_path, demo):
    run(tmp_path, services(3))
    data = services(4)
    data["services"][0]["title"] = "改名的服务"
    out = run(tmp_path, data)
    assert "服务：新建 1，更新 1，未变 2" in out
    assert ServicePage.objects.get(slug="bulk-0").title == "改名的服务"
    assert "No problems found." in fixtree()


def test_a_slug_taken_by_a_sibling_page_fails_the_whole_import(tmp_path, demo):
    """Slugs are unique among siblings: a new service whose slug an event of
    the same incubator already uses is reported with its row, and nothing of
    the file — not even the rows before it — is written."""
    event = EventPage.objects.child_of(demo.incubator("huigu")).first()
    data = services(4)
    data["services"][2]["slug"] = event.slug  # row 2 goes under huigu
    before = (Page.objects.count(), Revision.objects.count())
    report = run_import(data)
    huigu = demo.incubator("huigu").title
    assert [str(error) for error in report.errors] == [
        f"services[2] ({event.slug}): slug“{event.slug}”已被“{huigu}”下的另一个页面使用"
    ]
    assert report.counts == {}
    assert (Page.objects.count(), Revision.objects.count()) == before
    with pytest.raises(CommandError):
        run(tmp_path, data)
    assert (Page.objects.count(), Revision.objects.count()) == before


def test_admin_search_entries_are_what_wagtail_would_write(
    tmp_path, demo, django_capture_on_commit_callbacks
):
    """The bulk path writes Wagtail's (modelsearch's) index entries itself on
    SQLite: the same texts its own indexer extracts, and the title norms
    refreshed."""
    data = services(3)
    data["incubators"] = [{"slug": "bulk-inc", "name": "批量孵化器", "kind": "incubator", "summary": "海参"}]
    data["services"][0]["incubator"] = "bulk-inc"
    data["services"][1]["eligibility"] = "入驻企业"
    with django_capture_on_commit_callbacks(execute=True):
        run(tmp_path, data)
    pages = [*ServicePage.objects.filter(slug__startswith="bulk-")]
    pages.append(IncubatorPage.objects.get(slug="bulk-inc"))
    assert len(pages) == 4
    for page in pages:
        entry = IndexEntry.objects.get(
            content_type=ContentType.objects.get_for_model(type(page)), object_id=str(page.pk)
        )
        if connection.vendor == "sqlite":
            from modelsearch.backends.database.sqlite.sqlite import ObjectIndexer

            indexer = ObjectIndexer(page, get_search_backend())
            assert (entry.title, entry.autocomplete, entry.body) == (
                indexer.title,
                indexer.autocomplete,
                indexer.body,
            )
            assert entry.title_norm != 1.0
        assert page.pk in [hit.pk for hit in type(page).objects.search(page.title)]


FULL = {
    "incubators": [
        {
            "slug": "full-inc",
            "name": "全字段孵化器",
            "kind": "maker_space",
            "district": "港西镇",
            "latitude": 37.1652,
            "longitude": 122.4868,
            "contact_email": "hi@example.org",
            "website": "example.org",
            "last_verified": "2026-03-01",
            "specialties": {"legal": {"strength": 4, "note": "专利"}, "training": 2},
            "team": [{"name": "王敏", "role": "主任"}],
            "partners": [{"name": "荣成银行", "kind": "enterprise", "url": "https://bank.example.org"}],
            "opening_hours": [{"weekday": 1, "opens": "08:30", "closes": "17:30"}],
        }
    ],
    "services": [
        {
            "slug": "full-svc",
            "incubator": "full-inc",
            "category": "legal",
            "title": "专利申请辅导",
            "description": "第一段 & <b>。\n第二行",
            "fee": "paid",
            "voucher_eligible": True,
            "last_verified": "2026-03-02",
            "opening_hours": [{"weekday": 2, "opens": "09:00", "closes": "12:00"}],
        },
        {"slug": "plain-svc", "incubator": "full-inc", "category": "training", "title": "训练营"}
        | {"fee": "free"},
    ],
}


def test_every_kind_of_key_compares_unchanged_and_a_change_is_seen(tmp_path, demo):
    """The second run settles rows from the stored values and child rows it
    read ahead (no page loaded): every field type and inline row compares
    equal, and a change in any of them is an update."""
    run(tmp_path, FULL)
    counts = (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count())
    out = run(tmp_path, FULL)
    assert "孵化器：新建 0，更新 0，未变 1" in out and "服务：新建 0，更新 0，未变 2" in out
    assert (Page.objects.count(), Revision.objects.count(), PageLogEntry.objects.count()) == counts

    changed = json.loads(json.dumps(FULL))
    changed["incubators"][0]["partners"][0]["kind"] = "university"
    changed["services"][0]["opening_hours"][0]["closes"] = "12:30"
    changed["services"][1]["voucher_eligible"] = True
    out = run(tmp_path, changed)
    assert "孵化器：新建 0，更新 1，未变 0" in out and "服务：新建 0，更新 2，未变 0" in out
    assert ServicePage.objects.get(slug="plain-svc").voucher_eligible

    # A page with a draft on top of its live version is not "unchanged".
    page = ServicePage.objects.get(slug="plain-svc")
    page.title = "草稿标题"
    page.save_revision()
    out = run(tmp_path, changed)
    assert "服务：新建 0，更新 1，未变 1" in out
    page.refresh_from_db()
    assert page.title == "训练营" and not page.has_unpublished_changes


def test_revision_content_is_what_serializable_data_gives(tmp_path, demo):
    """The bulk path serialises pages itself (core.bulk_pages._Serializer):
    the same dict as Wagtail's serializable_data(), for pages with dates,
    decimals, booleans, foreign keys and inline rows."""

    run(tmp_path, FULL | {"services": FULL["services"][1:]})
    pages = [IncubatorPage.objects.get(slug="full-inc"), ServicePage.objects.get(slug="plain-svc")]
    pages += list(ServicePage.objects.all()[:5])
    for page in pages:
        assert _Serializer(type(page))(page) == page.serializable_data()
    page = IncubatorPage(title="未保存", slug="unsaved", latitude="37.5")
    page.last_verified = datetime.date(2026, 1, 2)
    page.first_published_at = datetime.datetime(2026, 1, 2, 3, 4)  # naive: made aware, then UTC
    page.team_members = [TeamMember(name="李", role="")]
    assert _Serializer(IncubatorPage)(page) == page.serializable_data()


def test_row_values_are_what_the_fields_prepare(demo):
    """The bulk path's own INSERTs (core.bulk_pages._Columns) give each
    column what Django's compiler would: pre_save, then get_db_prep_save."""
    page = ServicePage(title="列值", slug="columns", category="legal", fee="free", description="<p>x</p>")
    page.first_published_at = timezone.now()
    page.last_verified = datetime.date(2026, 1, 2)
    page.translation_key = uuid.uuid4()
    page.locale_id, page.owner = 1, None
    page.path, page.depth, page.url_path, page.live = "00010001ZZZZ", 3, "/x/", True
    for model, fields in ((Page, _columns(Page)), (ServicePage, ServicePage._meta.local_concrete_fields)):
        expected = [field.get_db_prep_save(field.pre_save(page, True), connection) for field in fields]
        assert _Columns(fields).row(page) == expected, model
