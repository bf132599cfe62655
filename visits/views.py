"""The visit page: the plan of sessions, each with the reviewers' notes tagged to items; and
the visit's programme printed for the site."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.accesslog import logged_download, logged_read
from reviews.access import review_for_user
from reviews.offline import offline_copy, offline_urls
from toolkit import pdf as engine
from toolkit.versioning import EditConflict, save_unless_changed
from visits.forms import NoteEditForm, NoteForm, SessionForm
from visits.models import Note, Session
from visits.notes import visible_notes

logger = logging.getLogger(__name__)


def _visit_review(request, pk, need=None):
    return review_for_user(request, pk, need=need, readable="can_read_notes")


def _page(request, review, *, session_form=None, note_forms=None, status=200):
    shown = visible_notes(review, request.user)
    sessions = list(
        review.visit_sessions.select_related("reviewer").prefetch_related(
            Prefetch("items", to_attr="informs")
        )
    )
    for session in sessions:
        session.shown_notes = [note for note in shown if note.session_id == session.pk]
        if review.access.can_plan_visit:
            session.note_form = (note_forms or {}).get(session.pk) or NoteForm(
                review=review, session=session, prefix=f"note-{session.pk}"
            )
    context = {
        "review": review,
        "access": review.access,
        "sessions": sessions,
        "session_form": session_form
        or (SessionForm(review=review) if review.access.can_plan_visit else None),
        "offline_urls": offline_urls(review) if review.access.can_take_offline else None,
    }
    return render(request, "visits/visit.html", context, status=status)


@login_required
@logged_read
@offline_copy
def visit(request, pk):
    """The visit's plan and notes: the review's reviewers only."""
    return _page(request, _visit_review(request, pk))


@login_required
@require_POST
def session_add(request, pk):
    review = _visit_review(request, pk, need="plan_visit")
    form = SessionForm(request.POST, review=review)
    if not form.is_valid():
        return _page(request, review, session_form=form, status=400)
    session = form.save(commit=False)
    session.review = review
    session.created_by = request.user
    session.save()
    form.save_m2m()
    messages.success(request, _("The session is added to the visit plan."))
    return redirect(f"{review.get_absolute_url()}besoeg/#session-{session.pk}")


@login_required
@require_POST
def note_add(request, pk, session_pk):
    review = _visit_review(request, pk, need="plan_visit")
    session = get_object_or_404(Session, pk=session_pk, review=review)
    form = NoteForm(request.POST, review=review, prefix=f"note-{session.pk}")
    queued = "application/json" in request.headers.get("Accept", "")
    if not form.is_valid():
        if queued:
            errors = [message for messages_ in form.errors.values() for message in messages_]
            return JsonResponse({"ok": False, "error": " ".join(errors)}, status=400)
        return _page(request, review, note_forms={session.pk: form}, status=400)
    key = form.cleaned_data.get("client_key") or ""
    stored = key and Note.objects.filter(author=request.user, client_key=key).first()
    if not stored:
        try:
            with transaction.atomic():
                note = form.save(commit=False)
                note.session = session
                note.author = request.user
                note.save()
                form.save_m2m()
        except IntegrityError:
            # The same note, sent twice at once: the other request stored it.
            stored = Note.objects.filter(author=request.user, client_key=key).first()
    if not stored:
        messages.success(request, _("The note is saved."))
    if queued:
        return JsonResponse({"ok": True, "again": bool(stored)})
    return redirect(f"{review.get_absolute_url()}besoeg/#session-{session.pk}")


@login_required
@require_POST
def note_delete(request, pk, note_pk):
    review = _visit_review(request, pk, need="plan_visit")
    note = get_object_or_404(Note, pk=note_pk, session__review=review)
    if note.author_id != request.user.pk:
        raise PermissionDenied(_("Only the one who wrote a note can delete it."))
    session_pk = note.session_id
    note.delete()
    messages.success(request, _("The note is deleted."))
    return redirect(f"{review.get_absolute_url()}besoeg/#session-{session_pk}")


@login_required
def note_edit(request, pk, note_pk):
    """Its author changes a note while the review is a draft; each text is kept in its history
    until the notes are deleted."""
    review = _visit_review(request, pk, need="plan_visit")
    note = get_object_or_404(Note, pk=note_pk, session__review=review)
    if note.author_id != request.user.pk:
        raise PermissionDenied(_("Only the one who wrote a note can change it."))
    form = NoteEditForm(request.POST or None, instance=note, review=review)
    if request.method == "POST" and form.is_valid():
        note = form.save(commit=False)
        note.edited_at = timezone.now()
        try:
            with transaction.atomic():
                save_unless_changed(
                    note, base_version=form.base_version, fields=["text", "edited_at"]
                )
                note.items.set(form.cleaned_data["items"])
        except EditConflict as conflict:
            form.show_conflict(conflict.current)
        else:
            messages.success(request, _("The note is saved."))
            return redirect(f"{review.get_absolute_url()}besoeg/#session-{note.session_id}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "visits/note_edit.html",
        {"review": review, "note": note, "form": form},
        status=status,
    )


def programme_sessions(review) -> list:
    """The visit's sessions in time order (untimed last), with their reviewers and items."""
    sessions = review.visit_sessions.select_related("reviewer").prefetch_related(
        Prefetch("items", to_attr="informs")
    )
    return sorted(sessions, key=lambda s: (s.starts_at is None, s.starts_at, s.pk))


@login_required
@logged_download
def programme_pdf(request, pk):
    """The visit's programme on one page for the site: when, what, who and which items; no
    notes (they are the reviewers' own)."""
    review = review_for_user(request, pk, readable="can_read_visit_programme")
    context = {
        "review": review,
        "sessions": programme_sessions(review),
        "reviewers": [str(link) for link in review.reviewer_links.all()],
    }
    try:
        with translation.override(settings.LANGUAGE_CODE):
            html = render_to_string("visits/programme_pdf.html", context)
        pdf = engine.html_to_pdf(html)
    except Exception:
        logger.exception("Rendering the visit programme of review %s failed", review.pk)
        return render(request, "reports/render_failed.html", {"review": review}, status=500)
    name = f"besoegsprogram-{review.site.slug}-{review.visit_date:%Y-%m-%d}.pdf"
    return engine.pdf_response(pdf, name)
