from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.accesslog import logged_read
from reviews import guidance, lifecycle
from reviews.access import own_link, review_for_user
from reviews.changelog import review_changes
from reviews.forms import ChecklistAttachForm
from reviews.item_rows import anchor_text, index_texts, item_index, score_options
from reviews.models import ItemScore, Review
from reviews.models.hearing import comments_by_item, hearings_prefetch
from reviews.notes_beside import notes_beside
from reviews.offline import offline_copy, offline_urls
from reviews.previous import previous_for
from reviews.row_html import item_rows_html
from scales.frozen import attach_items
from scales.models import Band


def item_rows_prefetch():
    """What the item rows and the live totals read: item scores, ratings, bands. Their items
    (with sections, ladders and anchors) come from `with_items` afterwards."""
    return [
        "ratings",
        Prefetch("item_scores", queryset=ItemScore.objects.all()),
        Prefetch("scale__bands", queryset=Band.objects.all()),
    ]


def with_items(review):
    """Give the prefetched item scores their items: a frozen scale version's are read once
    per process (scales/frozen.py)."""
    attach_items(review.item_scores.all(), review.scale)
    return review


def subscale_agreements(review, summary):
    """(subscale name, agreement) for each subscale, where the person sees the ratings."""
    if not summary.subscales or not review.access.can_see_ratings:
        return []
    members = {}
    for row in review.item_scores.all():
        members.setdefault(row.item.subscale_id, set()).add(row.item_id)
    return [
        (entry.subscale.name, review.agreement(members.get(entry.subscale.pk, set())))
        for entry in summary.subscales
    ]


def subscales_json(summary):
    """Each subscale's bands for the live totals (review.js)."""
    return [
        {
            "id": entry.subscale.pk,
            "bands": [
                {"min": b.min_total, "max": b.max_total, "label": b.label, "level": b.level}
                for b in entry.subscale.bands.all()
            ],
        }
        for entry in summary.subscales
    ]


def bands_json(review):
    return [
        {"min": b.min_total, "max": b.max_total, "label": b.label, "level": b.level}
        for b in review.scale.bands.all()
    ]


def _page_queryset():
    return Review.objects.select_related("attached_to__site").prefetch_related(
        *item_rows_prefetch(),
        "evidence",
        "improvement_areas",
        hearings_prefetch(),
        guidance.checklists_prefetch(),
    )


def _checklist_form(review):
    """The lead's choice of a checklist to add, while the review is a draft and there is a
    published checklist it does not have (one query, for the lead only)."""
    if review.scale.is_checklist or not review.access.can_attach_checklist:
        return None
    form = ChecklistAttachForm()
    had = {checklist.scale.code for checklist in guidance.attached_checklists(review)}
    choices = [scale for scale in form.fields["scale"].queryset if scale.code not in had]
    if not choices:
        return None
    # (Rendered from the list read here: no second query.)
    form.fields["scale"].choices = [(scale.pk, str(scale)) for scale in choices]
    return form


def hearing_comments(review, rows) -> dict:
    """Give each item row the site's comments on it (`hearing_comments`), from the prefetched
    `hearings`; return what the page shows about the høring."""
    grouped = comments_by_item(review.hearings.all()) if review.access.can_see_comments else {}
    for row in rows:
        row.hearing_comments = grouped.get(row.item_id, [])
    return {
        "whole_comments": grouped.get(None, []),
        "comment_count": sum(len(comments) for comments in grouped.values()),
        "can_comment": review.access.can_comment,
    }


def differing_items(review) -> set[int]:
    """The items whose independent ratings differ (from the prefetched `ratings`)."""
    given = {}
    for rating in review.ratings.all():
        if rating.score is not None:
            given.setdefault(rating.item_id, set()).add(rating.score)
    return {item_id for item_id, scores in given.items() if len(scores) > 1}


def _sections(review):
    """The item scores grouped under their sections, in scale order, each with its score
    options (the item's anchors)."""
    sections = {}
    for item_score in review.item_scores.all():
        item_score.options = score_options(item_score.item)
        item_score.score_text = anchor_text(item_score.options, item_score.score)
        section = item_score.item.section
        sections.setdefault(section.pk, {"section": section, "rows": []})["rows"].append(item_score)
    ordered = sorted(sections.values(), key=lambda s: s["section"].position)
    for entry in ordered:
        entry["rows"].sort(key=lambda row: row.item.number)
    return ordered


def autosave_texts(*, checklist=False) -> dict:
    """The messages the autosave script shows, translated on the server."""
    progress = (
        _("%(scored)s of %(count)s items answered")
        if checklist
        else _("%(scored)s of %(count)s items scored")
    )
    return {
        "saving": _("Saving…"),
        "saved": _("Saved %(time)s"),
        "unsaved": _("Not saved yet"),
        "retrying": _("Not saved – retrying"),
        "loggedOut": _("Not saved – log in again"),
        "restored": _("Restored unsaved text – saving now"),
        "conflictText": _(
            "%(who)s saved another text at %(time)s while you were writing. "
            "Your text is still in the field; compare and choose."
        ),
        "conflictScore": _("%(who)s set the score to %(theirs)s at %(time)s; you chose %(mine)s."),
        "someone": _("Another reviewer"),
        "theirText": _("Their text"),
        "keepMine": _("Save my version"),
        "useTheirs": _("Use their version"),
        "noScore": _("no score"),
        "progress": progress,
        "bandPending": _("The band is shown when every item is scored"),
        "subscaleBandPending": _("The band is shown when every item of the subscale is scored"),
        "suggestFailed": _("The text could not be fetched. Try again."),
        "tooLong": _(
            "%(field)s is too long to be saved (%(length)s characters). It is not saved, but "
            "it is still in the field and kept in this browser: shorten it, and it is saved."
        ),
        "thisField": _("The field"),
    }


@login_required
@logged_read
@offline_copy
def review_detail(request, pk):
    """The reviewer's working page: header, evidence, every item with its anchors, summary."""
    review = with_items(review_for_user(request, pk, queryset=_page_queryset()))
    summary = review.score_summary()
    subtotals = {entry.section.pk: entry for entry in summary.sections}
    sections = _sections(review)
    previous = previous_for(review, review.access)
    notes = notes_beside(review, request.user)
    for row in review.item_scores.all():
        row.previous = previous.get(row.item.number)
        row.visit_notes = notes.get(row.item_id, [])
    for entry in sections:
        entry["subtotal"] = subtotals[entry["section"].pk]
    comments = hearing_comments(review, review.item_scores.all())
    with_differ = review.access.can_see_ratings
    differ = differing_items(review) if with_differ else set()
    index = item_index(
        (row.item, row.score, row.item_id in differ) for row in review.item_scores.all()
    )
    item_rows_html(
        review.item_scores.all(),
        review=review,
        editable=review.access.can_set_agreed,
        can_comment=comments["can_comment"],
    )
    context = {
        "review": review,
        "access": review.access,
        "editable": review.access.can_edit,
        "items_editable": review.access.can_set_agreed,
        "agreement": review.agreement() if review.access.can_see_ratings else None,
        "summary": summary,
        "sections": sections,
        "bands": bands_json(review),
        "subscales": subscales_json(summary),
        "subscale_agreements": subscale_agreements(review, summary),
        "bands_ordered": sorted(review.scale.bands.all(), key=lambda b: -b.min_total),
        "reviewer_links": review.reviewer_links.all(),
        "changes": review_changes(review, limit=10, drafting=review.access.can_see_drafting),
        "autosave_texts": autosave_texts(checklist=review.scale.is_checklist),
        "index": index,
        "index_texts": index_texts(),
        "with_differ": with_differ,
        "progress": lifecycle.progress(review),
        "next_step": guidance.next_step(review, review.access, own_link(request.user, review)),
        "finalize_blockers": guidance.finalize_blockers(review),
        "hearing_offered": guidance.hearing_offered(review, review.access),
        "checklists": guidance.attached_checklists(review),
        "checklist_form": _checklist_form(review),
        "offline_urls": offline_urls(review) if review.access.can_take_offline else None,
        **comments,
    }
    return render(request, "reviews/review_detail.html", context)


@login_required
@logged_read
def review_log(request, pk):
    review = review_for_user(request, pk)
    return render(
        request,
        "reviews/review_log.html",
        {
            "review": review,
            "changes": review_changes(review, drafting=review.access.can_see_drafting),
        },
    )
