"""The documentation a newcomer starts from: a README that fits on a few screens, an access page
generated from the access table, no dead links, and no screenshot that nothing shows."""

import re
from pathlib import Path

from reviews.access_docs import access_markdown

ROOT = Path(__file__).resolve().parents[2]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def test_the_readme_says_what_the_app_is_first_and_fits_in_200_lines():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200
    assert lines[0] == "# IPS Fidelity"
    assert lines[2].startswith("IPS Fidelity is the web application")
    assert "make run" in "\n".join(lines[:12])
    assert "make test" in "\n".join(lines[:12])


def test_the_access_page_is_the_access_table():
    """Regenerate with `manage.py access_table > docs/access.md`."""
    written = (ROOT / "docs/access.md").read_text(encoding="utf-8")
    assert written.strip() == access_markdown().strip()


def test_every_link_between_the_pages_leads_somewhere():
    broken = [
        f"{page.relative_to(ROOT)} → {target}"
        for page in PAGES
        for target in LINK.findall(page.read_text(encoding="utf-8"))
        if not target.startswith(("http://", "https://"))
        and not (page.parent / target).resolve().exists()
    ]
    assert broken == []


def test_every_screenshot_is_shown_on_some_page():
    shown = {
        (page.parent / target).resolve()
        for page in PAGES
        for target in LINK.findall(page.read_text(encoding="utf-8"))
    }
    unused = sorted(
        str(path.relative_to(ROOT)) for path in (ROOT / "docs").glob("*.png") if path not in shown
    )
    assert unused == []
