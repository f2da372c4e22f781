"""Formula injection: every cell the project exports (attendee lists, quota
report, referral measures) that starts with = + - @, a tab or a carriage
return is written as text, never as a formula — in XLSX and in CSV."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from core.spreadsheets import FORMULA_STARTS, Sheet, csv_bytes, safe_cell, xlsx_bytes
from events.registrations import register
from tests.events.factories import make_event, person

PAYLOADS = [
    '=1+HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_dangerous_start_is_neutralised(payload):
    assert payload.startswith(FORMULA_STARTS)
    assert safe_cell(payload) == "'" + payload


def test_numbers_and_plain_text_are_kept():
    assert (
        safe_cell(12) == 12
        and safe_cell(1.5) == 1.5
        and safe_cell("张三") == "张三"
        and safe_cell(None) == ""
    )


def test_a_workbook_holds_no_formula():
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes([Sheet("t", ["名称"], [[p] for p in PAYLOADS])])))
    for (cell,) in workbook.active.iter_rows(min_row=2):
        assert cell.data_type == "s"
        assert cell.value.startswith("'")


def test_a_csv_holds_no_formula():
    rows = list(
        csv.reader(io.StringIO(csv_bytes(Sheet("t", ["名称"], [[p] for p in PAYLOADS])).decode("utf-8-sig")))
    )
    assert all(row[0].startswith("'") for row in rows[1:])


@pytest.mark.django_db
@pytest.mark.parametrize("export", ["xlsx", "csv"])
def test_the_attendee_export_neutralises_a_registrants_name(client, login, demo, export):
    event = make_event(demo.incubator("huigu"))
    register(event, **person(1, name='=1+HYPERLINK("http://evil.example","点我")'))
    login("op-huigu")
    url = reverse("events_admin:registrations", args=[event.pk]) + f"?export={export}"
    content = client.get(url).content
    if export == "xlsx":
        values = [
            c
            for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)
            for c in row
        ]
    else:
        values = [c for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for c in row]
    assert '\'=1+HYPERLINK("http://evil.example","点我")' in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
