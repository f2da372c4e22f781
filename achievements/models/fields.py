"""Technology fields (技术领域): the managed list achievements and demands
choose from.

The bureau edits the list (a snippet only it may add to, change or delete
from: achievements.wagtail_hooks); operators only choose an entry on their
pages, so one field is one public filter value, not one per spelling. Each
entry has a Chinese and an English name: the public label follows the page
language (``label``), imports accept either name (``named``), and matching
compares entries, not words (matchmaking.scoring).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.models import Revision


class TechnologyFieldQuerySet(models.QuerySet):
    def named(self, name):
        """The entry whose Chinese name, or English name in any case, is
        ``name`` (surrounding spaces ignored), or None."""
        name = " ".join(str(name or "").split())
        if not name:
            return None
        return (
            self.filter(name_zh=name).first()
            or self.annotate(lower_en=Lower("name_en"))
            .filter(lower_en=name.lower())
            .exclude(name_en="")
            .first()
        )

    def in_use(self, queryset):
        """The entries that pages of ``queryset`` (achievements, demands)
        point at, in list order."""
        return self.filter(pk__in=queryset.exclude(field=None).values("field_id")).order_by(
            "sort_order", "name_zh"
        )


class TechnologyField(models.Model):
    name_zh = models.CharField(_("Chinese name"), max_length=64, unique=True)
    name_en = models.CharField(
        _("English name"),
        max_length=64,
        blank=True,
        help_text=_("Shown on the English pages; without it they show the Chinese name."),
    )
    sort_order = models.IntegerField(
        _("sort order"), default=0, help_text=_("Lower numbers come first in lists and filters.")
    )

    objects = TechnologyFieldQuerySet.as_manager()

    class Meta:
        verbose_name = _("technology field")
        verbose_name_plural = _("technology fields")
        ordering = ["sort_order", "name_zh"]
        constraints = [
            models.UniqueConstraint(
                Lower("name_en"),
                condition=~models.Q(name_en=""),
                name="technologyfield_unique_english_name",
                violation_error_message=_("Another technology field already has this English name."),
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The name in the active language (English pages: the English name
        when there is one)."""
        return field_label(self.name_zh, self.name_en)

    def names(self):
        """Both names, for search text: "海洋生物 Marine biology"."""
        return " ".join(name for name in (self.name_zh, self.name_en) if name)

    def clean(self):
        self.name_zh = " ".join(self.name_zh.split())
        self.name_en = " ".join(self.name_en.split())


def field_label(name_zh, name_en):
    """A field's name in the active language, from its two names (for
    queries that read the names, not the entries)."""
    if name_en and (translation.get_language() or "").startswith("en"):
        return name_en
    return name_zh or ""


def label_of(field):
    """The label of a page's field (None on a draft that has none yet)."""
    return field.label if field is not None else ""


def usage_count(field):
    """How many pages and stored revisions choose ``field``: while any do it
    cannot be deleted (PROTECT covers the pages' rows; the revisions hold its
    id in their content, and Wagtail could not load one whose entry is gone)."""
    count = 0
    content_types = []
    for relation in TechnologyField._meta.related_objects:
        count += relation.related_model._default_manager.filter(**{relation.field.name: field}).count()
        content_types.append(ContentType.objects.get_for_model(relation.related_model))
    return count + Revision.objects.filter(content_type__in=content_types, content__field=field.pk).count()
