"""What README.md and docs/ say about the code matches the code: the
migrations they name exist, the quota record functions have the signatures
docs/architecture.md gives, and the HSDS reference is where the tests read it."""

import inspect
import re
from pathlib import Path

from quotas import progress
from tests.api import hsds_reference

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
APP_FOLDERS = {"home": REPO / "site" / "home"}


def _text(path):
    return path.read_text(encoding="utf-8")


def test_every_migration_named_in_full_exists():
    named = set()
    for path in DOCS:
        named |= set(re.findall(r"\b([a-z_]+)\.(\d{4}_\w+)\b", _text(path)))
    assert named, "the docs name no migration in full"
    missing = [
        f"{app}.{name}"
        for app, name in sorted(named)
        if not (APP_FOLDERS.get(app, REPO / app) / "migrations" / f"{name}.py").exists()
    ]
    assert missing == []


def test_record_functions_have_the_documented_signatures():
    documented = re.findall(r"`(\w+_records)\(([^)]*)\)`", _text(REPO / "docs" / "architecture.md"))
    assert {name for name, _args in documented} >= {"referral_records", "achievement_records"}
    for name, args in documented:
        actual = list(inspect.signature(getattr(progress, name)).parameters)
        assert [arg.strip() for arg in args.split(",")] == actual, name


def test_the_hsds_reference_is_described_where_the_tests_read_it():
    folder = hsds_reference.HSDS_DIR.relative_to(REPO.parent)
    assert folder.as_posix() == "shared/hsds-3.0"
    for path in (REPO / "README.md", REPO / "docs" / "interfaces.md"):
        text = _text(path)
        assert "`../shared/hsds-3.0`" in text and "https://github.com/openreferral/specification" in text
