"""What the PDF/UA checkers and a reader of the tags find in a rendered PDF.

- page-validation: the PDF/UA-1 machine-checkable rules, as veraPDF runs them;
- outloud: PDF/UA-1 conformance plus semantic rules no validator runs (its table rules among
  them: TBL-010 header cells that do not head data cells, TBL-014 a ruled grid no /Table
  covers, TAG-020 empty elements …);
- `tests.pdftext.joined_words`: words a reader of the tags gets run together.

outloud takes a structure element to stand on one page (its /Pg), so a table that runs over
several pages, tagged as one /Table as PDF/UA asks, is "not covered" on its later pages
(TBL-014, a warning); `problems` lets that one through on pages after the table's first.
"""

import tempfile
from pathlib import Path

import outloud
import page as pdf_checker

from tests.pdftext import joined_words


def outloud_findings(pdf: bytes) -> list:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "checked.pdf"
        path.write_bytes(pdf)
        result = outloud.check(str(path))
    assert result.error is None, result.error
    return result.findings


def problems(pdf: bytes, *, table_continues_after: int | None = None) -> list[str]:
    """Everything the checkers and the tags' reader object to, as readable lines."""
    found = []
    report = pdf_checker.validate_pdf_bytes(pdf, profile=pdf_checker.ValidationProfile.PDF_UA_1)
    found += [f"page-validation {failure.rule_id}" for failure in report.failures]
    for finding in outloud_findings(pdf):
        if finding.severity == "info":
            continue
        continued_table = (
            finding.rule == "TBL-014"
            and table_continues_after is not None
            and finding.page is not None
            and finding.page > table_continues_after
        )
        if not continued_table:
            found.append(f"outloud {finding.rule} p.{finding.page}: {finding.message}")
    found += [f"joined in the tags: {word}" for word in joined_words(pdf)]
    return found
