"""The quota exports are for people: an English visitor gets English
headers, scope and status words; the metric codes stay as they are (for
machines, beside the names), and the incubators' and districts' names are
what operators wrote (issue 15)."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from quotas.models import Metric
from tests.language import foreign_words

pytestmark = pytest.mark.django_db

STATUS_WORDS = {"Met", "On track", "Behind", ""}


@pytest.fixture
def english(client):
    client.cookies["lang"] = "en"
    return client


def test_csv_export_in_english(english):
    year = timezone.localdate().year
    text = english.get(f"/report/{year}/export.csv").content.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text)))
    assert header[3] == "Metric code" and foreign_words(" ".join(header), "en") == []
    assert {row[3] for row in rows} == set(Metric.values)
    assert {row[-1] for row in rows} <= STATUS_WORDS and "Behind" in {row[-1] for row in rows}
    for row in rows:  # column 2 names the scope: an incubator or a district, as written
        assert foreign_words(" ".join(row[:2] + row[3:]), "en") == [], row
    assert "Whole network" in {row[1] for row in rows}


def test_xlsx_export_in_english(english):
    year = timezone.localdate().year
    workbook = load_workbook(io.BytesIO(english.get(f"/report/{year}/export.xlsx").content))
    assert foreign_words(" ".join(workbook.sheetnames), "en") == []
    summary, months, by_incubator = (list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets)
    for sheet in (summary, months, by_incubator):
        assert foreign_words(" ".join(str(cell) for cell in sheet[0]), "en") == []
    assert [row[0] for row in summary[1:]] == list(Metric.values)  # codes stay
    assert {row[-1] or "" for row in summary[1:]} <= STATUS_WORDS
    for row in summary[1:] + months[1:]:
        assert foreign_words(" ".join(str(cell) for cell in row), "en") == [], row
