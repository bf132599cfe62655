"""The house, floor by floor: every import runs downwards.

An app imports only from apps on lower floors (never from one beside it or above it), so the
ground floor knows nothing of reviews and a feature never reaches into another feature. The
project package holds settings and root URLs and reaches into no app but to refuse to start
without a secret key. No private name (`_x`) is imported across apps.

One import runs upwards, on purpose (UPWARD below, with why); a new one fails here.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

FLOORS = {
    # The ground floor: machinery with no models, the outgoing mail, operations.
    "toolkit": 1,
    "outbox": 1,
    "ops": 1,
    # People, login, roles and the rules by role.
    "accounts": 2,
    # What is reviewed and on what scale; the notices people may choose.
    "sites": 3,
    "scales": 3,
    "notices": 3,
    # The review, its lifecycle and the access table.
    "reviews": 4,
    # Single sign-on: identity providers, and rules that give roles and sites (beside the
    # review, which it knows nothing of).
    "sso": 4,
    # The features that read reviews.
    "followup": 5,
    "outcomes": 5,
    "analytics": 5,
    "visits": 5,
    # The administrators' pages about people: everything stored about one, the visit's
    # notes included.
    "people": 6,
    # Issuing the report (finalizing).
    "reports": 6,
    # The sites across reviews and each person's start page, which show the stored reports.
    "overview": 7,
    # The demo data may use everything.
    "demo": 8,
}
PROJECT = "ipsfidelity"
PROJECT_MAY_IMPORT = {("accounts", "checks")}

# (importing file, imported app): why it may run upwards.
UPWARD = {
    # The scoring pages show, beside each item, the previous round's actions and their
    # status (the improvement loop). The action plan is built on finalized reviews, so it
    # stands above them; the review page reads it back in this one place.
    ("reviews/previous.py", "followup"): "the previous round's actions beside each item",
}


def app_of(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


def imports(path: Path):
    """(line, imported module, names) of every absolute import in a file, lazy ones too."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name, ()
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module, tuple(alias.name for alias in node.names)


def app_files(app):
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.parts)


def test_every_app_of_the_house_has_a_floor():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}
    assert apps - set(FLOORS) == set()


@pytest.mark.parametrize("app", sorted(FLOORS))
def test_an_app_imports_only_from_the_floors_below_it(app):
    offending = []
    for path in app_files(app):
        for line, module, _names in imports(path):
            target = module.split(".")[0]
            if target == app or target not in FLOORS:
                continue
            relative = str(path.relative_to(ROOT))
            if FLOORS[target] >= FLOORS[app] and (relative, target) not in UPWARD:
                offending.append(f"{relative}:{line} imports {module}")
    assert offending == []


def test_the_one_upward_import_is_still_there_and_still_one():
    found = {
        (str(path.relative_to(ROOT)), module.split(".")[0])
        for app in FLOORS
        for path in app_files(app)
        for _line, module, _names in imports(path)
        if module.split(".")[0] in FLOORS
        and module.split(".")[0] != app
        and FLOORS[module.split(".")[0]] >= FLOORS[app]
    }
    assert found == set(UPWARD)


def test_the_project_package_reaches_into_no_app():
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted((ROOT / PROJECT).rglob("*.py"))
        for line, module, _names in imports(path)
        if module.split(".")[0] in FLOORS and tuple(module.split(".")[:2]) not in PROJECT_MAY_IMPORT
    ]
    assert offending == []


def test_no_private_name_is_imported_across_apps():
    offending = [
        f"{path.relative_to(ROOT)}:{line} imports {name} from {module}"
        for app in FLOORS
        for path in app_files(app)
        for line, module, names in imports(path)
        if module.split(".")[0] in FLOORS and module.split(".")[0] != app
        for name in names
        if name.startswith("_") or any(part.startswith("_") for part in module.split("."))
    ]
    assert offending == []


def test_the_scan_sees_a_lazy_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from reviews.models import Review\n")
    assert (2, "reviews.models", ("Review",)) in set(imports(module))
