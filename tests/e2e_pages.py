"""Every kind of page, for the browser tests that walk them all (accessibility, phone width)."""

from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import roles
from accounts.tokens import invitation_tokens
from followup import services as followup_services
from followup.models import Action
from outcomes.models import OutcomePeriod
from reviews import services
from reviews.models import EvidenceSource, ImprovementArea
from scales import services as scale_services
from sites.models import Region
from tests.factories import (
    finalize,
    make_checklist,
    make_review,
    make_site,
    make_two_part_scale,
    make_user,
    open_consensus,
    rate,
    score_all,
)
from visits.models import Note, Session


def every_kind_of_page(reviewer, other_reviewer, leader):
    """{persona: [paths]}, with the reviews they need: a finalized single-reviewer review
    of the leader's site, and a pair's draft with evidence, an area, ratings and an open
    consensus (the "consensus" paths, seen by the reviewer)."""
    site = make_site(leaders=[leader])
    # An earlier round, so the site's page compares the two item by item.
    earlier = make_review(lead=reviewer, site=site, scale="ips-15", visit_date="2025-10-01")
    finalize(score_all(earlier, [3, 5, 2, 4, 1] * 3), reviewer)
    # An open action of the earlier plan: the newer plan offers to carry it over.
    followup_services.action_create(
        review=earlier,
        user=leader,
        text="Fast mødetid med psykiatrien",
        responsible="IPS-leder",
        due_date="2026-06-01",
        status=Action.Status.NOT_STARTED,
    )
    single = score_all(make_review(lead=reviewer, site=site, scale="ips-15"))
    # A word longer than any line (a pasted address) must not push a page sideways.
    long_remark = single.item_scores.get(item__number=2)
    long_remark.remark = "Se https://eksempel.dk/" + "a" * 180 + " for detaljer."
    long_remark.save()
    single = finalize(single, reviewer)
    pair = make_review(
        lead=reviewer,
        co_reviewers=[other_reviewer],
        site=site,
        scale="ips-15",
        visit_date="2026-11-01",
    )
    evidence = services.row_add(review=pair, model=EvidenceSource)
    evidence.description = "Interviews med to IPS-konsulenter, tre IPS-kandidater og lederen"
    evidence.count = 6
    evidence.roles = "IPS-konsulenter, IPS-kandidater, leder"
    evidence.save()
    services.row_add(review=pair, model=ImprovementArea)
    # The visit: a session with a note tagged to items 1 and 2 (shown beside them).
    session = Session.objects.create(
        review=pair, kind="interview", title="IPS-konsulenterne", created_by=reviewer
    )
    session.items.set(pair.scale.items.filter(number__in=[1, 2, 3]))
    note = Note.objects.create(
        session=session, author=reviewer, text="Konsulenterne har 18–22 kandidater hver."
    )
    note.items.set(pair.scale.items.filter(number__in=[1, 2]))
    rate(pair, reviewer, [4] * 15, notes="Note")
    rate(pair, other_reviewer, [3] * 15)
    # A calculator with figures (item 1: caseload per konsulent), and a quarter of outcomes.
    mine = pair.ratings.get(reviewer__user=reviewer, item__number=1)
    mine.observed = [18, 22]
    mine.save()
    OutcomePeriod.objects.create(
        site=site,
        start="2026-01-01",
        end="2026-03-31",
        closed_courses=10,
        closed_ordinary_job=3,
        closed_flexjob=1,
        closed_education=1,
        source="Jobcentret",
    )
    # The finalized review's action plan has an action from item 1's recommendation.
    action = followup_services.action_create(
        review=single,
        user=leader,
        item_score=single.item_scores.get(item__number=1),
        text="Højst 20 kandidater pr. konsulent",
        responsible="IPS-leder",
        due_date="2027-03-01",
        status=Action.Status.IN_PROGRESS,
    )
    followup_services.action_note_add(action=action, user=leader, text="Ny konsulent ansat")
    plan = f"/reviews/{single.pk}/handleplan/"
    # A draft out for comments, with a leader's comment on the whole and on item 2.
    out = score_all(make_review(lead=reviewer, site=site, scale="ips-15", visit_date="2026-12-01"))
    services.hearing_send(review=out, user=reviewer, deadline=timezone.localdate())
    services.hearing_comment_add(review=out, user=leader, text="Tak for udkastet.")
    services.hearing_comment_add(
        review=out, user=leader, text="Se referatet.", item=out.scale.items.get(number=2)
    )
    # A checklist the lead may add to the pair's draft, and a finalized two-part review of
    # another site: the overview, the analytics and the site's page per subscale.
    make_checklist()
    two_part_site = make_site("Kolding Kommune")
    two_part = make_review(
        lead=reviewer, site=two_part_site, scale=make_two_part_scale(), visit_date="2026-05-01"
    )
    finalize(score_all(two_part, [4] * 25 + [5] * 10), reviewer)
    # A region that asks for moderation: the reviewer moderates another's draft, and asks for
    # a moderation of their own.
    moderated_site = make_site("Køge Kommune", region="Region Sjælland")
    Region.objects.filter(pk=moderated_site.region_id).update(moderation_required=True)
    to_moderate = score_all(make_review(lead=other_reviewer, site=moderated_site, scale="ips-15"))
    services.moderation_request(review=to_moderate, user=other_reviewer, moderator=reviewer)
    to_ask = score_all(make_review(lead=reviewer, site=moderated_site, scale="ips-15"))
    # A draft of the next scale version with one item changed: its edit and publish pages.
    draft = scale_services.scale_create_version(scale=pair.scale)
    changed = draft.items.get(number=1)
    changed.name = "Sagsstamme pr. fuldtidskonsulent"
    changed.save()
    return {
        "reviewer": [
            "/",
            "/reviews/",
            "/reviews/ny/",
            pair.get_absolute_url(),
            f"/reviews/{pair.pk}/bedoemmelse/",
            f"/reviews/{pair.pk}/log/",
            f"/reviews/{pair.pk}/afslut/",
            f"/scales/{pair.scale_id}/",
            "/scales/",
            f"/steder/{site.pk}/",
            "/overblik/",
            f"/steder/{site.pk}/resultater/ny/",
            "/resultater/import/",
            "/resultater/beregning/",
            "/analyser/",
            "/kalibrering/?scale=ips-15",
            plan,
            "/kommende-reviews/",
            f"/steder/{site.pk}/naeste-review/",
            f"/reviews/{pair.pk}/hoering/send/",
            f"/reviews/{pair.pk}/informationsanmodning/",
            f"/reviews/{pair.pk}/besoeg/",
            f"/reviews/{pair.pk}/noter/{note.pk}/ret/",
            out.get_absolute_url(),
            f"/reviews/{out.pk}/hoering/",
            "/overblik/?scale=test-to-dele&kind=&part=1",
            f"/steder/{two_part_site.pk}/",
            f"/analyser/?region={two_part_site.region_id}&scale=test-to-dele&kind=external&part=2",
            to_moderate.get_absolute_url(),
            f"/reviews/{to_moderate.pk}/moderering/",
            to_ask.get_absolute_url(),
            f"/reviews/{to_ask.pk}/moderering/",
        ],
        "consensus": [f"/reviews/{open_consensus(pair).pk}/konsensus/", pair.get_absolute_url()],
        "leader": [
            "/",
            "/rapporter/",
            f"/steder/{site.pk}/handleplan/",
            single.get_absolute_url(),
            f"/reviews/{single.pk}/log/",
            "/analyser/",
            f"/steder/{site.pk}/",
            plan,
            f"{plan}ny/?kilde=item-{action.item_score_id}",
            f"{plan}{action.pk}/ret/",
            f"{plan}{action.pk}/note/",
            out.get_absolute_url(),
            f"/reviews/{out.pk}/hoering/",
            f"/reviews/{out.pk}/informationsanmodning/",
        ],
        "admin": [
            "/",
            f"/reviews/{single.pk}/rapport/dan-igen/",
            "/reviews/alle/",
            "/findes-ikke/",
            "/personer/",
            "/personer/inviter/",
            f"/personer/{reviewer.pk}/deaktiver/",
            "/adgangslog/",
            "/steder/",
            "/steder/nyt/",
            f"/steder/{site.pk}/rediger/",
            "/regioner/ny/",
            f"/regioner/{moderated_site.region_id}/moderering/",
            "/scales/indlaes/",
            "/klynger/ny/",
            f"/scales/{draft.pk}/",
            f"/scales/{draft.pk}/ret/",
            f"/scales/{draft.pk}/items/1/ret/",
            f"/scales/{draft.pk}/udgiv/",
        ],
        "anonymous": [
            "/login/",
            "/tilgaengelighed/",
            "/glemt-adgangskode/",
            "/glemt-adgangskode/sendt/",
            "/adgangskode/MQ/udloebet-link/",
            "/adgangskode/gemt/",
            invitation_link(),
        ],
    }


def invitation_link():
    """The page an invited person chooses their password on."""
    invited = make_user("invited@example.dk", role=roles.LEADER)
    invited.set_unusable_password()
    invited.save()
    uid = urlsafe_base64_encode(force_bytes(invited.pk))
    return f"/invitation/{uid}/{invitation_tokens.make_token(invited)}/"
