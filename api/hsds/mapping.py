"""Our records as Open Referral HSDS 3.0 objects, for the API and the export.

Incubator → organization (and its site → one physical location with one
address); service → service, offered at its incubator's location
(service_at_location); the seven specialties → one taxonomy of seven terms;
a service's category → an attribute linking it to its term; an incubator's
specialty strengths → attributes of the organization (value 0–5); the fee →
a cost_option in CNY; opening hours → weekly schedules; languages → language
rows; the published service-desk or incubator phone and email → phones and
contacts. Keys without a value are left out (HSDS types them as strings, not
null). Ids: ``api.hsds.ids``.
"""

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from api.hsds.ids import derived, page_uuid, taxonomy_uuid, term_uuid
from api.records import plain_text
from core.taxonomy import Category
from incubators.open_data import NETWORK_CITY, NETWORK_POSTAL_CODE, NETWORK_PROVINCE, Language, Weekday
from services.taxonomy import Fee

HSDS_VERSION = "3.0"
PROFILE_URL = "https://docs.openreferral.org/en/latest/hsds/"
BYDAY = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}
SERVICE_STATUS = {"active": "active", "inactive": "inactive", "temporarily_closed": "temporarily closed"}
TAXONOMY_NAME = "rongcheng-specialties"


def compact(record):
    """Leave out keys without a value: HSDS types them as strings, not null."""
    return {key: value for key, value in record.items() if value not in (None, "")}


def iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


# --- taxonomy ---------------------------------------------------------------


def taxonomy():
    return compact(
        {
            "id": str(taxonomy_uuid()),
            "name": TAXONOMY_NAME,
            "description": _(
                "The seven service specialties of item 5 of Rongcheng's 2022 science and "
                "technology innovation action plan."
            ),
            "version": "2022",
        }
    )


def taxonomy_term(code):
    labels = dict(Category.choices)
    return compact(
        {
            "id": str(term_uuid(code)),
            "code": code,
            "name": str(labels[code]),
            "description": _("Services and strength in: %(specialty)s") % {"specialty": labels[code]},
            "taxonomy": TAXONOMY_NAME,
            "taxonomy_id": str(taxonomy_uuid()),
            "language": (get_language() or "zh").split("-")[0],
        }
    )


def taxonomy_terms():
    return [taxonomy_term(code) for code in Category.values]


def code_of_term(term_id):
    for code in Category.values:
        if str(term_uuid(code)) == str(term_id):
            return code
    return None


# --- organizations and their locations ---------------------------------------


def location_uuid(incubator):
    return derived(page_uuid(incubator), "location")


def organization(incubator, request=None):
    """The list form (compiled/organization_list.json)."""
    return compact(
        {
            "id": str(page_uuid(incubator)),
            "name": incubator.title,
            "description": incubator.summary or plain_text(incubator.description) or incubator.title,
            "email": incubator.contact_email,
            "website": incubator.website,
            "uri": incubator.get_full_url(request),
        }
    )


def address(incubator):
    location_id = location_uuid(incubator)
    return compact(
        {
            "id": str(derived(location_id, "address")),
            "location_id": str(location_id),
            "address_1": incubator.address_street or incubator.address or incubator.title,
            "city": incubator.address_city or NETWORK_CITY,
            "region": incubator.district,
            "state_province": incubator.address_province or NETWORK_PROVINCE,
            "postal_code": incubator.postal_code or NETWORK_POSTAL_CODE,
            "country": "CN",
            "address_type": "physical",
        }
    )


def schedules(rows, owner_id, link):
    """One weekly schedule per opening-hours row; ``link`` is the owner's
    key (service_id or location_id)."""
    days = dict(Weekday.choices)
    return [
        compact(
            {
                "id": str(
                    derived(owner_id, "schedule", row.weekday, row.opens.isoformat(), row.closes.isoformat())
                ),
                link: str(owner_id),
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": BYDAY[row.weekday],
                "opens_at": row.opens.strftime("%H:%M:%S"),
                "closes_at": row.closes.strftime("%H:%M:%S"),
                "description": f"{days[row.weekday]} {row.opens:%H:%M}–{row.closes:%H:%M}",
                "attending_type": "in_person",
            }
        )
        for row in rows
    ]


def languages(page, owner_id, link):
    labels = dict(Language.choices)
    return [
        compact(
            {
                "id": str(derived(owner_id, "language", code)),
                link: str(owner_id),
                "name": str(labels.get(code, code)),
                "code": code,
            }
        )
        for code in page.language_codes
    ]


def phones(page, owner_id, link):
    if not page.contact_phone:
        return []
    return [
        compact(
            {
                "id": str(derived(owner_id, "phone")),
                link: str(owner_id),
                "number": page.contact_phone,
                "type": "voice",
            }
        )
    ]


def contacts(page, owner_id, link):
    if not (page.contact_name or page.contact_email):
        return []
    return [
        compact(
            {
                "id": str(derived(owner_id, "contact")),
                link: str(owner_id),
                "name": page.contact_name,
                "email": page.contact_email,
            }
        )
    ]


def location(incubator):
    location_id = location_uuid(incubator)
    return compact(
        {
            "id": str(location_id),
            "location_type": "physical",
            "organization_id": str(page_uuid(incubator)),
            "name": incubator.title,
            "description": incubator.address,
            "latitude": float(incubator.latitude) if incubator.latitude is not None else None,
            "longitude": float(incubator.longitude) if incubator.longitude is not None else None,
            "addresses": [address(incubator)],
            "schedules": schedules(incubator.opening_hours.all(), location_id, "location_id"),
            "languages": languages(incubator, location_id, "location_id"),
        }
    )


def strength_attributes(incubator):
    org_id = page_uuid(incubator)
    return [
        compact(
            {
                "id": str(derived(org_id, "strength", row.category)),
                "link_id": str(org_id),
                "link_type": "specialty_strength",
                "link_entity": "organization",
                "taxonomy_term_id": str(term_uuid(row.category)),
                "taxonomy_term": taxonomy_term(row.category),
                "value": str(row.strength),
            }
        )
        for row in incubator.specialties.all()
    ]


def organization_full(incubator, request=None):
    """The detail form (organization.json): its location, phones, contacts
    and specialty strengths."""
    org_id = page_uuid(incubator)
    return {
        **organization(incubator, request),
        "locations": [location(incubator)],
        "phones": phones(incubator, org_id, "organization_id"),
        "contacts": contacts(incubator, org_id, "organization_id"),
        "attributes": strength_attributes(incubator),
    }


# --- services ---------------------------------------------------------------


def service_at_location_uuid(service, incubator):
    return derived(page_uuid(service), "at", location_uuid(incubator))


def cost_option(service):
    service_id = page_uuid(service)
    return compact(
        {
            "id": str(derived(service_id, "cost")),
            "service_id": str(service_id),
            "option": str(dict(Fee.choices)[service.fee]),
            "currency": "CNY",
            "amount": 0 if service.fee == Fee.FREE else None,
            "amount_description": service.fee_text,
        }
    )


def category_attribute(service):
    service_id = page_uuid(service)
    return compact(
        {
            "id": str(derived(service_id, "category", service.category)),
            "link_id": str(service_id),
            "link_type": "service_category",
            "link_entity": "service",
            "taxonomy_term_id": str(term_uuid(service.category)),
            "taxonomy_term": taxonomy_term(service.category),
            "value": service.category,
        }
    )


def fees_description(service):
    label = str(dict(Fee.choices)[service.fee])
    return f"{label}：{service.fee_text}" if service.fee_text else label


def service(service, incubator, request=None):
    """The list form (compiled/service_list.json)."""
    return compact(
        {
            "id": str(page_uuid(service)),
            "organization_id": str(page_uuid(incubator)),
            "name": service.title,
            "description": plain_text(service.description),
            "url": service.get_full_url(request),
            "email": service.contact_email,
            "status": SERVICE_STATUS[service.status],
            "fees_description": fees_description(service),
            "eligibility_description": service.eligibility,
            "wait_time": service.lead_time,
            "assured_date": service.last_verified.isoformat() if service.last_verified else None,
            "last_modified": iso(service.last_published_at),
            "organization": organization(incubator, request),
        }
    )


def service_at_location(service, incubator, with_location=True):
    record = {
        "id": str(service_at_location_uuid(service, incubator)),
        "service_id": str(page_uuid(service)),
        "location_id": str(location_uuid(incubator)),
    }
    if with_location:
        record["location"] = location(incubator)
    return record


def service_full(service_page, incubator, request=None):
    """The fully nested form (compiled/service.json)."""
    service_id = page_uuid(service_page)
    own_hours = list(service_page.opening_hours.all())
    return {
        **service(service_page, incubator, request),
        "organization": organization(incubator, request),
        "service_at_locations": [service_at_location(service_page, incubator)],
        "phones": phones(service_page, service_id, "service_id"),
        "contacts": contacts(service_page, service_id, "service_id"),
        # A service without its own hours keeps its incubator's (on the location).
        "schedules": schedules(own_hours, service_id, "service_id"),
        "languages": languages(service_page, service_id, "service_id"),
        "cost_options": [cost_option(service_page)],
        "attributes": [category_attribute(service_page)],
    }
