"""Every project module can be imported first.

A cycle between modules (``a`` imports a name from ``b`` while ``b``, through
a few steps, imports a name from ``a``) goes unnoticed as long as the import
order happens to enter it from the harmless side, then breaks a management
command, a worker or a reordered ``INSTALLED_APPS`` with "cannot import name
… from partially initialized module". So each module is imported on its own,
before any other module of the project's models: in a fresh subprocess,
Django's app registry is populated up to the point where it imports models
(``AppConfig.import_models``), the third-party apps' models and a few heavy
libraries are loaded, and then one child process per module (``os.fork``, so
the cost of loading Django and Wagtail is paid once) imports that module
before any other of the project's and exits.

A module that reads the app registry when it is imported (``get_user_model()``
at module level) cannot be imported before the models; it answers
``AppRegistryNotReady`` and is not a cycle, so that answer is accepted.
"""

import ast
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = ("core", "incubators", "services", "events", "achievements")
PROJECT_PACKAGES += ("search", "matchmaking", "quotas", "api")
SITE_PACKAGES = ("home", "config")
# Settings are read before any app; the WSGI/ASGI entry points run django.setup() themselves.
SKIPPED = ("config.settings", "config.wsgi", "config.asgi")

SCRIPT = """
import importlib, os, sys, traceback
import django
from django.apps import AppConfig, apps
from django.core.exceptions import AppRegistryNotReady

PROJECT = set(sys.argv[1].split(","))
MODULES = sys.argv[2:]
# Loaded once before the children fork: they only save time.
LIBRARIES = ["openpyxl", "bs4", "ninja", "wagtail.admin.panels", "wagtail.admin.viewsets.model"]
LIBRARIES += ["wagtail.snippets.views.snippets"]
original = AppConfig.import_models


def import_first(target):
    try:
        importlib.import_module(target)
    except AppRegistryNotReady:
        pass  # reads the registry at import time: not a cycle
    except Exception:
        print("---", target, file=sys.stderr)
        traceback.print_exc()
        sys.stderr.flush()
        os._exit(1)
    os._exit(0)


def fork_each(config):
    for app_config in apps.get_app_configs():
        if app_config.name.split(".")[0] not in PROJECT:
            original(app_config)
    loaded = set(sys.modules)
    for library in LIBRARIES:
        importlib.import_module(library)
    assert not [name for name in set(sys.modules) - loaded if name.split(".")[0] in PROJECT]
    running, failed = {}, []
    for target in MODULES:
        if len(running) >= (os.cpu_count() or 1):
            pid, status = os.wait()
            if status:
                failed.append(running[pid])
            del running[pid]
        pid = os.fork()
        if pid == 0:
            import_first(target)
        running[pid] = target
    for pid, target in running.items():
        if os.waitpid(pid, 0)[1]:
            failed.append(target)
    print("cannot be imported first:", " ".join(failed))
    sys.stdout.flush()
    os._exit(1 if failed else 0)


AppConfig.import_models = fork_each
django.setup()
"""


def project_modules():
    modules = []
    for base, packages in ((ROOT, PROJECT_PACKAGES), (ROOT / "site", SITE_PACKAGES)):
        for package in packages:
            for path in sorted((base / package).rglob("*.py")):
                parts = path.relative_to(base).with_suffix("").parts
                if "migrations" in parts:
                    continue
                name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
                if not name.startswith(SKIPPED):
                    modules.append(name)
    return modules


def test_every_module_can_be_imported_first():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "site"), str(ROOT)])}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    packages = ",".join(PROJECT_PACKAGES + SITE_PACKAGES)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, packages, *project_modules()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-4000:]


# Imports left inside functions, on purpose (docs/architecture.md): each
# app's AppConfig.ready() registers its handlers and sections; modelsearch's
# SQLite module defines its full-text model only on SQLite, so it is imported
# only there, with the two wagtail.search imports of the same function.
FUNCTION_IMPORTS_ALLOWED = {
    ("core/bulk_pages.py", "update_wagtail_search_index"),
    ("manage.py", "main"),
}


def function_level_imports():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "tests/", "bench/", "var/")) or "/migrations/" in relative:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            if (relative, node.name) in FUNCTION_IMPORTS_ALLOWED:
                continue
            if node.name == "ready" and relative.endswith("/apps.py"):
                continue
            if any(isinstance(sub, (ast.Import, ast.ImportFrom)) for sub in ast.walk(node)):
                found.append(f"{relative}: {node.name}()")
    return found


def test_no_imports_inside_functions_but_the_documented_ones():
    assert function_level_imports() == []
