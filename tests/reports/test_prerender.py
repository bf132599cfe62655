"""Reports rendered ahead by the worker (issue 23, point 3): finalizing and an unchanged draft
take what was rendered, a change renders afresh, the sweep waits for quiet and queues each
change once, and nothing a person downloads changes."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django_q.models import OrmQ, Schedule

from reports import prerender
from reports.models import FinalReport
from reports.pdf import render_report_html, render_report_pdf, report_queryset
from reviews import services as review_services
from reviews.models import ItemScore, Review
from tests.factories import finalize, make_review, score_all
from tests.pdftext import page_texts
from tests.reports.fakes import FAKE_PDF


@pytest.fixture
def scored(reviewer):
    return score_all(make_review(lead=reviewer, scale="ips-15"))


def _save_remark(review, user, text):
    row = review.item_scores.get(item__number=1)
    review_services.field_save(
        obj=row, field="remark", raw_value=text, base_version=row.version, user=user
    )


def _finalize(client, review):
    return client.post(reverse("reports:review_finalize", args=[review.pk]), {"confirm": "on"})


def _no_render(html):
    raise AssertionError("rendered although a render made ahead was there")


@pytest.mark.pdf
def test_finalizing_takes_the_report_rendered_ahead_byte_for_byte(
    client, reviewer, scored, monkeypatch
):
    assert prerender.render_ahead(scored.pk) == 2  # the draft and the report as finalized today
    monkeypatch.setattr("toolkit.pdf.html_to_pdf", _no_render)
    client.force_login(reviewer)
    response = _finalize(client, scored)
    assert response.status_code == 302
    stored = bytes(FinalReport.objects.get(review=scored).pdf)
    monkeypatch.undo()
    # What the worker rendered is what finalizing would have rendered itself.
    assert stored == render_report_pdf(scored)
    text = " ".join(page_texts(stored))
    assert "UDKAST" not in text
    assert "Udstedt" in text  # the finalized report, with its date of issue


def test_a_change_after_the_render_ahead_is_rendered_at_finalizing(
    client, reviewer, scored, renders
):
    prerender.render_ahead(scored.pk)
    assert len(renders) == 2
    _save_remark(scored, reviewer, "Ændret efter gengivelsen.")
    client.force_login(reviewer)
    assert _finalize(client, scored).status_code == 302
    assert len(renders) == 3
    assert "gengivelsen." in renders[-1]
    assert bytes(FinalReport.objects.get(review=scored).pdf) == FAKE_PDF + b"3"


def test_an_unchanged_draft_is_served_from_what_was_rendered_ahead(
    client, reviewer, scored, renders
):
    prerender.render_ahead(scored.pk)
    client.force_login(reviewer)
    response = client.get(reverse("reports:report_pdf", args=[scored.pk]))
    assert response.status_code == 200
    assert response.content == FAKE_PDF + b"1"  # the draft, rendered first
    assert len(renders) == 2
    assert prerender.render_ahead(scored.pk) == 0  # nothing new to render


def test_the_sweep_waits_for_quiet_and_queues_each_change_once(reviewer, scored):
    _save_remark(scored, reviewer, "Første udgave.")
    now = timezone.now()
    assert scored.pk not in prerender.changed_drafts(now)  # still being typed
    later = now + prerender.QUIET_FOR + timedelta(seconds=1)
    assert scored.pk in prerender.changed_drafts(later)
    assert prerender.sweep(later) == 1
    assert OrmQ.objects.count() == 1
    assert prerender.sweep(later) == 0  # the same change is queued once
    _save_remark(scored, reviewer, "Anden udgave.")
    cache.delete(prerender._queued_key(scored.pk))  # the queued render ran meanwhile
    even_later = timezone.now() + prerender.QUIET_FOR + timedelta(seconds=1)
    assert prerender.sweep(even_later) == 1
    long_after = even_later + prerender.LOOK_BACK
    assert scored.pk not in prerender.changed_drafts(long_after)


def test_finalized_reviews_are_neither_swept_nor_rendered_ahead(reviewer, scored, renders):
    finalize(scored, reviewer)
    later = timezone.now() + prerender.QUIET_FOR + timedelta(seconds=1)
    assert scored.pk not in prerender.changed_drafts(later)
    before = len(renders)
    assert prerender.render_ahead(scored.pk) == 0
    assert len(renders) == before


def test_the_finalize_page_queues_one_render(client, reviewer, scored):
    client.force_login(reviewer)
    url = reverse("reports:review_finalize", args=[scored.pk])
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    assert OrmQ.objects.count() == 1


def test_a_render_that_came_out_wrong_is_not_kept(reviewer, scored, monkeypatch):
    monkeypatch.setattr("toolkit.pdf.html_to_pdf", lambda html: b"%PDF-1.7 no font")
    assert prerender.render_ahead(scored.pk) == 0
    review = report_queryset().get(pk=scored.pk)
    assert prerender.rendered(render_report_html(review)) is None
    assert prerender.rendered(prerender.final_html(review)) is None


def test_the_worker_sweeps_every_minute(db):
    schedule = Schedule.objects.get(func="reports.prerender.sweep")
    assert (schedule.schedule_type, schedule.minutes, schedule.repeats) == (
        Schedule.MINUTES,
        1,
        -1,
    )


def test_the_worker_sweeps_and_renders_ahead(reviewer, scored, renders, run_tasks):
    """Through the task queue's own scheduler and worker (as `make worker` runs them): the
    schedule's sweep queues a render for a draft changed and quiet since, the worker runs it."""
    _save_remark(scored, reviewer, "Skrevet før besøget sluttede.")
    a_minute_ago = timezone.now() - timedelta(minutes=1)
    for model in (Review, ItemScore):
        model.history.update(history_date=a_minute_ago)
    Schedule.objects.filter(func=prerender.SWEEP_TASK).update(next_run=a_minute_ago)
    run_tasks()  # the sweep, then the render it queued
    run_tasks()
    review = report_queryset().get(pk=scored.pk)
    assert prerender.rendered(render_report_html(review)) is not None
    assert prerender.rendered(prerender.final_html(review)) is not None
    assert len(renders) == 2
