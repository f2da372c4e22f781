"""The attendee list of one event as CSV or XLSX, for the host's operators."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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


def _safe_cell(value):
    """Keep spreadsheet programs from running a typed-in formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not value[1:2].isdigit():
        return "'" + value
    return value


def csv_response(event):
    header, rows = attendee_rows(event)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # so Excel opens the Chinese text as UTF-8
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([[_safe_cell(cell) for cell in row] for row in rows])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "csv")}"'
    return response


def xlsx_response(event):
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    header, rows = attendee_rows(event)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Attendees")[:31]
    sheet.append(header)
    for row in rows:
        sheet.append([_safe_cell(cell) for cell in row])
    for index, width in enumerate((6, 12, 28, 16, 28, 14, 18, 18), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(event, "xlsx")}"'
    return response
