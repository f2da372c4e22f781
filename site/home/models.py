"""The network's home page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from core.pages import EnglishVersionMixin
from home.overview import network_overview, upcoming_events_context
from quotas.summary import home_activity_context


class HomePage(EnglishVersionMixin, Page):
    """The network at a glance: what each category offers and where."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")] + EnglishVersionMixin.english_panels

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
