"""Chinese first: every user-facing string of the project is in a zh_Hans
catalogue and translated.

Each app's catalogue is regenerated from the source into a scratch copy
(makemessages), so a string added to the code but not to the catalogue fails
here, as does an empty or fuzzy translation.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CATALOGUE_DIRS = [
    "core",
    "incubators",
    "services",
    "events",
    "achievements",
    "quotas",
    "search",
    "matchmaking",
    "site",
    "api",
]
IGNORE = ["migrations", "static", "locale", "__pycache__", "demo"]


def untranslated(po_text):
    """msgids whose translation is empty or marked fuzzy (header excluded)."""
    problems = []
    for block in po_text.split("\n\n"):
        if "msgid " not in block:
            continue
        msgid = "".join(
            re.findall(r'^(?:msgid )?"(.*)"$', block.split("msgid_plural")[0].split("msgstr")[0], re.M)
        )
        if not msgid:
            continue
        if re.search(r"^#,.*fuzzy", block, re.M):
            problems.append(f"fuzzy: {msgid}")
            continue
        strings = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.M)
        if not strings or any(not "".join(re.findall(r'"(.*)"', s)) for s in strings):
            problems.append(f"untranslated: {msgid}")
    return problems


@pytest.mark.parametrize("folder", CATALOGUE_DIRS)
def test_catalogue_covers_and_translates_every_string(folder, tmp_path):
    source = REPO / folder
    if not (source / "locale").exists():
        pytest.skip(f"{folder} has no strings yet")
    copy = tmp_path / folder
    shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "makemessages", "-l", "zh_Hans", "--no-location", "-v0"]
        + [f"--ignore={pattern}" for pattern in IGNORE],
        cwd=copy,
        check=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.test"},
    )
    po = (copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert untranslated(po) == []


def catalogue_entries(po_text):
    """{(msgctxt, msgid): msgstr} of a catalogue (plural forms: the first)."""
    entries = {}
    for block in po_text.split("\n\n"):
        if "msgid " not in block:
            continue
        context = "".join(re.findall(r'^msgctxt "(.*)"$', block, re.M))
        head = re.sub(r"^msgctxt .*$", "", block.split("msgid_plural")[0].split("msgstr")[0], flags=re.M)
        msgid = "".join(re.findall(r'^(?:msgid )?"(.*)"$', head, re.M))
        strings = re.findall(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block + "\n", re.M)
        if msgid and strings:
            entries[(context, msgid)] = "".join(re.findall(r'"(.*)"', strings[0]))
    return entries


def test_catalogues_agree_on_shared_strings():
    """Django merges every catalogue into one: where two apps translate the
    same msgid differently, whichever loads first wins everywhere. Such words
    need a message context (pgettext) or one common translation."""
    seen = {}
    clashes = []
    for path in sorted(REPO.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")):
        if ".venv" in path.parts:
            continue
        for key, translation in catalogue_entries(path.read_text(encoding="utf-8")).items():
            if key in seen and seen[key][1] != translation:
                clashes.append(f"{key}: {seen[key][0]} {seen[key][1]!r} vs {path.parts[-5]} {translation!r}")
            seen.setdefault(key, (path.parts[-5], translation))
    assert clashes == []


def test_no_catalogue_retranslates_wagtail_by_accident():
    """The project's catalogues load before Wagtail's, so an app that
    translates a msgid Wagtail also uses ("Pages" as 分页, meaning
    pagination) changes Wagtail's admin too. Only the admin override
    catalogue (site/overrides) may give Wagtail's strings other words."""
    import wagtail

    wagtail_entries = {}
    for path in Path(wagtail.__file__).parent.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"):
        wagtail_entries.update(catalogue_entries(path.read_text(encoding="utf-8")))
    overrides = catalogue_entries(
        (REPO / "site" / "overrides" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").read_text(
            encoding="utf-8"
        )
    )
    changed = []
    for path in sorted(REPO.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")):
        if ".venv" in path.parts or "overrides" in path.parts:
            continue
        for key, translation in catalogue_entries(path.read_text(encoding="utf-8")).items():
            wanted = overrides.get(key) or wagtail_entries.get(key)
            if wanted and translation != wanted:
                changed.append(f"{path.parts[-5]}: {key} {translation!r}, Wagtail's admin shows {wanted!r}")
    assert changed == []


def test_checker_flags_missing_translations():
    sample = 'msgid ""\nmsgstr ""\n\nmsgid "Done"\nmsgstr ""\n\n#, fuzzy\nmsgid "Old"\nmsgstr "旧"\n'
    assert untranslated(sample) == ["untranslated: Done", "fuzzy: Old"]


def project_catalogues():
    """Every zh_Hans catalogue of the project (apps, site, the admin
    overrides, JavaScript ones too), none of the installed packages'."""
    return [
        path
        for path in sorted(REPO.glob("**/locale/zh_Hans/LC_MESSAGES/*.po"))
        if not {".venv", "var", "node_modules"} & set(path.relative_to(REPO).parts)
    ]


def informal_msgstrs(po_text):
    """Translations that address the reader as 你 (every msgstr, plural
    forms and continuation lines included)."""
    found = []
    for block in po_text.split("\n\n"):
        for string in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block + "\n", re.M):
            translation = "".join(re.findall(r'"(.*)"', string))
            if "你" in translation:
                found.append(translation)
    return found


def test_every_translation_addresses_the_reader_as_nin():
    """One form of address, the polite 您, for visitors and operators alike."""
    catalogues = project_catalogues()
    assert len(catalogues) >= len(CATALOGUE_DIRS) + 1  # the apps and the admin overrides
    informal = [
        f"{path.relative_to(REPO)}: {translation}"
        for path in catalogues
        for translation in informal_msgstrs(path.read_text(encoding="utf-8"))
    ]
    assert informal == []


def test_checker_flags_the_informal_you():
    sample = 'msgid "Hi"\nmsgstr "您好"\n\nmsgid "Long"\nmsgstr ""\n"谢谢，"\n"将与你联系。"\n'
    assert informal_msgstrs(sample) == ["谢谢，将与你联系。"]
