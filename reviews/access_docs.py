"""The access table as Markdown (docs/access.md), printed from the table itself by
`manage.py access_table`: the rules by role (`accounts.rules`), about a review and about a
site and a region (`reviews.access`), each with the comment written above it in the code."""

import inspect
import re

from accounts import roles, rules
from reviews import access, lifecycle

RULE_LINE = re.compile(r'^\s+"(?P<rule>\w+)": ')
TABLE_LINE = re.compile(r"^(?P<table>[A-Z_]+_RULES) = \{")


def _comments(module) -> dict[tuple[str, str], str]:
    """The comment lines written right above each rule, by (table, rule)."""
    found, pending, table = {}, [], None
    for line in inspect.getsource(module).splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped.lstrip("# ").strip())
            continue
        if match := TABLE_LINE.match(line):
            table = match["table"]
        elif (match := RULE_LINE.match(line)) and table:
            found.setdefault((table, match["rule"]), " ".join(pending))
        pending = []
    return found


def _granted(rule: dict) -> str:
    return "; ".join(
        str(relation) if stage is lifecycle.ALWAYS else f"{relation} ({stage})"
        for relation, stage in rule.items()
    )


def _table(rows) -> list[str]:
    """A rule written under the comment of the rule before it shares that comment."""
    lines = ["| rule | granted to (in which stage) | what it is |", "|---|---|---|"]
    for name, granted, note in rows:
        lines.append(f"| `{name}` | {granted} | {note or '(as above)'} |")
    return lines


def access_markdown() -> str:
    notes = {**_comments(rules), **_comments(access)}
    lines = [
        "# Who may do what",
        "",
        "Generated from the access table by `manage.py access_table > docs/access.md`; a test",
        "fails when this page and the table disagree. The rules by role are in",
        "`accounts/rules.py`, the rules about a review and a site in `reviews/access.py`, the",
        "stages of a review in `reviews/lifecycle.py`. A relation holds for a person and an",
        "object; a stage is where the review is in its lifecycle. A person may do what a rule",
        "grants if one of its relations holds in its stage.",
        "",
        "## By role (pages about no particular review or site)",
        "",
        "| rule | roles | what it is |",
        "|---|---|---|",
    ]
    for name, granted in rules.USER_RULES.items():
        names = ", ".join(role for role in roles.ROLE_ORDER if role in granted)
        lines.append(f"| `{name}` | {names} | {notes.get(('USER_RULES', name), '')} |")
    lines += ["", "## About a review", ""]
    lines += _table(
        (name, _granted(rule), notes.get(("REVIEW_RULES", name), ""))
        for name, rule in access.REVIEW_RULES.items()
    )
    lines += ["", "## About a site", ""]
    lines += _table(
        (name, _granted(rule), notes.get(("SITE_RULES", name), ""))
        for name, rule in access.SITE_RULES.items()
    )
    lines += ["", "## About a region", ""]
    lines += _table(
        (name, _granted(rule), notes.get(("REGION_RULES", name), ""))
        for name, rule in access.REGION_RULES.items()
    )
    lines += [
        "",
        "## Figures over what a person may not see",
        "",
        f"A figure pooled over sites or reviews a person may not see one by one is shown only "
        f"when at least {access.MIN_POOLED} of them stand behind it (`access.MIN_POOLED`).",
        "",
        "## The stages of a review",
        "",
        ", ".join(f"*{stage}*" for stage in lifecycle.STAGES) + ".",
        "",
    ]
    return "\n".join(lines)
