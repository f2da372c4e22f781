"""The services app's periodic job: reminders of unanswered requests.

Declared like the other periodic jobs (search.tasks.drain_index,
home.jobs.*): a django-tasks task named in settings.PERIODIC_TASKS, which the
worker's scheduler (home.jobs.enqueue_due, in ``manage.py run_worker``)
enqueues once per period across all workers. Its mail goes through
core.mail, queued as tasks like every other mail.
"""

from django_tasks import task

from services.referrals import send_overdue_reminders


@task()
def send_referral_reminders():
    """Remind operators of the requests waiting longer than
    REFERRAL_REMINDER_AFTER_HOURS for a first answer (once per request)."""
    return {"reminded": send_overdue_reminders()}
