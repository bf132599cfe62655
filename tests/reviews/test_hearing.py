"""The right of reply (høring): the lead sends the draft, the site's leaders comment until the
deadline, the reviewers read the comments beside the items; finalizing closes it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reviews import services
from reviews.access import review_access, visible_reviews
from reviews.models import Hearing, HearingComment
from tests.factories import finalize, make_review, make_site, open_consensus, score_all


@pytest.fixture
def draft(reviewer, other_reviewer, leader, reviewer_leader):
    site = make_site(leaders=[leader])
    review = make_review(lead=other_reviewer, site=site, scale="ips-15")
    review.reviewer_links.create(user=reviewer)
    return score_all(open_consensus(review))


@pytest.fixture
def sent(draft, other_reviewer):
    services.hearing_send(
        review=draft, user=other_reviewer, deadline=timezone.localdate() + datetime.timedelta(7)
    )
    return draft


def access(user, review):
    review.refresh_from_db()
    review.__dict__.pop("open_hearing", None)
    return review_access(user, review)


def test_the_lead_sends_the_draft_after_a_confirmation_with_a_default_deadline(
    client, draft, other_reviewer
):
    client.force_login(other_reviewer)
    page = client.get(reverse("reviews:hearing_send", args=[draft.pk])).text
    in_14_days = timezone.localdate() + datetime.timedelta(days=14)
    assert f'value="{in_14_days:%Y-%m-%d}"' in page
    assert Hearing.objects.count() == 0

    response = client.post(
        reverse("reviews:hearing_send", args=[draft.pk]), {"deadline": in_14_days}
    )
    assert response.status_code == 302
    hearing = Hearing.objects.get()
    assert (hearing.review, hearing.sent_by, hearing.deadline) == (
        draft,
        other_reviewer,
        in_14_days,
    )
    assert hearing.is_open


def test_sending_needs_every_item_scored(client, other_reviewer, leader):
    review = make_review(lead=other_reviewer, site=make_site(leaders=[leader]), scale="ips-15")
    row = review.item_scores.get(item__number=3)
    row.score = 4
    row.save()
    client.force_login(other_reviewer)
    response = client.post(
        reverse("reviews:hearing_send", args=[review.pk]), {"deadline": "2099-01-01"}
    )
    assert response.status_code == 400
    text = response.text
    assert "Item 1, 2 og 4–15 mangler en score." in text
    assert "Alle items skal være scoret, før udkastet sendes i høring." in text
    assert Hearing.objects.count() == 0


@pytest.mark.parametrize("deadline", ["", "i morgen", "2020-01-01", "2026-13-45"])
def test_a_bad_deadline_is_refused_and_nothing_is_sent(client, draft, other_reviewer, deadline):
    client.force_login(other_reviewer)
    response = client.post(reverse("reviews:hearing_send", args=[draft.pk]), {"deadline": deadline})
    assert response.status_code == 400
    assert "is-invalid" in response.text or "Fristen kan ikke ligge i fortiden." in response.text
    assert Hearing.objects.count() == 0


def test_it_cannot_be_sent_twice_at_once(sent, other_reviewer):
    with pytest.raises(ValidationError):
        services.hearing_send(review=sent, user=other_reviewer, deadline=timezone.localdate())
    assert Hearing.objects.count() == 1


def test_the_leader_reads_the_draft_only_while_it_is_out(client, draft, other_reviewer, leader):
    client.force_login(leader)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft not in visible_reviews(leader)

    services.hearing_send(review=draft, user=other_reviewer, deadline=timezone.localdate())
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200
    assert "Udkast i høring" in page.text or "høring" in page.text
    assert "<textarea" not in page.text
    assert draft in visible_reviews(leader)

    services.hearing_close(review=draft, user=other_reviewer)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert draft not in visible_reviews(leader)


def test_the_leader_comments_on_the_whole_and_on_an_item(client, sent, leader):
    item = sent.scale.items.get(number=4)
    client.force_login(leader)
    url = reverse("reviews:hearing", args=[sent.pk])
    client.post(url, {"item": "", "text": "Tak for et grundigt udkast."})
    response = client.post(url, {"item": item.pk, "text": "Vi holder møde hver uge."})
    assert response.status_code == 302
    comments = list(HearingComment.objects.order_by("pk"))
    assert [(c.item, c.author, c.text) for c in comments] == [
        (None, leader, "Tak for et grundigt udkast."),
        (item, leader, "Vi holder møde hver uge."),
    ]
    page = client.get(url).text
    assert "Tak for et grundigt udkast." in page
    assert "Vi holder møde hver uge." in page


def test_reviewers_see_the_comments_beside_the_items(client, sent, leader, reviewer):
    item = sent.scale.items.get(number=4)
    services.hearing_comment_add(review=sent, user=leader, text="Se referatet.", item=item)
    services.hearing_comment_add(review=sent, user=leader, text="Helheden er fin.")
    client.force_login(reviewer)
    for url in (sent.get_absolute_url(), reverse("reviews:consensus", args=[sent.pk])):
        page = client.get(url).text
        article = page.split('id="item-4"')[1].split("</article>")[0]
        assert "Se referatet." in article
        assert "Helheden er fin." in page
        other = page.split('id="item-5"')[1].split("</article>")[0]
        assert "Se referatet." not in other
    assert "Se referatet." in client.get(reverse("reviews:hearing", args=[sent.pk])).text


def test_after_the_deadline_the_leader_can_no_longer_comment(client, sent, leader):
    Hearing.objects.update(deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert not access(leader, sent).can_comment
    assert access(leader, sent).can_read
    client.force_login(leader)
    page = client.get(reverse("reviews:hearing", args=[sent.pk]))
    assert "Fristen for kommentarer er overskredet" in page.text
    assert "<textarea" not in page.text
    response = client.post(
        reverse("reviews:hearing", args=[sent.pk]), {"item": "", "text": "For sent"}
    )
    assert response.status_code == 403
    with pytest.raises(ValidationError):
        services.hearing_comment_add(review=sent, user=leader, text="For sent")
    assert HearingComment.objects.count() == 0


def test_the_deadline_day_itself_is_still_open(sent, leader):
    Hearing.objects.update(deadline=timezone.localdate())
    assert access(leader, sent).can_comment


def test_the_lead_closes_the_hearing(client, sent, other_reviewer, reviewer, leader):
    client.force_login(reviewer)
    assert client.post(reverse("reviews:hearing_close", args=[sent.pk])).status_code == 403
    client.force_login(other_reviewer)
    response = client.post(reverse("reviews:hearing_close", args=[sent.pk]))
    assert response.status_code == 302
    hearing = Hearing.objects.get()
    assert hearing.closed_by == other_reviewer
    assert not access(leader, sent).can_comment
    assert access(other_reviewer, sent).can_send_for_comments


def test_finalizing_closes_an_open_hearing(sent, other_reviewer, leader, placeholder_pdf):
    services.hearing_comment_add(review=sent, user=leader, text="Bemærk item 2.")
    finalize(sent, other_reviewer)
    hearing = Hearing.objects.get()
    assert hearing.closed_at is not None
    assert hearing.closed_by == other_reviewer
    assert HearingComment.objects.count() == 1
    assert access(leader, sent).can_read
    assert not access(leader, sent).can_comment


def test_comments_are_append_only(sent, leader):
    comment = services.hearing_comment_add(review=sent, user=leader, text="Først")
    comment.text = "Ændret"
    with pytest.raises(ValidationError):
        comment.save()
    with pytest.raises(ValidationError):
        comment.delete()
    comment.refresh_from_db()
    assert comment.text == "Først"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"item": "", "text": "   "}, "Dette felt er påkrævet"),
        ({"item": "999999", "text": "Hej"}, "Marker en gyldig valgmulighed"),
        ({"item": "abc", "text": "Hej"}, "Marker en gyldig valgmulighed"),
        ({"item": "", "text": "x" * 5001}, "5000"),
    ],
)
def test_bad_comments_are_refused_with_a_clear_message(client, sent, leader, data, message):
    client.force_login(leader)
    response = client.post(reverse("reviews:hearing", args=[sent.pk]), data)
    assert response.status_code == 400
    assert message in response.text.replace(".", "")
    assert HearingComment.objects.count() == 0


def test_an_item_of_another_scale_is_refused(sent, leader):
    from scales.models import Item

    other = Item.objects.exclude(scale=sent.scale).first()
    with pytest.raises(ValidationError):
        services.hearing_comment_add(review=sent, user=leader, text="Hej", item=other)


def test_comment_text_is_escaped(client, sent, leader, reviewer):
    services.hearing_comment_add(
        review=sent, user=leader, text='<script>alert("x")</script>', item=None
    )
    client.force_login(reviewer)
    for url in (reverse("reviews:hearing", args=[sent.pk]), sent.get_absolute_url()):
        page = client.get(url).text
        assert '<script>alert("x")</script>' not in page
        assert "&lt;script&gt;" in page


def test_other_leaders_and_reviewers_have_no_access(client, sent, other_leader, admin):
    client.force_login(other_leader)
    assert client.get(reverse("reviews:hearing", args=[sent.pk])).status_code == 404
    assert client.post(reverse("reviews:hearing", args=[sent.pk]), {"text": "x"}).status_code == 404
    assert not access(other_leader, sent).can_read
    # An administrator reads the comments but does not comment or send.
    assert access(admin, sent).can_see_comments
    assert not access(admin, sent).can_comment
    assert not access(admin, sent).can_close_hearing


def test_a_reviewer_cannot_comment_and_the_leader_cannot_send(client, sent, reviewer, leader):
    client.force_login(reviewer)
    assert client.post(reverse("reviews:hearing", args=[sent.pk]), {"text": "x"}).status_code == 403
    client.force_login(leader)
    assert client.get(reverse("reviews:hearing_send", args=[sent.pk])).status_code == 403
    assert client.post(reverse("reviews:hearing_close", args=[sent.pk])).status_code == 403


@pytest.mark.parametrize("code", ["ips-15", "ips-25"])
def test_the_hearing_page_runs_a_fixed_number_of_queries(
    client, other_reviewer, leader, django_assert_num_queries, code
):
    review = make_review(lead=other_reviewer, site=make_site(leaders=[leader]), scale=code)
    score_all(review)
    services.hearing_send(review=review, user=other_reviewer, deadline=timezone.localdate())
    for item in review.scale.items.all():
        services.hearing_comment_add(review=review, user=leader, text="Kommentar", item=item)
    client.force_login(leader)
    # session, user, the leader's second-factor device; review with site, region and
    # scale; hearings with who sent and closed; comments with authors and items; reviewers
    # with their users; groups; led sites; items of the scale; the access log's insert.
    with django_assert_num_queries(11):
        response = client.get(reverse("reviews:hearing", args=[review.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("code", ["ips-15", "ips-25"])
def test_the_comments_beside_the_items_cost_one_query_whatever_their_number(
    client, reviewer, other_reviewer, leader, django_assert_num_queries, code
):
    review = make_review(
        lead=reviewer, co_reviewers=[other_reviewer], site=make_site(leaders=[leader]), scale=code
    )
    score_all(open_consensus(review))
    services.hearing_send(review=review, user=reviewer, deadline=timezone.localdate())
    for item in review.scale.items.all():
        services.hearing_comment_add(review=review, user=leader, text="Kommentar", item=item)
    client.force_login(reviewer)
    # The review page's 23 the first time in a process (tests/reviews/test_review_pages.py) and the
    # comments with their authors.
    with django_assert_num_queries(24):
        page = client.get(review.get_absolute_url())
    assert page.text.count('data-testid="item-comments"') == review.scale.items.count()
    # The consensus page's 13 (the scale's items already read by this process) and the
    # comments.
    with django_assert_num_queries(14):
        page = client.get(reverse("reviews:consensus", args=[review.pk]))
    assert page.text.count('data-testid="item-comments"') == review.scale.items.count()


def test_nothing_of_the_comments_reaches_the_report(sent, leader):
    from reports.pdf import render_report_html

    item = sent.scale.items.get(number=4)
    services.hearing_comment_add(review=sent, user=leader, text="Hemmelig indsigelse", item=item)
    services.hearing_comment_add(review=sent, user=leader, text="Til hele udkastet")
    html = render_report_html(sent)
    assert "Hemmelig indsigelse" not in html
    assert "Til hele udkastet" not in html
