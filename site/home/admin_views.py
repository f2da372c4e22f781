"""**后台任务 Background tasks** in the Wagtail admin (bureau only): what waits,
what failed and why, the workers and the periodic jobs. Task arguments (mail
bodies and addresses) are not shown."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from django_tasks_db.models import DBTaskResult
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.access import is_bureau
from home.models import PeriodicJob, WorkerHeartbeat

FAILURES_SHOWN = 50


class TaskReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "home/admin/tasks.html"
    header_icon = "cogs"
    page_title = gettext_lazy("Background tasks")

    def dispatch(self, request, *args, **kwargs):
        if not is_bureau(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        failures = []
        for task in DBTaskResult.objects.failed().order_by("-finished_at")[:FAILURES_SHOWN]:
            lines = [line for line in task.traceback.strip().splitlines() if line.strip()]
            failures.append(
                {
                    "name": task.task_path,
                    "attempt": task.args_kwargs.get("kwargs", {}).get("attempt", 1),
                    "finished_at": task.finished_at,
                    "error": lines[-1][:300] if lines else task.exception_class_path,
                }
            )
        context.update(
            {
                "counts": dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id"))),
                "ready": DBTaskResult.objects.ready().count(),
                "deferred": DBTaskResult.objects.filter(status="READY", run_after__gt=timezone.now()).count(),
                "failures": failures,
                "workers": WorkerHeartbeat.objects.order_by("-seen_at"),
                "jobs": PeriodicJob.objects.order_by("name"),
            }
        )
        return context
