"""Stable UUIDs for HSDS.

Every Wagtail page already has one (``translation_key``, kept across edits,
moves and publishing), so an incubator's organization id and a service's id
are their pages' keys. Records HSDS needs that are not pages (an incubator's
location and address, a service's schedule, a fee's cost option, the
taxonomy and its terms) get name-based UUIDs (uuid5) derived from their
owner's key and their role, so they are the same in every answer and every
export.
"""

import uuid

# The namespace of every derived id of this site (uuid5 of its name).
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://rongcheng-incubators.invalid/hsds")


def page_uuid(page):
    return page.translation_key


def derived(owner, *role):
    """A child record's id: uuid5 of its owner's id and its role."""
    return uuid.uuid5(NAMESPACE, "/".join([str(owner), *map(str, role)]))


def taxonomy_uuid():
    return derived("taxonomy", "specialties")


def term_uuid(code):
    return derived("taxonomy", "specialties", code)
