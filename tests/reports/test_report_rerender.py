"""Re-rendering a stored report that came out unstyled: administrators only, with a reason,
the old report kept, never for a report that printed as intended."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from reports import pdf as rendering
from reports.models import FinalReport
from tests.factories import finalize, make_review, make_site, score_all
from toolkit.pdfcheck import pdf_problems

# Rendering stored reports again is the subject.
pytestmark = pytest.mark.pdf


@pytest.fixture
def unstyled(reviewer, leader, monkeypatch):
    """A finalized review whose report was stored without its stylesheet (the old defect)."""
    real = rendering.render_report_html
    monkeypatch.setattr(
        rendering,
        "render_report_html",
        lambda review: re.sub(r'<link rel="stylesheet"[^>]*>', "", real(review)),
    )
    review = finalize(
        score_all(make_review(lead=reviewer, site=make_site(leaders=[leader]), scale="ips-15")),
        reviewer,
    )
    monkeypatch.undo()
    return review


def test_an_unstyled_report_is_recognised(unstyled):
    problems = pdf_problems(bytes(FinalReport.objects.get(review=unstyled).pdf))
    assert any("Carlito" in p for p in problems)
    assert any("Side X af" in p for p in problems)


def test_the_administrator_renders_it_again_and_the_old_one_stays(client, admin, unstyled):
    old = FinalReport.objects.get(review=unstyled)
    client.force_login(admin)
    url = reverse("reports:report_rerender", args=[unstyled.pk])
    page = client.get(url)
    assert "uden sit stylesheet eller sin skrift" in page.text
    response = client.post(url, {"reason": "Gemt uden skrift (fejl i static-filer)"}, follow=True)
    assert "Rapporten er dannet igen" in response.text
    new = FinalReport.objects.current_for(unstyled)
    assert new.pk != old.pk
    assert new.replaces == old
    assert new.reason == "Gemt uden skrift (fejl i static-filer)"
    assert new.created_by == admin
    assert pdf_problems(bytes(new.pdf)) == []
    assert FinalReport.objects.filter(pk=old.pk).exists()
    history = client.get(url).text
    assert "Gemt uden skrift (fejl i static-filer)" in history
    assert old.sha256[:14] in history


def test_leaders_then_download_the_new_report(client, admin, leader, unstyled):
    client.force_login(admin)
    client.post(reverse("reports:report_rerender", args=[unstyled.pk]), {"reason": "Uden skrift"})
    client.force_login(leader)
    response = client.get(reverse("reports:report_pdf", args=[unstyled.pk]))
    assert response.content == bytes(FinalReport.objects.current_for(unstyled).pdf)
    assert pdf_problems(response.content) == []


def test_it_needs_a_reason(client, admin, unstyled):
    client.force_login(admin)
    response = client.post(reverse("reports:report_rerender", args=[unstyled.pk]), {"reason": "  "})
    assert response.status_code == 200
    assert "Dette felt er påkrævet" in response.text
    assert FinalReport.objects.filter(review=unstyled).count() == 1


def test_a_report_that_printed_as_intended_stays(client, admin, reviewer):
    review = finalize(score_all(make_review(lead=reviewer, scale="ips-15")), reviewer)
    client.force_login(admin)
    url = reverse("reports:report_rerender", args=[review.pk])
    assert "så den forbliver, som den er" in client.get(url).text
    response = client.post(url, {"reason": "Bare fordi"}, follow=True)
    assert "så den forbliver, som den er" in response.text
    assert FinalReport.objects.filter(review=review).count() == 1


def test_nobody_but_an_administrator_may(client, reviewer, leader, unstyled):
    url = reverse("reports:report_rerender", args=[unstyled.pk])
    for user in (reviewer, leader):
        client.force_login(user)
        assert client.post(url, {"reason": "Uden skrift"}).status_code == 403
    assert FinalReport.objects.filter(review=unstyled).count() == 1


def test_a_broken_renderer_stores_nothing(client, admin, unstyled, monkeypatch):
    monkeypatch.setattr(
        rendering, "render_report_html", lambda review: '<html lang="da"><p>x</p></html>'
    )
    client.force_login(admin)
    response = client.post(
        reverse("reports:report_rerender", args=[unstyled.pk]),
        {"reason": "Uden skrift"},
        follow=True,
    )
    assert "Den nye gengivelse er heller ikke rigtig" in response.text
    assert FinalReport.objects.filter(review=unstyled).count() == 1


def test_check_reports_lists_the_unstyled_ones(unstyled, reviewer, capsys):
    styled = finalize(
        score_all(make_review(lead=reviewer, site=make_site("Kolding Kommune"), scale="ips-15")),
        reviewer,
    )
    with pytest.raises(CommandError, match="1 gemte rapporter skal dannes igen"):
        call_command("check_reports")
    out = capsys.readouterr().out
    assert f"{unstyled.pk}\t" in out
    assert f"{styled.pk}\t" not in out
