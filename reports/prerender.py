"""Reports rendered before anyone asks, by the task queue's worker (`make worker`).

A render costs WeasyPrint seconds, while a review's content usually stands still for minutes
before its draft is downloaded or it is finalized. So the worker renders ahead:

- Every minute `sweep` (a django-q2 schedule) looks for drafts whose content changed in the
  last `LOOK_BACK` and has been quiet for `QUIET_FOR` (debounced: no render per keystroke of
  autosave) and queues `render_ahead` for each it has not rendered at that change yet.
- The finalize page queues `render_ahead` for its review at once (`soon`): the lead reads
  the summary and confirms, and the render is done by then.
- `render_ahead` renders the draft and the report as it would be if finalized today, from
  the content at that moment (so the newest content wins), into the shared cache under the
  key of their HTML (`drafts.content_key`), skipping what is already there.

A draft of unchanged content is then served from the cache (`drafts.report_pdf_for`), and
finalizing takes the rendered bytes when, and only when, the finalized report's HTML is the
one that was rendered (`rendered`); otherwise it renders as before. No request waits for a
render it did not ask for, and nothing here changes what a report says.
"""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone
from django_q.tasks import async_task

from reports import drafts
from reports import pdf as rendering
from reviews import lifecycle
from reviews.models import EvidenceSource, ImprovementArea, ItemScore, Review
from toolkit import pdf as engine
from toolkit.pdfcheck import pdf_problems

logger = logging.getLogger(__name__)

TASK = "reports.prerender.render_ahead"
SWEEP_TASK = "reports.prerender.sweep"
QUIET_FOR = timedelta(seconds=15)
LOOK_BACK = timedelta(minutes=15)
QUEUED_FOR = 5 * 60  # seconds a queued render counts as on its way


def _queued_key(review_id) -> str:
    return f"render-ahead-queued:{review_id}"


def _done_key(review_id) -> str:
    return f"render-ahead-done:{review_id}"


def final_html(review, *, now=None) -> str:
    """The report's HTML as it would be if `review` (loaded with `report_queryset`) were
    finalized at `now`; the review itself is not changed."""
    review.status = lifecycle.FINALIZED_STATUS
    review.finalized_at = now or timezone.now()
    return rendering.render_report_html(review)


def render_ahead(review_id: int) -> int:
    """Render the draft and the finalized-today report of a draft review into the cache,
    unless they are there already. Returns how many were rendered."""
    cache.delete(_queued_key(review_id))
    review = rendering.report_queryset().filter(pk=review_id).first()
    if review is None or review.is_finalized:
        return 0
    rendered = 0
    for html in (rendering.render_report_html(review), final_html(review)):
        key = drafts.content_key(html)
        if cache.get(key) is None:
            pdf = engine.html_to_pdf(html)
            if problems := pdf_problems(pdf):
                # Printed without its font or page numbers (a misconfigured worker): not kept,
                # so the request renders for itself.
                logger.error("Report %s rendered ahead came out wrong: %s", review_id, problems)
                continue
            cache.set(key, pdf, timeout=drafts.DRAFT_TIMEOUT)
            rendered += 1
    return rendered


def soon(review_id: int) -> None:
    """Queue `render_ahead` for the review, unless one is queued already."""
    if cache.add(_queued_key(review_id), 1, timeout=QUEUED_FOR):
        async_task(TASK, review_id, task_name=f"render report {review_id}")


def rendered(html: str) -> bytes | None:
    """The PDF rendered ahead from exactly this HTML, if there is one."""
    return cache.get(drafts.content_key(html))


def changed_drafts(now) -> dict[int, object]:
    """Draft reviews whose report content last changed between LOOK_BACK and QUIET_FOR ago:
    review id -> when. Read from the history every edit leaves (four grouped queries)."""
    since = now - LOOK_BACK
    last = {}
    for model, review_field in (
        (Review, "id"),
        (ItemScore, "review_id"),
        (EvidenceSource, "review_id"),
        (ImprovementArea, "review_id"),
    ):
        rows = (
            model.history.filter(history_date__gte=since)
            .values(review_field)
            .annotate(at=Max("history_date"))
            .values_list(review_field, "at")
        )
        for review_id, at in rows:
            last[review_id] = max(at, last.get(review_id, at))
    drafts_ = set(
        Review.objects.filter(lifecycle.DRAFT.q(), pk__in=last).values_list("pk", flat=True)
    )
    return {pk: at for pk, at in last.items() if pk in drafts_ and at <= now - QUIET_FOR}


def sweep(now=None) -> int:
    """Queue a render for each draft that changed and has since been quiet (each minute)."""
    queued = 0
    for review_id, at in changed_drafts(now or timezone.now()).items():
        stamp = at.isoformat()
        if cache.get(_done_key(review_id)) == stamp:
            continue
        cache.set(_done_key(review_id), stamp, timeout=int(LOOK_BACK.total_seconds()) * 2)
        soon(review_id)
        queued += 1
    return queued
