"""Abstract building blocks shared by the apps' page models."""

from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class ListingPage(Page):
    """A public list under the home page (incubators, events, achievements):
    an editable introduction, then whatever ``listing_context`` returns."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

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
