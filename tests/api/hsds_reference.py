"""HSDS 3.0's own schemas and descriptor, read from ``../shared/hsds-3.0``
beside the repository (reference data, not copied into it). Tests that need
them skip, saying why, when that folder is absent."""

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

HSDS_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "hsds-3.0"
SCHEMA_DIR = HSDS_DIR / "schema"
# The spec's $refs name its files on the spec's site; we resolve them locally.
SPEC_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

needs_hsds = pytest.mark.skipif(
    not (SCHEMA_DIR / "service.json").exists(),
    reason=f"HSDS 3.0 reference schemas not found at {HSDS_DIR} (a clone without ../shared)",
)


def _registry():
    resources = []
    for path in SCHEMA_DIR.rglob("*.json"):
        relative = path.relative_to(SCHEMA_DIR).as_posix()
        resource = Resource.from_contents(json.loads(path.read_text(encoding="utf-8")), DRAFT202012)
        resources += [(relative, resource), (SPEC_URL + relative, resource)]
    return Registry().with_resources(resources)


_cache = {}


def validator(name):
    """A validator for one schema file, e.g. ``"compiled/service_with_definitions.json"``;
    its relative ``$ref``s (``"phone.json"``) resolve to the sibling files."""
    if name not in _cache:
        registry = _cache.setdefault("registry", _registry())
        schema = {"$ref": name}
        _cache[name] = Draft202012Validator(
            schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
    return _cache[name]


def page_validator():
    openapi = json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))
    return Draft202012Validator(openapi["components"]["schemas"]["Page"])


def errors(name, instance):
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(name).iter_errors(instance)
    ]


def descriptor():
    return json.loads((HSDS_DIR / "datapackage.json").read_text(encoding="utf-8"))
