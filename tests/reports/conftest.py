import pytest

from tests.reports.fakes import FAKE_PDF


@pytest.fixture
def renders(monkeypatch):
    """Count WeasyPrint renders, each answering a tiny fake PDF (which the check of a render
    made ahead lets pass as well printed)."""
    calls = []

    def fake(html):
        calls.append(html)
        return FAKE_PDF + str(len(calls)).encode()

    monkeypatch.setattr("toolkit.pdf.html_to_pdf", fake)
    monkeypatch.setattr("reports.prerender.pdf_problems", lambda pdf: [])
    return calls
