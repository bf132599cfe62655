"""The apps are layered: accounts and scales on the ground floor, reviews on them, reports on top.

A lower layer importing a higher one would tie the ground floor to what is built on it; the
project package holds settings and root URLs and reaches into no app's code.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# package: the project packages it must not import. (reviews still reaches up once: finalizing
# stores the report in the same transaction, through `reports.services`.)
FORBIDDEN = {
    "accounts": {"scales", "reviews", "reports", "people", "notices"},
    # notices sends e-mails about the work; the work's apps call it, never the other way.
    "notices": {"scales", "reviews", "reports", "people"},
    "scales": {"reviews", "reports", "people"},
    # people (administrators' pages about people, the second-factor gate) asks the access
    # policy, so it sits above reviews; reviews records reads through accounts.accesslog.
    "reviews": {"people"},
    # followup (action plans, the schedule, due notices) is built on reviews and reports;
    # reviews reads it back once, for the actions beside the previous round (reviews/previous.py).
    "followup": {"people", "analytics", "outcomes"},
    "ipsfidelity": {"reviews", "reports", "scales", "people", "notices"},
}


def imported_packages(path: Path) -> set[tuple[int, str]]:
    """(line, top-level package) of every import in a file, lazy ones inside functions too."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {(node.lineno, alias.name.split(".")[0]) for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add((node.lineno, node.module.split(".")[0]))
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_package_imports_nothing_from_the_layers_above_it(package):
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for line, name in sorted(imported_packages(path))
        if name in FORBIDDEN[package]
    ]
    assert offending == []


def test_the_scan_sees_a_lazy_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from reviews.models import Review\n")
    assert (2, "reviews") in imported_packages(module)
