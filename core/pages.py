"""Abstract building blocks shared by the apps' page models."""

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page

from core.page_forms import ScopedMediaPageForm


class EnglishVersionMixin(models.Model):
    """An English title and introduction beside the Chinese ones, for the
    pages the site itself writes (the home page and the public lists): the
    menu, breadcrumbs and headings follow the visitor's language. Operators'
    own pages (an incubator, a service) stay in the language they wrote.

    Translatable fields rather than Wagtail's localisation (a page tree per
    locale): one tree keeps one URL per page, the operators' subtrees and
    permissions, the workflows and the search index as they are; only these
    few pages need a second language, and only two fields of them."""

    title_en = models.CharField(_("title in English"), max_length=255, blank=True)
    intro_en = models.TextField(_("introduction in English"), blank=True)

    english_panels = [
        MultiFieldPanel(
            [FieldPanel("title_en"), FieldPanel("intro_en")],
            heading=_("English version"),
        )
    ]

    class Meta:
        abstract = True

    @staticmethod
    def in_english():
        return (get_language() or "").startswith("en")

    @property
    def display_title(self):
        """The title in the visitor's language (the Chinese one when no
        English version is written)."""
        return self.title_en if self.in_english() and self.title_en else self.title

    @property
    def display_intro(self):
        if self.in_english():
            return self.intro_en  # never the Chinese text on an English page
        return self.intro

    def get_admin_display_title(self):
        """The admin (explorer, breadcrumbs, choosers) names these pages in
        the user's language too; otherwise Wagtail's draft title."""
        if self.in_english() and self.title_en:
            return self.title_en
        return super().get_admin_display_title()


class ListingPage(EnglishVersionMixin, Page):
    """A public list under the home page (incubators, events, achievements):
    an editable introduction, then whatever ``listing_context`` returns."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")] + EnglishVersionMixin.english_panels

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        abstract = True

    def listing_context(self, request):
        return {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.listing_context(request))
        return context


class IncubatorChildPage(Page):
    """What an incubator publishes (a service, event, achievement, project):
    always a child of its IncubatorPage, so the incubator's operators — and
    only they — may edit it, and never a parent of other pages."""

    parent_page_types = ["incubators.IncubatorPage"]
    subpage_types = []
    base_form_class = ScopedMediaPageForm

    class Meta:
        abstract = True

    @cached_property
    def incubator(self):
        """The incubator that publishes this page: its parent, as its specific
        page (parent_page_types allows nothing else)."""
        return Page.objects.filter(path=self.path[: -self.steplen]).specific().first()


class CaptionedImage(models.Model):
    """An image with a caption, for a page's InlinePanel of pictures; the
    concrete class adds the ParentalKey (and Orderable)."""

    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta:
        abstract = True
