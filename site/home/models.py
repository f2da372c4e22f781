"""The network's home page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from home.overview import network_overview, upcoming_events_context
from quotas.summary import home_activity_context


class HomePage(Page):
    """The network at a glance: what each category offers and where."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(network_overview())
        context.update(home_activity_context())
        context.update(upcoming_events_context(incubators=context.get("incubators")))
        return context
