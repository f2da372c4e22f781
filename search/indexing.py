"""Index lifecycle: the durable queue, its drain, full rebuilds and checks.

Page signals (search.signals) write queue rows in the page change's own
transaction and ask for a drain once it commits. The drain reads each queued
page's *current* state — live and public: upsert; otherwise: delete — and
applies a batch to the backend; only then are the rows deleted. A backend
that cannot be reached raises, the rows stay (with the error noted), and the
next drain — the next publish, ``manage.py search_drain`` or
``search_reindex`` — catches up. Nothing is lost, nothing is applied twice
in a way that matters (every write is an idempotent upsert or delete).
"""

import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.bulk_pages import insert_rows
from search import analyzer as analyzers
from search.backends import BackendUnavailable, get_backend
from search.documents import document_types, type_for_content_type_ids, type_for_model, type_named
from search.models import IndexQueueEntry

logger = logging.getLogger(__name__)

BATCH = 500

# Sent once after a transaction that queued rows commits: search.tasks then
# enqueues the drain for the task worker (no web request talks to the backend).
rows_queued = Signal()


class _Announcement:
    """The after-commit callback that sends ``rows_queued`` (once)."""

    ran = False

    def __call__(self):
        self.ran = True
        rows_queued.send(sender=IndexQueueEntry)


def request_drain():
    """Ask for one drain after the current transaction commits (once per
    transaction, however many rows it queues)."""
    connection = transaction.get_connection()
    for _ids, func, _robust in connection.run_on_commit:
        if isinstance(func, _Announcement) and not func.ran:
            return
    transaction.on_commit(_Announcement())


def enqueue(doc_type, object_ids, reason=""):
    """Queue pages of one document type and drain after commit."""
    object_ids = list(object_ids)
    if not object_ids:
        return
    insert_rows(
        IndexQueueEntry,
        [IndexQueueEntry(doc_type=doc_type, object_id=pk, reason=reason[:32]) for pk in object_ids],
    )
    request_drain()


def enqueue_page(page, reason, descendants=False):
    """Queue ``page`` (if its type is indexed) and, when asked, every indexed
    page below it (an incubator's services carry its name and district)."""
    doc_type = type_for_model(getattr(page, "specific_class", None) or type(page))
    if doc_type is not None:
        enqueue(doc_type.name, [page.pk], reason)
    if descendants:
        types = type_for_content_type_ids()
        rows = (
            Page.objects.descendant_of(page)
            .filter(content_type_id__in=types)
            .values_list("pk", "content_type_id")
        )
        grouped = {}
        for pk, content_type_id in rows:
            grouped.setdefault(types[content_type_id].name, []).append(pk)
        for name, ids in grouped.items():
            enqueue(name, ids, reason)


def enqueue_terms(terms, reason="vocabulary"):
    """Queue every document that holds one of ``terms`` (a vocabulary edit
    changes how those texts are segmented)."""
    terms = sorted({term for term in terms if term})
    for doc_type in document_types():
        enqueue(doc_type.name, doc_type.affected_ids(terms), reason)


@dataclass
class DrainReport:
    applied: int = 0
    deleted: int = 0
    remaining: int = 0
    errors: list = field(default_factory=list)


def _documents_for(doc_type, ids):
    pages = doc_type.fetch(doc_type.queryset().filter(pk__in=ids))
    documents = doc_type.build_many(pages)
    present = {document.page_id for document in documents}
    missing = [f"{doc_type.name}:{pk}" for pk in ids if pk not in present]
    return documents, missing


def _delete_rows(ids):
    """Delete applied queue rows with one DELETE (QuerySet.delete() would load
    each row to send post_delete, which the queue has no use for)."""
    queryset = IndexQueueEntry.objects.filter(pk__in=ids)
    queryset._raw_delete(queryset.db)


def drain(backend=None, batch=BATCH, limit=None):
    """Apply queued rows to the backend, oldest first, ``batch`` at a time."""
    backend = backend or get_backend()
    analyzer = analyzers.current()
    report = DrainReport()
    done = 0
    while limit is None or done < limit:
        rows = list(IndexQueueEntry.objects.order_by("id").values_list("id", "doc_type", "object_id")[:batch])
        if not rows:
            break
        wanted = {}
        for _id, doc_type_name, object_id in rows:
            wanted.setdefault(doc_type_name, set()).add(object_id)
        documents, deletes = [], []
        for name, ids in wanted.items():
            doc_type = type_named(name)
            if doc_type is None:  # a type that was removed: drop its entries
                deletes.extend(f"{name}:{pk}" for pk in ids)
                continue
            built, missing = _documents_for(doc_type, sorted(ids))
            documents.extend(built)
            deletes.extend(missing)
        ids = [row[0] for row in rows]
        try:
            if backend.shares_main_transaction:
                with transaction.atomic():
                    backend.apply(documents, deletes, analyzer)
                    _delete_rows(ids)
            else:
                backend.apply(documents, deletes, analyzer)
                _delete_rows(ids)
        except Exception as error:  # noqa: BLE001  (any backend failure keeps the rows)
            message = f"{type(error).__name__}: {error}"[:2000]
            IndexQueueEntry.objects.filter(pk__in=ids).update(attempts=F("attempts") + 1, last_error=message)
            report.errors.append(message)
            break
        report.applied += len(documents)
        report.deleted += len(deletes)
        done += len(rows)
    report.remaining = IndexQueueEntry.objects.count()
    return report


def drain_quietly():
    """The after-commit drain: never lets an index problem fail a publish."""
    try:
        report = drain()
    except Exception:  # noqa: BLE001
        logger.exception("search index drain failed; rows stay queued")
        return
    if report.errors:
        logger.warning("search index drain stopped: %s (%d queued)", report.errors[-1], report.remaining)


def iter_documents(doc_types=None, chunk=2000):
    """Every document the database says should be indexed, in chunks (keyset
    paging by primary key: no long IN lists, constant memory)."""
    for doc_type in doc_types or document_types():
        last = 0
        while True:
            pages = doc_type.fetch(doc_type.queryset().filter(pk__gt=last).order_by("pk"), limit=chunk)
            if not pages:
                break
            last = pages[-1].pk
            yield doc_type, doc_type.build_many(pages)


def count_documents(doc_types=None):
    return sum(doc_type.queryset().count() for doc_type in doc_types or document_types())


def reindex(backend=None, progress=None, chunk=2000):
    """Rebuild the whole index from the database; returns the document count.

    Queue rows older than the rebuild are settled by it and removed. Searches
    keep answering from the old index meanwhile: the embedded and PostgreSQL
    backends rebuild in one transaction, Elasticsearch into a new index whose
    alias is swapped at the end (``Backend.rebuilding``). Missing index tables
    are recreated first."""
    backend = backend or get_backend()
    analyzer = analyzers.current()
    last_queued = IndexQueueEntry.objects.order_by("-id").values_list("id", flat=True).first()
    total = 0
    with backend.rebuilding() as target:
        for _doc_type, documents in iter_documents(chunk=chunk):
            target.apply(documents, [], analyzer)
            total += len(documents)
            if progress is not None:
                progress(len(documents))
    if last_queued is not None:
        IndexQueueEntry.objects.filter(id__lte=last_queued).delete()
    return total


@dataclass
class CheckReport:
    expected: int = 0
    indexed: int = 0
    missing: list = field(default_factory=list)
    extra: list = field(default_factory=list)
    stale: list = field(default_factory=list)
    queued: int = 0

    @property
    def ok(self):
        return not (self.missing or self.extra or self.stale)


def check(backend=None):
    """Compare what the database says should be indexed with what is."""
    backend = backend or get_backend()
    indexed = backend.digests()
    expected = {}
    for _doc_type, documents in iter_documents():
        for document in documents:
            expected[document.key] = document.digest()
    report = CheckReport(expected=len(expected), indexed=len(indexed))
    report.missing = sorted(set(expected) - set(indexed))
    report.extra = sorted(set(indexed) - set(expected))
    report.stale = sorted(key for key in set(expected) & set(indexed) if expected[key] != indexed[key])
    report.queued = IndexQueueEntry.objects.count()
    return report


def repair(report):
    """Queue the pages a check found missing, extra or stale."""
    by_type = {}
    for key in [*report.missing, *report.extra, *report.stale]:
        name, _sep, pk = key.partition(":")
        by_type.setdefault(name, []).append(int(pk))
    for name, ids in by_type.items():
        enqueue(name, ids, "check")


__all__ = ["BackendUnavailable", "check", "drain", "enqueue", "enqueue_page", "reindex", "repair"]


def rebuild_with_report():
    """Rebuild, drain what is left, and say so (the demo loader's last step)."""

    count = reindex()
    report = drain()
    return _("search index: %(count)d documents, %(queued)d changes queued") % {
        "count": count,
        "queued": report.remaining,
    }
