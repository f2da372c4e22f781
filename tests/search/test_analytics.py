"""Search analytics (issue 8, item 7): what is logged (and what never is),
opened results, the 180-day purge, the bureau's report and the operator's
view of its own pages."""

import io
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from search import analytics
from search.analytics import ResultOpen, SearchLog
from search.models import Synonym

pytestmark = pytest.mark.django_db

VISITOR = {"REMOTE_ADDR": "203.0.113.77", "HTTP_USER_AGENT": "Mozilla/5.0 (Fingerprint 4711)"}


def every_stored_value():
    values = []
    for model in (SearchLog, ResultOpen):
        for row in model.objects.values():
            values.extend(str(value) for value in row.values())
    return " ".join(values)


def test_a_search_is_logged_without_personal_data(client, demo, login):
    user = login("op-huigu")  # even a signed-in operator stays anonymous in the log
    response = client.get(
        "/search/",
        {"q": "代理记账 13812345678 zhang.san@example.cn 370282199001011234", "fee": "free"},
        **VISITOR,
    )
    assert response.status_code == 200
    (row,) = SearchLog.objects.all()
    assert row.q.startswith("代理记账") and row.filters == {"fee": "free"} and row.source == "page"
    assert row.result_count == response.context["outcome"].count
    stored = every_stored_value()
    for secret in ("13812345678", "zhang.san", "example.cn", "370282199001011234", "203.0.113.77", "4711"):
        assert secret not in stored
    assert user.username not in stored and str(user.pk) != row.q
    fields = {field.name for model in (SearchLog, ResultOpen) for field in model._meta.get_fields()}
    assert not fields & {"ip", "address", "user", "user_id", "session", "session_key", "user_agent", "email"}


def test_short_numbers_and_latin_words_are_kept(client, demo):
    client.get("/search/", {"q": "ISO 9001 认证 2026"})
    assert SearchLog.objects.get().q == "iso 9001 认证 2026"


def test_the_api_is_logged_too(client, demo):
    client.get("/api/v1/search/", {"q": "专利", "page": 2})
    row = SearchLog.objects.get()
    assert (row.q, row.source, row.page) == ("专利", "api", 2)


def test_opening_a_result_is_recorded_with_its_incubator(client, demo):
    page = client.get("/search/", {"q": "代理记账"})
    first = page.context["results"][0]
    assert first["open_url"].startswith("/search/open/")
    assert f'href="{first["open_url"]}"' in page.content.decode()
    response = client.get(first["open_url"], **VISITOR)
    assert response.status_code == 302 and response["Location"] == first["url"]
    (opened,) = ResultOpen.objects.all()
    log = SearchLog.objects.get()
    assert opened.token == log.token and opened.position == 1 and opened.page_id == first["page_id"]
    assert opened.incubator_id == demo.incubator(first["incubator"]).pk
    assert "203.0.113.77" not in every_stored_value()


def test_an_open_link_reaches_only_live_public_pages(client, demo):
    token = "12345678-1234-5678-1234-567812345678"
    service = demo.service("huigu-bookkeeping")
    service.unpublish()
    assert client.get(f"/search/open/{token}/1/{service.pk}/").status_code == 404
    assert client.get(f"/search/open/{token}/1/999999/").status_code == 404
    assert not ResultOpen.objects.exists()


def test_a_broken_log_never_breaks_the_search(client, demo):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {SearchLog._meta.db_table}")
    assert client.get("/search/", {"q": "代理记账"}).status_code == 200
    assert client.get("/api/v1/search/", {"q": "代理记账"}).status_code == 200


def test_the_purge_command_keeps_180_days(demo):
    now = timezone.now()
    old = analytics.record_search("旧查询", {}, 0)
    recent = analytics.record_search("新查询", {}, 3)
    SearchLog.objects.filter(token=old).update(created_at=now - timedelta(days=181))
    SearchLog.objects.filter(token=recent).update(created_at=now - timedelta(days=179))
    analytics.record_open(old, 1, 1, None)
    ResultOpen.objects.update(created_at=now - timedelta(days=200))
    out = io.StringIO()
    call_command("search_analytics_purge", stdout=out)
    assert list(SearchLog.objects.values_list("q", flat=True)) == ["新查询"]
    assert not ResultOpen.objects.exists()
    assert "2" in out.getvalue()


def _searches(client, demo):
    for q in ("代理记账", "代理记账", "代理记账", "专利", "xyzzyplugh", "xyzzyplugh"):
        client.get("/search/", {"q": q})
    first = client.get("/search/", {"q": "代理记账"}).context["results"][0]
    client.get(first["open_url"])
    return first


def test_the_bureau_report_shows_top_zero_and_unopened_queries(client, demo, login):
    _searches(client, demo)
    login("bureau")
    response = client.get("/admin/search-report/")
    assert response.status_code == 200
    context = response.context
    top = {row["q"]: row for row in context["top"]}
    assert top["代理记账"]["searches"] == 4 and top["代理记账"]["opened"] == 1
    assert [row["q"] for row in context["zero"]] == ["xyzzyplugh"]
    assert [row["q"] for row in context["unopened"]] == ["专利"]
    assert "Add as synonym" in response.content.decode() or "添加为同义词" in response.content.decode()
    # An earlier period holds nothing.
    earlier = client.get("/admin/search-report/", {"start": "2020-01-01", "end": "2020-01-31"})
    assert earlier.context["top"] == [] and earlier.context["opens"] == []


def test_a_zero_result_query_becomes_a_synonym_in_one_step(client, demo, login, drained):
    client.get("/search/", {"q": "记帐代理"})
    login("bureau")
    with drained():
        response = client.post("/admin/search-report/", {"term": "记帐代理", "equivalents": "代理记账"})
    assert response.status_code == 302
    synonym = Synonym.objects.get(term="记帐代理")
    assert synonym.equivalent_list() == ["代理记账"]
    slugs = [r["slug"] for r in client.get("/api/v1/search/", {"q": "记帐代理"}).json()["results"]]
    assert "huigu-bookkeeping" in slugs


def test_an_operator_sees_only_its_own_pages_opened(client, demo, login):
    first = _searches(client, demo)
    login(f"op-{first['incubator']}")
    mine = client.get("/admin/search-report/")
    assert mine.status_code == 200
    assert [row["page_id"] for row in mine.context["opens"]] == [first["page_id"]]
    assert "top" not in mine.context and "zero" not in mine.context
    assert "xyzzyplugh" not in mine.content.decode()
    other = "kechuang" if first["incubator"] != "kechuang" else "huigu"
    client.logout()
    login(f"op-{other}")
    assert client.get("/admin/search-report/").context["opens"] == []
    refused = client.post("/admin/search-report/", {"term": "x", "equivalents": "y"})
    assert refused.status_code in (302, 403)  # Wagtail's admin turns PermissionDenied into a redirect
    assert not Synonym.objects.filter(term="x").exists()


@pytest.mark.django_db(transaction=True)
def test_the_writer_thread_records_without_the_request_waiting(settings):
    settings.SEARCH_ANALYTICS = "thread"
    started = time.perf_counter()
    token = analytics.record_search("碳汇", {}, 0)
    assert time.perf_counter() - started < 0.05
    deadline = time.monotonic() + 10
    while not SearchLog.objects.filter(token=token).exists():
        assert time.monotonic() < deadline, "the writer thread never wrote the row"
        time.sleep(0.05)
