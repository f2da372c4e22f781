"""Keep the index in step with the pages: every change is queued in its own
transaction (search.indexing) and drained after commit."""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from achievements.models import AchievementPage, TechnologyField
from core.bulk_pages import pages_bulk_published
from search.backends import get_backend
from search.backends.embedded import EmbeddedBackend
from search.documents import type_for_model
from search.indexing import enqueue, enqueue_page, enqueue_terms
from search.models import DictionaryWord, Synonym


@receiver(page_published)
def queue_published_page(sender, instance, **kwargs):
    # An incubator's services carry its name and district: re-index them too.
    enqueue_page(instance, "publish", descendants=not instance.is_leaf())


@receiver(pages_bulk_published)
def queue_bulk_published_pages(sender, pages, **kwargs):
    """New leaf pages an import created in bulk: one queue row each, drained
    after the import commits."""
    doc_type = type_for_model(sender)
    if doc_type is not None:
        enqueue(doc_type.name, [page.pk for page in pages], "import")


@receiver(page_unpublished)
def queue_unpublished_page(sender, instance, **kwargs):
    enqueue_page(instance, "unpublish", descendants=not instance.is_leaf())


@receiver(post_page_move)
def queue_moved_page(sender, instance, **kwargs):
    enqueue_page(instance, "move", descendants=not instance.is_leaf())


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def queue_privacy_change(sender, instance, raw=False, **kwargs):
    """A page made private (login or password) leaves the index with
    everything below it; made public again, it comes back (issue 9)."""
    if not raw:
        enqueue_page(instance.page, "privacy", descendants=True)


@receiver(post_delete)
def queue_deleted_page(sender, instance, **kwargs):
    # Sent for the base Page row and for the specific row; the queue settles
    # duplicates. Descendants are deleted (and signalled) one by one.
    if isinstance(instance, Page) and type(instance) is not Page:
        enqueue_page(instance, "delete")


@receiver(post_save, sender=Synonym)
@receiver(post_save, sender=DictionaryWord)
@receiver(post_delete, sender=Synonym)
@receiver(post_delete, sender=DictionaryWord)
def queue_vocabulary_change(sender, instance, raw=False, **kwargs):
    """A vocabulary edit changes how texts holding its terms (old and new)
    are segmented: re-index those documents. Queries pick the new vocabulary
    up on their own (search.analyzer.current)."""
    if not raw:
        enqueue_terms(instance.affected_terms())


@receiver(post_save, sender=TechnologyField)
def queue_renamed_technology_field(sender, instance, created=False, raw=False, **kwargs):
    """Achievement documents hold their field's names: a renamed field
    re-indexes the achievements that chose it (a new one has none yet, and
    one in use cannot be deleted)."""
    if raw or created:
        return
    doc_type = type_for_model(AchievementPage)
    ids = list(AchievementPage.objects.filter(field=instance).values_list("pk", flat=True))
    if doc_type is not None and ids:
        enqueue(doc_type.name, ids, "technology field")


@receiver(post_migrate, dispatch_uid="search.upgrade_index_file")
def upgrade_index_file(sender, **kwargs):
    """After every ``migrate``: a separate embedded index file built by an
    earlier version gains the current layout (migrations only reach an index
    inside the main database), at deploy time rather than on a request."""
    if sender.label != "search":
        return
    backend = get_backend()
    if isinstance(backend, EmbeddedBackend):
        backend.db.upgrade()
