"""Mail goes out from the task worker, never from a web request.

``send_mail`` has the signature of Django's and only *enqueues* the message:
the worker (``manage.py run_worker``) talks to SMTP. A failed attempt is
recorded as a failed task (exception and traceback, in the task table the
admin's **后台任务 Background tasks** report lists) and retried later, after
each delay of ``settings.MAIL_RETRY_DELAYS``; the last failure stays as the
record. With a backend that cannot defer (the immediate backend of tests and
of a laptop) a failure is recorded once and not retried.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core import mail
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_mail_task(subject, body, recipients, from_email=None, attempt=1):
    """Deliver one message; on failure, queue the next attempt and fail this one."""
    try:
        mail.send_mail(subject, body, from_email, recipients)
    except Exception:
        delays = settings.MAIL_RETRY_DELAYS
        backend = send_mail_task.get_backend()
        if attempt <= len(delays) and backend.supports_defer:
            later = timezone.now() + timedelta(seconds=delays[attempt - 1])
            send_mail_task.using(run_after=later).enqueue(
                subject, body, recipients, from_email, attempt=attempt + 1
            )
            logger.warning(
                "Mail %r to %s failed (attempt %d); retry at %s", subject, recipients, attempt, later
            )
        else:
            logger.error("Mail %r to %s failed for good after %d attempts", subject, recipients, attempt)
        raise
    return {"recipients": len(recipients), "attempt": attempt}


def send_mail(subject, message, from_email, recipient_list):
    """Queue a plain-text mail (Django's ``send_mail`` arguments). Returns at
    once; call it after the transaction that records the reason commits."""
    send_mail_task.enqueue(str(subject), str(message), list(recipient_list), from_email)
    return len(recipient_list)
