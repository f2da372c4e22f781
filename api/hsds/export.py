"""The HSDS 3.0 tabular data package: ``datapackage.json`` and one CSV file
per HSDS table (names and columns as HSDS's own descriptor), UTF-8 without a
byte-order mark. Built from the same mapping as ``/api/hsds/``, so the two
cannot disagree; tables we have nothing for (programs, funding, …) are
written with their header only, so the package is complete.

Used by ``manage.py export_hsds DIR`` and the bureau's download in the admin.
"""

import csv
import io
import json
import zipfile
from pathlib import Path

from django.utils import translation

from api.hsds import mapping
from api.hsds.api import Directory

# HSDS 3.0's tables: resource name, file, columns (``name:type`` where the
# type is not string).
TABLES = [
    (
        "organization",
        "organizations.csv",
        "id name alternate_name description email website tax_status tax_id year_incorporated:number "
        "legal_status logo uri parent_organization_id",
    ),
    ("program", "programs.csv", "id organization_id name alternate_name description"),
    (
        "service",
        "services.csv",
        "id organization_id program_id name alternate_name description url email status "
        "interpretation_services application_process fees_description wait_time fees accreditations "
        "eligibility_description minimum_age:number maximum_age:number assured_date:date assurer_email "
        "licenses alert last_modified:datetime",
    ),
    ("attribute", "attributes.csv", "id link_id taxonomy_term_id link_type link_entity value"),
    ("service_at_location", "service_at_location.csv", "id service_id location_id description"),
    (
        "location",
        "locations.csv",
        "id location_type url organization_id name alternate_name description transportation "
        "latitude:number longitude:number external_identifier external_identifier_type",
    ),
    (
        "phone",
        "phones.csv",
        "id location_id service_id organization_id contact_id service_at_location_id number "
        "extension:number type description",
    ),
    (
        "contact",
        "contacts.csv",
        "id organization_id service_id service_at_location_id location_id name title department email",
    ),
    (
        "address",
        "addresses.csv",
        "id location_id attention address_1 address_2 city region state_province postal_code country "
        "address_type",
    ),
    (
        "schedule",
        "schedules.csv",
        "id service_id location_id service_at_location_id valid_from:date valid_to:date dtstart:date "
        "timezone:number until:date count:number wkst freq interval:number byday byweekno bymonthday "
        "byyearday description opens_at:time closes_at:time schedule_link attending_type notes",
    ),
    ("funding", "funding.csv", "id organization_id service_id source"),
    ("service_area", "service_areas.csv", "id service_id name description extent extent_type uri"),
    ("required_document", "required_documents.csv", "id service_id document uri"),
    ("language", "languages.csv", "id service_id location_id phone_id name code note"),
    ("accessibility", "accessibility.csv", "id location_id description details url"),
    (
        "taxonomy_term",
        "taxonomy_terms.csv",
        "id code name description parent_id taxonomy language taxonomy_id term_uri",
    ),
    (
        "metadata",
        "metadata.csv",
        "id resource_id resource_type last_action_date:date last_action_type field_name previous_value "
        "replacement_value updated_by",
    ),
    ("meta_table_description", "meta_table_descriptions.csv", "id name language character_set"),
    (
        "cost_option",
        "cost_options.csv",
        "id service_id valid_from:date valid_to:date option currency amount:number amount_description",
    ),
    (
        "organization_identifier",
        "organization_identifiers.csv",
        "id organization_id identifier_scheme identifier_type identifier",
    ),
    ("taxonomy", "taxonomies.csv", "id name description uri version"),
]


def columns(spec):
    return [(item.split(":") + ["string"])[:2] for item in spec.split()]


def descriptor():
    """Our ``datapackage.json``: the tables above as tabular resources."""
    return {
        "name": "rongcheng-incubator-network-hsds",
        "title": "荣成市孵化器服务网络 · Open Referral HSDS 3.0",
        "profile": "tabular-data-package",
        "version": mapping.HSDS_VERSION,
        "resources": [
            {
                "name": name,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [{"name": field, "type": kind} for field, kind in columns(spec)],
                    "primaryKey": "id",
                },
            }
            for name, path, spec in TABLES
        ],
    }


def _flat(record):
    """A nested HSDS object as its own table's row: nested lists and objects
    go to their own tables."""
    return {key: value for key, value in record.items() if not isinstance(value, list | dict)}


def tables(request=None):
    """Rows of every table, by resource name, for what is public now."""
    rows = {name: [] for name, _path, _spec in TABLES}
    directory = Directory()
    rows["taxonomy"].append(mapping.taxonomy())
    rows["taxonomy_term"].extend(mapping.taxonomy_terms())
    for incubator in directory.by_path.values():
        organization = mapping.organization_full(incubator, request)
        rows["organization"].append(_flat(organization))
        rows["phone"].extend(organization["phones"])
        rows["contact"].extend(organization["contacts"])
        rows["attribute"].extend(_flat(item) for item in organization["attributes"])
        for location in organization["locations"]:
            rows["location"].append(_flat(location))
            rows["address"].extend(location["addresses"])
            rows["schedule"].extend(location["schedules"])
            rows["language"].extend(location["languages"])
    for service_page in directory.services():
        service = mapping.service_full(service_page, directory.owner(service_page), request)
        rows["service"].append(_flat(service))
        rows["service_at_location"].extend(_flat(item) for item in service["service_at_locations"])
        for table in ("phone", "contact", "schedule", "language", "cost_option"):
            rows[table].extend(service[table + "s"])
        rows["attribute"].extend(_flat(item) for item in service["attributes"])
    return rows


def _csv(spec, rows):
    buffer = io.StringIO()
    names = [name for name, _kind in columns(spec)]
    writer = csv.DictWriter(buffer, fieldnames=names, extrasaction="raise", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def files(request=None):
    """``{file name: bytes}`` of the whole package. Chinese labels whatever
    the caller's language: the data set is the directory's, not a page."""
    with translation.override("zh-hans"):
        rows = tables(request)
    result = {"datapackage.json": json.dumps(descriptor(), ensure_ascii=False, indent=2).encode("utf-8")}
    for name, path, spec in TABLES:
        result[path] = _csv(spec, rows[name])
    return result


def write(directory, request=None):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = files(request)
    for name, content in written.items():
        (directory / name).write_bytes(content)
    return written


def zip_bytes(request=None):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files(request).items():
            archive.writestr(name, content)
    return buffer.getvalue()
