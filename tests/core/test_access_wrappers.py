"""The two permission questions are asked of core.access and nowhere else
re-encoded: no module outside core/access.py defines a function of the user
alone that only passes ``scope(user)`` or ``is_bureau(user)`` on
(``bool(scope(user))``, ``scope(user) is None``, the scope's ids as a set, …)
under another name. A rule that applies the scope to something
(``can_handle(user, referral)``) is not a wrapper."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = {"scope", "is_bureau"}
# What a wrapper may add around the question without answering anything new.
PASS_THROUGH = {"bool", "set", "frozenset", "list"}


def _called(node):
    """Names of the functions ``node`` calls (``access.scope`` → ``scope``)."""
    names = set()
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def _body(function):
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return body


def wrappers():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "tests/", "bench/", "var/")) or relative == "core/access.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in tree.body:  # module-level functions: methods answer Wagtail's hooks
            if not isinstance(function, ast.FunctionDef) or len(function.args.args) != 1:
                continue
            body = _body(function)
            calls = set().union(*(_called(statement) for statement in body)) if body else set()
            if len(body) <= 2 and calls & QUESTIONS and calls <= QUESTIONS | PASS_THROUGH:
                found.append(f"{relative}: {function.name}")
    return found


def test_no_module_re_encodes_the_permission_questions():
    assert wrappers() == []
