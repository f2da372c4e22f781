from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from services.referrals import send_overdue_reminders


class Command(BaseCommand):
    """A thin wrapper for running the reminders by hand: the worker runs the
    same function every hour (services.tasks.send_referral_reminders)."""

    help = "Remind operators of service requests still unanswered after REFERRAL_REMINDER_AFTER_HOURS."

    def handle(self, *args, **options):
        count = send_overdue_reminders()
        self.stdout.write(_("Reminders sent: %(count)d") % {"count": count})
