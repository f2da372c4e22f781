"""The attendee list of one event as CSV or XLSX, for the host's operators."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core import spreadsheets
from core.spreadsheets import Sheet
from events.models import Registration


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def attendee_rows(event):
    """A header row, then one row per registration (cancelled ones last)."""
    header = [
        _("No."),
        pgettext("registrant", "Name"),
        pgettext("registrant", "Company or organisation"),
        pgettext("registrant", "Phone"),
        pgettext("registrant", "Email"),
        _("Status"),
        _("Registered at"),
        _("Checked in at"),
    ]
    registrations = sorted(
        Registration.objects.filter(event=event),
        key=lambda r: (r.status == "cancelled", r.status == "waiting", r.created_at, r.pk),
    )
    rows = [
        [
            number,
            r.name,
            r.company,
            r.phone,
            r.email,
            str(r.get_status_display()),
            _local(r.created_at),
            _local(r.checked_in_at),
        ]
        for number, r in enumerate(registrations, start=1)
    ]
    return header, rows


def _filename(event, extension):
    return f"attendees-{event.slug}-{timezone.localtime(event.start):%Y%m%d}.{extension}"


def _sheet(event):
    header, rows = attendee_rows(event)
    return Sheet(_("Attendees"), header, rows, widths=(6, 12, 28, 16, 28, 14, 18, 18))


def csv_response(event):
    return spreadsheets.csv_response(_sheet(event), _filename(event, "csv"))


def xlsx_response(event):
    return spreadsheets.xlsx_response([_sheet(event)], _filename(event, "xlsx"))
