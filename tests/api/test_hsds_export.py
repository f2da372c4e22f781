"""``manage.py export_hsds DIR``: the HSDS tabular data package, validated
with frictionless against HSDS's own descriptor; the bureau's download."""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command

from api.hsds.export import TABLES
from incubators.models import IncubatorPage
from services.models import ServicePage
from tests.api.hsds_reference import descriptor, needs_hsds

pytestmark = pytest.mark.django_db


def export(tmp_path):
    out = io.StringIO()
    call_command("export_hsds", str(tmp_path), stdout=out)
    return out.getvalue()


def rows(folder, name):
    with open(folder / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_writes_every_table_in_utf8_without_bom(tmp_path):
    message = export(tmp_path)
    assert str(len(TABLES) + 1) in message
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert {resource["path"] for resource in package["resources"]} == {path for _n, path, _s in TABLES}
    for _name, path, _spec in TABLES:
        raw = (tmp_path / path).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf"), path
        raw.decode("utf-8")
    organizations = rows(tmp_path, "organizations.csv")
    assert {row["name"] for row in organizations} >= {"慧谷孵化器"}


@needs_hsds
def test_names_and_columns_are_hsds_own(tmp_path):
    export(tmp_path)
    ours = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    theirs = descriptor()
    assert [(r["name"], r["path"]) for r in ours["resources"]] == [
        (r["name"], r["path"]) for r in theirs["resources"]
    ]
    for mine, reference in zip(ours["resources"], theirs["resources"], strict=True):
        assert [(f["name"], f["type"]) for f in mine["schema"]["fields"]] == [
            (f["name"], f["type"]) for f in reference["schema"]["fields"]
        ], mine["name"]
        with open(tmp_path / mine["path"], encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == [f["name"] for f in reference["schema"]["fields"]]


@needs_hsds
def test_frictionless_validates_the_package_against_hsds_descriptor(tmp_path):
    from frictionless import Package

    export(tmp_path)
    # HSDS's descriptor, unchanged, read against our files.
    (tmp_path / "hsds-descriptor.json").write_text(json.dumps(descriptor()), encoding="utf-8")
    report = Package(str(tmp_path / "hsds-descriptor.json")).validate()
    problems = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors][:20]
    assert report.valid, problems
    # and our own datapackage.json too
    assert Package(str(tmp_path / "datapackage.json")).validate().valid


@needs_hsds
def test_frictionless_catches_a_broken_file(tmp_path):
    from frictionless import Package

    export(tmp_path)
    with open(tmp_path / "services.csv", "a", encoding="utf-8") as handle:
        handle.write("," * 22 + "\n")  # a row without its required id, name and status
    (tmp_path / "hsds-descriptor.json").write_text(json.dumps(descriptor()), encoding="utf-8")
    assert not Package(str(tmp_path / "hsds-descriptor.json")).validate().valid


def test_import_then_export_keeps_the_counts(tmp_path):
    directory = {
        "incubators": [
            {
                "slug": "export-a",
                "name": "导出测试孵化器甲",
                "kind": "incubator",
                "district": "崖头街道",
                "address_street": "府新路1号",
                "postal_code": "264300",
                "opening_hours": [{"weekday": 1, "opens": "09:00", "closes": "17:00"}],
                "specialties": {"legal": 3},
            },
            {"slug": "export-b", "name": "导出测试众创空间乙", "kind": "maker_space"},
        ],
        "services": [
            {
                "slug": f"export-service-{n}",
                "incubator": "export-a" if n % 2 else "export-b",
                "category": "legal",
                "title": f"导出测试服务{n}",
                "fee": "free",
                "delivery_mode": "online",
                "status": "inactive" if n == 1 else "active",
            }
            for n in range(1, 6)
        ],
    }
    source = tmp_path / "directory.json"
    source.write_text(json.dumps(directory, ensure_ascii=False), encoding="utf-8")
    call_command("import_directory", str(source), stdout=io.StringIO())
    out = tmp_path / "out"
    export(out)
    incubators = IncubatorPage.objects.live().public().count()
    services = ServicePage.objects.live().public().count()
    assert incubators == 5 + 2 and services == 46 + 5
    assert len(rows(out, "organizations.csv")) == incubators
    assert len(rows(out, "services.csv")) == services
    assert len(rows(out, "locations.csv")) == incubators == len(rows(out, "addresses.csv"))
    assert len(rows(out, "service_at_location.csv")) == services == len(rows(out, "cost_options.csv"))
    assert len(rows(out, "taxonomy_terms.csv")) == 7
    mine = {row["name"]: row for row in rows(out, "services.csv")}
    assert mine["导出测试服务1"]["status"] == "inactive" and mine["导出测试服务2"]["status"] == "active"
    address = next(row for row in rows(out, "addresses.csv") if row["address_1"] == "府新路1号")
    assert address["region"] == "崖头街道" and address["city"] == "荣成市"


def test_the_bureau_downloads_the_export_from_the_admin(client, login):
    login("op-huigu")
    assert client.get("/admin/open-data/hsds.zip").status_code in (302, 403)
    login("bureau")
    response = client.get("/admin/open-data/hsds.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert "datapackage.json" in archive.namelist() and "services.csv" in archive.namelist()
    assert archive.read("services.csv").decode("utf-8").count("\n") == 46 + 1


def test_the_data_package_keeps_operator_text_raw(tmp_path, demo):
    """A machine data set, not a sheet for people: no formula-neutralising
    apostrophe (core.spreadsheets), which would corrupt +86 numbers."""
    huigu = demo.incubator("huigu")
    huigu.contact_phone = "+86 631 7561234"
    huigu.save_revision().publish()
    export(tmp_path)
    numbers = {row["number"] for row in rows(tmp_path, "phones.csv")}
    assert "+86 631 7561234" in numbers
    assert not any(number.startswith("'") for number in numbers)
