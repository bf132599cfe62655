"""Django's `{# … #}` comment ends on its own line: one spread over two lines is printed on
the page as text (it was, on every item of the review page). Longer comments use
`{% comment %}`."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "templates"


def test_no_template_comment_runs_over_a_line():
    broken = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(ROOT.rglob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "{#" in line and "#}" not in line[line.index("{#") :]
    ]
    assert broken == []
