"""The network's home page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from core.pages import EnglishVersionMixin
from home.overview import network_overview, upcoming_events_context
from quotas.summary import home_activity_context


class RootPage(Page):
    """The page tree's root (depth 1), above the home page. It is never
    published or edited; the admin shows it as the top of the explorer, the
    breadcrumbs, the choosers and the sidebar's page menu, and names it in
    the user's language (its stored title stays 全站, migration home.0004).
    Migration home.0007 turned Wagtail's plain root into this type."""

    parent_page_types = []  # only the root, made by the migration
    is_creatable = False

    class Meta:
        verbose_name = _("root of the page tree")
        verbose_name_plural = _("roots of the page tree")

    def get_admin_display_title(self):
        return pgettext("the page tree's root", "All pages")


class HomePage(EnglishVersionMixin, Page):
    """The network at a glance: what each category offers and where."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")] + EnglishVersionMixin.english_panels

    # Under the root: RootPage, or a plain Page where a test builds a tree of
    # its own with Page.add_root.
    parent_page_types = ["home.RootPage", "wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(network_overview())
        context.update(home_activity_context())
        context.update(upcoming_events_context(incubators=context.get("incubators")))
        return context


# --- Issue 10: the task worker's heartbeat and schedule ---------------------


class WorkerHeartbeat(models.Model):
    """One row per running task worker, touched every few seconds: /healthz
    reads how long ago a worker was last seen."""

    worker_id = models.CharField(_("worker"), max_length=64, unique=True)
    hostname = models.CharField(_("host"), max_length=255, blank=True)
    pid = models.PositiveIntegerField(_("process id"), default=0)
    started_at = models.DateTimeField(_("started at"))
    seen_at = models.DateTimeField(_("last seen"), db_index=True)

    class Meta:
        verbose_name = _("task worker")

    def __str__(self):
        return f"{self.worker_id}@{self.hostname}"


class PeriodicJob(models.Model):
    """When each periodic job (settings.PERIODIC_TASKS) was last enqueued.
    Workers claim a due run with a conditional update, so several workers
    on several machines enqueue it once."""

    name = models.CharField(_("job"), max_length=64, unique=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)
    next_run_at = models.DateTimeField(_("next run"))

    class Meta:
        verbose_name = _("periodic job")

    def __str__(self):
        return self.name
