"""The notices about a review: co-reviewers when the consensus opens, the site's leaders when
a draft comes for comments and when the final report is ready. Each once, after the commit."""

import pytest
from django.utils import timezone

from notices.models import NoticeKind, NoticeOptOut
from outbox.models import Email
from reports.models import FinalReport
from reviews import notifying, services
from tests.factories import finalize, make_review, make_site, open_consensus, rate, score_all


@pytest.fixture
def people(reviewer, other_reviewer, leader, other_leader):
    for user in (reviewer, other_reviewer, leader, other_leader):
        user.email = f"{user.username}@example.dk"
        user.save(update_fields=["email"])
    return reviewer, other_reviewer, leader, other_leader


@pytest.fixture
def review(people):
    reviewer, other_reviewer, leader, _other_leader = people
    return make_review(
        lead=reviewer,
        co_reviewers=[other_reviewer],
        site=make_site(leaders=[leader]),
        scale="ips-15",
    )


def sent_to(kind):
    return sorted(Email.objects.filter(kind=kind).values_list("to", flat=True))


def test_co_reviewers_are_told_once_when_the_consensus_opens(
    review, people, mailoutbox, run_tasks, django_capture_on_commit_callbacks
):
    reviewer, other_reviewer, *_ = people
    rate(review, reviewer, [3] * 15)
    rate(review, other_reviewer, [4] * 15)
    with django_capture_on_commit_callbacks(execute=True):
        services.rating_mark_done(review=review, user=reviewer)
    assert sent_to("consensus_open") == []
    with django_capture_on_commit_callbacks(execute=True):
        services.rating_mark_done(review=review, user=other_reviewer)
    # The one whose "done" opened it knows; the other reviewer is told.
    assert sent_to("consensus_open") == ["reviewer@example.dk"]
    with django_capture_on_commit_callbacks(execute=True):
        notifying.consensus_open(review_id=review.pk, done_by_id=other_reviewer.pk)
    run_tasks()
    assert [m.to for m in mailoutbox] == [["reviewer@example.dk"]]
    assert "Konsensus er åben" in mailoutbox[0].subject
    assert f"/reviews/{review.pk}/konsensus/" in mailoutbox[0].body


def test_leaders_are_told_once_when_a_draft_comes_for_comments(
    review, people, mailoutbox, run_tasks, django_capture_on_commit_callbacks
):
    reviewer, _other, _leader, other_leader = people
    score_all(open_consensus(review))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        hearing = services.hearing_send(review=review, user=reviewer, deadline=timezone.localdate())
    assert len(callbacks) == 1
    notifying.draft_for_comments(hearing_id=hearing.pk)  # again: nothing new
    run_tasks()
    assert [m.to for m in mailoutbox] == [["leader@example.dk"]]
    message = mailoutbox[0]
    assert "Udkast til rapport i høring" in message.subject
    assert f"/reviews/{review.pk}/hoering/" in message.body
    assert other_leader.email not in str([m.to for m in mailoutbox])


def test_a_new_round_of_comments_is_told_again(
    review, people, run_tasks, django_capture_on_commit_callbacks
):
    reviewer, *_ = people
    score_all(open_consensus(review))
    with django_capture_on_commit_callbacks(execute=True):
        services.hearing_send(review=review, user=reviewer, deadline=timezone.localdate())
    services.hearing_close(review=review, user=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.hearing_send(review=review, user=reviewer, deadline=timezone.localdate())
    assert sent_to("draft_for_comments") == ["leader@example.dk", "leader@example.dk"]


def test_a_leader_who_turned_it_off_gets_no_draft_notice(
    review, people, django_capture_on_commit_callbacks
):
    reviewer, _other, leader, _ = people
    NoticeOptOut.objects.create(user=leader, kind=NoticeKind.DRAFT_FOR_COMMENTS)
    score_all(open_consensus(review))
    with django_capture_on_commit_callbacks(execute=True):
        services.hearing_send(review=review, user=reviewer, deadline=timezone.localdate())
    assert sent_to("draft_for_comments") == []


def test_a_reviewer_who_turned_it_off_gets_no_consensus_notice(
    review, people, django_capture_on_commit_callbacks
):
    reviewer, other_reviewer, *_ = people
    NoticeOptOut.objects.create(user=reviewer, kind=NoticeKind.CONSENSUS_OPEN)
    rate(review, reviewer, [3] * 15)
    rate(review, other_reviewer, [4] * 15)
    services.rating_mark_done(review=review, user=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        services.rating_mark_done(review=review, user=other_reviewer)
    assert sent_to("consensus_open") == []


def test_the_final_report_notice_is_always_sent_and_again_after_a_reopening(
    review,
    people,
    admin,
    placeholder_pdf,
    mailoutbox,
    run_tasks,
    django_capture_on_commit_callbacks,
):
    reviewer, _other, leader, _ = people
    # Turning it off is not possible; even a stray row would not stop it.
    NoticeOptOut.objects.bulk_create(
        [NoticeOptOut(user=leader, kind=NoticeKind.DRAFT_FOR_COMMENTS)]
    )
    score_all(open_consensus(review))
    with django_capture_on_commit_callbacks(execute=True):
        finalize(review, reviewer)
    assert sent_to("final_ready") == ["leader@example.dk"]
    with django_capture_on_commit_callbacks(execute=True):
        notifying.final_ready(
            review_id=review.pk, report_id=FinalReport.objects.get(review=review).pk
        )
    assert sent_to("final_ready") == ["leader@example.dk"]

    services.review_reopen(review=review, user=admin, reason="Rettelse i item 3")
    with django_capture_on_commit_callbacks(execute=True):
        finalize(review, reviewer)
    assert sent_to("final_ready") == ["leader@example.dk", "leader@example.dk"]
    run_tasks()
    assert "Den endelige rapport er klar" in mailoutbox[0].subject


def test_a_failing_notice_never_breaks_the_change(
    review, people, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    reviewer, *_ = people

    def broken(**kwargs):
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr("reviews.notifying.notice_send", broken)
    score_all(open_consensus(review))
    with django_capture_on_commit_callbacks(execute=True):
        hearing = services.hearing_send(review=review, user=reviewer, deadline=timezone.localdate())
    assert hearing.pk is not None
    assert "could not be queued" in caplog.text


def test_nothing_is_sent_when_the_change_rolls_back(
    review, people, django_capture_on_commit_callbacks
):
    from django.db import transaction

    reviewer, *_ = people
    score_all(open_consensus(review))

    def send_then_fail():
        with transaction.atomic():
            services.hearing_send(review=review, user=reviewer, deadline=timezone.localdate())
            raise RuntimeError("rolled back")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        send_then_fail()
    assert callbacks == []
    assert Email.objects.count() == 0
