"""Plain builders for test objects (no factory library): `make_user(...)`, `make_review(...)`."""

import datetime
import html
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from followup import services as followup
from reports import services as issuing
from reviews import services
from reviews.models import Review
from scales.models import Scale
from sites.models import Region, Site

PASSWORD = "correct-horse-battery-staple"


def make_user(username, *, role=None, first_name="", last_name="", **extra):
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=first_name or username.title(),
        last_name=last_name,
        **extra,
    )
    if role:
        roles.sync_role_groups()
        user.groups.add(Group.objects.get(name=role))
    return user


def make_site(name="Vejle Kommune", *, region="Region Syddanmark", cluster=None, leaders=()):
    region_obj, _ = Region.objects.get_or_create(name=region)
    site = Site.objects.create(
        name=name,
        region=region_obj,
        cluster=cluster,
        jobcenter=f"Jobcenter {name.split()[0]}",
        psychiatry_partner=f"Lokalpsykiatrien i {name.split()[0]}",
    )
    site.leaders.add(*leaders)
    return site


def published(code="ips-25") -> Scale:
    return Scale.objects.published().get(code=code)


def make_review(
    *,
    lead,
    site=None,
    scale="ips-25",
    co_reviewers=(),
    visit_date=datetime.date(2026, 10, 1),
    kind=Review.Kind.EXTERNAL,
) -> Review:
    return services.review_create(
        site=site or make_site(),
        scale=published(scale) if isinstance(scale, str) else scale,
        visit_date=visit_date,
        kind=kind,
        lead=lead,
        co_reviewers=co_reviewers,
        created_by=lead,
    )


def score_all(review, scores=None, *, summary="Resumé af reviewet."):
    """Give every item a score (all 4 unless a list is given) and write the summary."""
    rows = list(review.item_scores.order_by("item__number"))
    scores = scores or [4] * len(rows)
    for row, score in zip(rows, scores, strict=True):
        row.score = score
        row.remark = f"Bemærkning til item {row.item.number}"
        row.recommendation = f"Anbefaling til item {row.item.number}"
        row.save()
    review.summary = summary
    review.save()
    return review


def finalize(review, user):
    return issuing.review_finalize(review=review, user=user)


def previous_round_action(*, reviewer, leader, site, status, remark=""):
    """A finalized IPS-15 round of `site` (visit 1 October 2025, every item 4) and the action
    its leaders made from item 1's recommendation (due 1 March 2026), which is returned."""
    review = make_review(
        lead=reviewer, site=site, scale="ips-15", visit_date=datetime.date(2025, 10, 1)
    )
    score_all(review, [4] * 15)
    row = review.item_scores.get(item__number=1)
    if remark:
        row.remark = remark
        row.save()
    finalize(review, reviewer)
    return followup.action_create(
        review=review,
        user=leader,
        item_score=row,
        text="Færre borgere pr. konsulent",
        responsible="IPS-leder",
        due_date=datetime.date(2026, 3, 1),
        status=status,
    )


def open_consensus(review):
    """Mark every reviewer's own rating as done, as if they had all finished rating."""
    review.reviewer_links.update(rating_done_at=timezone.now())
    return review


def rate(review, user, scores, notes=""):
    """Give `user`'s independent rating of every item (scores in item order)."""
    link = review.reviewer_links.get(user=user)
    items = list(review.scale.items.order_by("number"))
    for item, score in zip(items, scores, strict=True):
        rating = services.rating_for(link=link, item=item)
        rating.score = score
        rating.notes = notes
        rating.save()
    return link


def vejle_prose_review(*, lead, site=None, scale="ips-25", item_three_remark=None):
    """A scored review of `scale` whose items carry the Vejle review's scores, remarks and
    recommendations in order (item n gets Vejle's n-th), with its purpose, general comments
    and summary: real Danish prose for the report. Item 3's remark may be replaced."""
    import json
    from pathlib import Path

    data = json.loads(
        (Path(__file__).resolve().parents[1] / "demo/data/vejle_review.json").read_text("utf-8")
    )
    items = [item for section in data["sections"] for item in section["items"]]
    review = make_review(lead=lead, site=site, scale=scale)
    rows = review.item_scores.select_related("item").order_by("item__number")
    for row, item in zip(rows, items, strict=False):
        row.score = item["score"]
        row.remark = item["remark"]
        if row.item.number == 3 and item_three_remark is not None:
            row.remark = item_three_remark(items)
        row.recommendation = item["recommendation"]
        row.save()
    review.purpose = data["purpose"]
    review.general_comments = data["general_comments"]
    review.summary = data["summary"]
    review.save()
    return review


def _near_the_limit(items):
    paragraphs, length = [], 0
    for item in items * 3:
        if length + len(item["remark"]) > 9_600:
            break
        paragraphs.append(item["remark"])
        length += len(item["remark"]) + 2
    return "\n\n".join(paragraphs)


def long_remark_review(*, lead, site=None):
    """A scored IPS-25 review whose item 3 carries a remark near the 10,000-character limit.

    Built from the Vejle review's own remarks, so the words are real Danish prose.
    """
    return vejle_prose_review(lead=lead, site=site, item_three_remark=_near_the_limit)


def totp_device(user, *, key=None):
    """The person's confirmed authenticator (made if they have none)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        extra = {"key": key} if key else {}
        device = TOTPDevice.objects.create(user=user, name="Test", confirmed=True, **extra)
    return device


def totp_code(device, *, steps=0) -> str:
    """The code the person's app shows now (or `steps` 30-second steps away), computed from
    the device's key as the app does."""
    from django_otp.oath import totp

    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps)
    return f"{code:0{device.digits}d}"


def app_with_key(shown_key: str):
    """An authenticator app into which the person typed the key the setup page shows."""
    from base64 import b32decode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    secret = shown_key.replace(" ", "")
    secret += "=" * (-len(secret) % 8)
    return TOTPDevice(key=b32decode(secret).hex())


def confirm_outcome_import(client, preview):
    """Press "Gem tallene" on an outcome import's preview page (`preview`: its response)."""
    text = preview.text
    digest = re.search(r'name="digest" value="([0-9a-f]+)"', text).group(1)
    seen = html.unescape(re.search(r'name="seen" value="([^"]*)"', text).group(1))
    return client.post(
        reverse("outcomes:outcomes_import"), {"confirm": "1", "digest": digest, "seen": seen}
    )


# A two-part instrument made for the tests (no real scale's wording): 35 items in two
# subscales of 25 and 10, each with its own bands and no total of the whole scale, the shape
# of a fidelity scale for young people with an employment and an education part.
TWO_PART_CODE = "test-to-dele"


def two_part_scale_data() -> dict:
    def item(number):
        return {
            "number": number,
            "name": f"Testitem {number}",
            "english_name": "",
            "definition": f"Hvad testitem {number} vurderer.",
            "data_sources": "",
            "guidance": "",
            "anchors": [{"score": s, "text": f"Item {number}, score {s}."} for s in range(1, 6)],
        }

    def bands(lowest, fair, good, exemplary, highest):
        return [
            {"min": exemplary, "max": highest, "label": "Eksemplarisk", "level": "exemplary"},
            {"min": good, "max": exemplary - 1, "label": "God", "level": "good"},
            {"min": fair, "max": good - 1, "label": "Nogenlunde", "level": "fair"},
            {"min": lowest, "max": fair - 1, "label": "Ikke IPS", "level": "not_ips"},
        ]

    return {
        "format": "ipsfidelity.scale/1",
        "code": TWO_PART_CODE,
        "name": "Testskala i to dele",
        "edition_year": 2026,
        "description": "Et instrument lavet til testene.",
        "sections": [
            {"name": "Beskæftigelse", "items": [item(n) for n in range(1, 26)]},
            {"name": "Uddannelse", "items": [item(n) for n in range(26, 36)]},
        ],
        "bands": [],
        "subscales": [
            {
                "name": "Beskæftigelsesdelen",
                "items": list(range(1, 26)),
                "bands": bands(25, 74, 100, 115, 125),
            },
            {
                "name": "Uddannelsesdelen",
                "items": list(range(26, 36)),
                "bands": bands(10, 30, 40, 46, 50),
            },
        ],
    }


def make_two_part_scale():
    """The two-part test instrument, published."""
    from scales.services import scale_import, scale_publish

    return scale_publish(
        scale=scale_import(data=two_part_scale_data()), change_note="Testinstrumentet."
    )


CHECKLIST_CODE = "test-tjekliste"


def checklist_data() -> dict:
    """A checklist made for the tests: six items in two sections, answered no / partly /
    yes, with no total and no bands."""

    def item(number):
        return {
            "number": number,
            "name": f"Punkt {number}",
            "english_name": "",
            "definition": f"Hvad punkt {number} spørger om.",
            "data_sources": "",
            "guidance": "",
            "anchors": [
                {"score": 1, "text": "Nej"},
                {"score": 2, "text": "Delvist"},
                {"score": 3, "text": "Ja"},
            ],
        }

    return {
        "format": "ipsfidelity.scale/1",
        "code": CHECKLIST_CODE,
        "name": "Tjekliste til testene",
        "edition_year": 2026,
        "description": "En tjekliste lavet til testene.",
        "kind": "checklist",
        "sections": [
            {"name": "Samarbejde", "items": [item(n) for n in range(1, 4)]},
            {"name": "Uddannelse", "items": [item(n) for n in range(4, 7)]},
        ],
        "bands": [],
    }


def make_checklist():
    """The test checklist, published."""
    from scales.services import scale_import, scale_publish

    return scale_publish(scale=scale_import(data=checklist_data()), change_note="Tjeklisten.")
