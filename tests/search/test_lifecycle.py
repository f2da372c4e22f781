"""Index lifecycle: publish, unpublish, move and delete reach the index
through the durable queue; an unreachable backend loses nothing; the
commands rebuild, drain and check."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.backends import get_backend
from search.backends.elastic import ElasticsearchBackend
from search.indexing import drain
from search.models import IndexQueueEntry
from tests.factories import make_incubator, make_service

pytestmark = pytest.mark.django_db


def found(client, q, **params):
    return [r["slug"] for r in client.get("/api/v1/search/", {"q": q, **params}).json()["results"]]


def test_publishing_queues_the_page_in_the_same_transaction(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        service = make_service(demo.incubator("huigu"), title="海洋牧场碳汇核算", slug="carbon")
        assert IndexQueueEntry.objects.filter(doc_type="service", object_id=service.pk).exists()
    assert callbacks, "a drain is scheduled for after the commit"


def test_a_published_service_is_found_after_commit(client, demo, drained):
    with drained():
        make_service(demo.incubator("huigu"), title="海洋牧场碳汇核算", slug="carbon")
    assert found(client, "碳汇") == ["carbon"]
    assert IndexQueueEntry.objects.count() == 0


def test_unpublishing_removes_the_page(client, demo, drained):
    service = demo.service("huigu-bookkeeping")
    with drained():
        service.unpublish()
    assert "huigu-bookkeeping" not in found(client, "代理记账")


def test_deleting_removes_the_page(client, demo, drained):
    with drained():
        demo.service("kechuang-patent").delete()
    assert "kechuang-patent" not in found(client, "专利申请")


def test_moving_a_service_changes_its_incubator_facet(client, demo, drained):
    service = demo.service("lihai-livestream")
    target = demo.incubator("zhulangzhe")
    with drained():
        service.move(target, pos="last-child")
    (result,) = [
        r for r in client.get("/api/v1/search/", {"q": "直播"}).json()["results"] if r["slug"] == service.slug
    ]
    assert result["incubator"] == "zhulangzhe"
    assert result["url"].startswith(target.url)


def test_renaming_an_incubator_reindexes_its_services(client, demo, drained):
    incubator = demo.incubator("lihai")
    incubator.title = "蓝海食品创客空间"
    with drained():
        incubator.save_revision().publish()
    slugs = found(client, "蓝海食品")
    assert "lihai-livestream" in slugs and "lihai" in slugs


def test_an_unreachable_backend_keeps_the_queue_and_catches_up(
    client, demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        service = make_service(demo.incubator("huigu"), title="海洋牧场碳汇核算", slug="carbon")
    down = ElasticsearchBackend(url="http://127.0.0.1:9", index_name="unreachable")
    report = drain(backend=down)
    assert report.errors and report.remaining >= 1
    entry = IndexQueueEntry.objects.get(object_id=service.pk)
    assert entry.attempts == 1 and "Connection" in entry.last_error
    assert found(client, "碳汇") == []
    report = drain()  # the backend is back
    assert report.remaining == 0 and not report.errors
    assert found(client, "碳汇") == ["carbon"]


def test_search_drain_command_applies_the_queue(client, demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        make_service(demo.incubator("huigu"), title="海洋牧场碳汇核算", slug="carbon")
    out = io.StringIO()
    call_command("search_drain", stdout=out)
    assert "0 条待处理" in out.getvalue()
    assert found(client, "碳汇") == ["carbon"]


def test_search_reindex_rebuilds_everything_from_the_database(client, demo):
    get_backend().clear()
    assert found(client, "代理记账") == []
    from search.indexing import count_documents

    out, err = io.StringIO(), io.StringIO()
    call_command("search_reindex", stdout=out, stderr=err)
    assert f"索引 {count_documents()} 条" in out.getvalue()
    assert "huigu-bookkeeping" in found(client, "代理记账")


def test_search_check_reports_drift_and_fixes_it(demo):
    backend = get_backend()
    backend.apply([], [f"service:{demo.service('huigu-bookkeeping').pk}"], None)
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("search_check", stdout=out)
    assert "1 索引中缺失" in out.getvalue()
    out = io.StringIO()
    call_command("search_check", "--fix", stdout=out)
    call_command("search_check", stdout=(out := io.StringIO()))
    assert "索引与数据库一致" in out.getvalue()


def test_search_check_sees_stale_content(demo):
    from search import analyzer as analyzers
    from search.documents import ServiceDocument

    service = demo.service("huigu-bookkeeping")
    (document,) = ServiceDocument().build_many([service])
    document.title = "旧标题"
    get_backend().apply([document], [], analyzers.current())
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("search_check", stdout=out)
    assert f"1 索引内容已过期: service:{service.pk}" in out.getvalue()


def test_pages_under_a_private_incubator_are_not_indexed(client, demo, drained):
    from wagtail.models import PageViewRestriction

    incubator = make_incubator(title="内部孵化器", slug="private-one")
    PageViewRestriction.objects.create(page=incubator, restriction_type="login")
    with drained():
        make_service(incubator, title="内部碳汇核算", slug="private-carbon")
    assert found(client, "碳汇") == []
