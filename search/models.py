"""Search records kept in the main database.

The index itself lives in the search backend (see search.backends); here are
only the durable queue that feeds it and the vocabulary the bureau curates.
Both are written in the same transaction as the change that causes them, so
a change that commits is never lost to the index, whatever the backend does.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from core.taxonomy import Category

TERM_SEPARATORS = re.compile(r"[,，、;；\n\r\t/|]+")


def split_terms(text):
    """Terms written one per line or separated by commas, 、 or slashes."""
    return [term.strip() for term in TERM_SEPARATORS.split(text or "") if term.strip()]


class IndexQueueEntry(models.Model):
    """One page whose index entry must be brought up to date.

    The drain (search.indexing.drain) reads the page's current state, so the
    row only names it; rows are deleted once the backend has applied them and
    stay when the backend is unreachable."""

    doc_type = models.CharField(_("document type"), max_length=32)
    object_id = models.PositiveBigIntegerField(_("object id"))
    reason = models.CharField(_("reason"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("index queue entry")
        verbose_name_plural = _("index queue entries")
        ordering = ["id"]

    def __str__(self):
        return f"{self.doc_type}:{self.object_id} ({self.reason})"


class VocabularyEntry(models.Model):
    """Common part of the two vocabulary snippets: remember the terms an
    entry had when loaded, so an edit re-indexes documents holding the old
    terms as well as the new ones."""

    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._original_terms = set(self.terms()) if self.pk else set()

    def terms(self):
        raise NotImplementedError

    def affected_terms(self):
        return set(self.terms()) | self._original_terms


class Synonym(VocabularyEntry):
    """An abbreviation or synonym: a query for ``term`` also finds documents
    that say any of ``equivalents`` (and, when two-way, the reverse)."""

    term = models.CharField(
        _("term"), max_length=64, unique=True, help_text=_("What people type, for example 高企.")
    )
    equivalents = models.TextField(
        _("equivalents"),
        help_text=_("What documents say instead, separated by commas or 、, for example 高新技术企业."),
    )
    two_way = models.BooleanField(
        _("two-way"),
        default=True,
        help_text=_("Also let a search for an equivalent find documents that say the term."),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldPanel("term"), FieldPanel("equivalents"), FieldPanel("two_way"), FieldPanel("note")]

    class Meta:
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        ordering = ["term"]

    def __str__(self):
        arrow = "⇔" if self.two_way else "⇒"
        return f"{self.term} {arrow} {'、'.join(self.equivalent_list())}"

    def equivalent_list(self):
        return [term for term in split_terms(self.equivalents) if term != self.term]

    def terms(self):
        return [self.term, *self.equivalent_list()] if self.term else self.equivalent_list()


class DictionaryWord(VocabularyEntry):
    """A word the segmenter must keep whole (专精特新, 揭榜挂帅 …)."""

    word = models.CharField(_("word"), max_length=64, unique=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    panels = [FieldPanel("word"), FieldPanel("note")]

    class Meta:
        verbose_name = _("dictionary word")
        verbose_name_plural = _("dictionary words")
        ordering = ["word"]

    def __str__(self):
        return self.word

    def terms(self):
        return [self.word] if self.word else []


class IntentWord(models.Model):
    """A word that points a query to one of the seven categories: a search
    for 律师 also finds the legal services that never say 律师, ranked after
    those that do. Read by queries only, so an edit applies to the next
    query (search.analyzer.current) and re-indexes nothing."""

    word = models.CharField(_("word"), max_length=64, help_text=_("What people type, for example 律师."))
    category = models.CharField(_("category"), max_length=32, choices=Category.choices)
    note = models.CharField(_("note"), max_length=255, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [FieldPanel("word"), FieldPanel("category"), FieldPanel("note")]

    class Meta:
        verbose_name = _("intent word")
        verbose_name_plural = _("intent words")
        ordering = ["category", "word"]
        constraints = [models.UniqueConstraint(fields=["word", "category"], name="search_intent_word_unique")]

    def __str__(self):
        return f"{self.word} → {self.get_category_display()}"


# The analytics tables (search.analytics keeps their code together).
from search.analytics import ResultOpen, SearchLog  # noqa: E402

__all__ = [
    "DictionaryWord",
    "IndexQueueEntry",
    "IntentWord",
    "ResultOpen",
    "SearchLog",
    "Synonym",
    "VocabularyEntry",
]
