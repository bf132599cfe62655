"""Demo data for `manage.py load_demo`: users, sites and reviews for trying the app locally.

Everything here is idempotent: running it twice leaves the same data as running it once.
The Vejle review is a transcription of a real, public fidelity review (seed 000).
"""

import json
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from demo import progress
from demo.calibration import load_calibration_reviews
from demo.dates import demo_time
from demo.followup import load_vejle_plan
from demo.outcomes import load_hjoerring, load_sjaelland_outcomes
from demo.sjaelland import load_sjaelland
from reviews import services
from reviews.models import EvidenceSource, ImprovementArea, Review
from scales.models import Scale
from sites.models import Region, Site

DEMO_PASSWORD = "ips-demo-2026"  # noqa: S105 - printed by `make run`, local demo only
# The demo administrator's and leader's authenticator key (published in the README, so that
# anyone can add it to an app and log in to the local demo) and their recovery codes.
DEMO_TOTP_KEY = "49505346696465c3a46974792d64656d6f2d3236"
DEMO_RECOVERY_CODES = [f"demo{n:04d}" for n in range(1, 6)]
LOOPBACK = {"localhost", "127.0.0.1", "[::1]", "::1", "testserver"}
DATA = Path(__file__).resolve().parent / "data"
VEJLE_VISIT = date(2023, 5, 10)
# The report's date: the demo says when each review was finalized in its day, not when
# `load_demo` ran.
VEJLE_FINALIZED = demo_time(2023, 6, 7)


def ensure_user(username, *, first_name, last_name, role, superuser=False):
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=username)
    user.first_name = first_name
    user.last_name = last_name
    user.email = f"{username}@demo.invalid"
    user.is_staff = superuser
    user.is_superuser = superuser
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    return user


def ensure_second_factor(user):
    """The demo authenticator and recovery codes, the same on every run."""
    TOTPDevice.objects.filter(user=user).exclude(key=DEMO_TOTP_KEY).delete()
    TOTPDevice.objects.update_or_create(
        user=user,
        key=DEMO_TOTP_KEY,
        defaults={"name": "Demo-app", "confirmed": True, "throttling_failure_count": 0},
    )
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Gendannelseskoder", confirmed=True)
    for code in DEMO_RECOVERY_CODES:
        device.token_set.create(token=code)


def refuse_on_a_server():
    """The demo's passwords and authenticator key are public: never on a real server."""
    names = set(settings.ALLOWED_HOSTS) - LOOPBACK
    if names:
        raise ImproperlyConfigured(
            f"load_demo is for a local demo only; DJANGO_ALLOWED_HOSTS names {sorted(names)}."
        )


def ensure_site(name, *, region, jobcenter, partner, leaders=()):
    site, _ = Site.objects.update_or_create(
        name=name,
        defaults={
            "region": region,
            "jobcenter": jobcenter,
            "psychiatry_partner": partner,
            "active": True,
        },
    )
    site.leaders.add(*leaders)
    return site


def load_vejle_review(*, site, lead, co_reviewer) -> Review:
    existing = Review.objects.filter(site=site, visit_date=VEJLE_VISIT).first()
    if existing:
        return existing
    data = json.loads((DATA / "vejle_review.json").read_text(encoding="utf-8"))
    scale = Scale.objects.published().get(code="ips-25")
    # Entered after the fact from its published report: its two reviewers' independent
    # ratings were never recorded, only the agreed scores, so it has no rating stage.
    review = services.review_create(
        site=site,
        scale=scale,
        visit_date=VEJLE_VISIT,
        kind=Review.Kind.EXTERNAL,
        lead=lead,
        co_reviewers=[co_reviewer],
        created_by=lead,
        after_the_fact=True,
    )
    review.purpose = data["purpose"]
    review.basis = data["basis"]
    review.general_comments = data["general_comments"]
    review.summary = data["summary"]
    review.save()
    for position, source in enumerate(data["evidence_sources"], start=1):
        EvidenceSource.objects.create(
            review=review,
            position=position,
            kind=source["kind"],
            description=source["description"],
            count=source["count"],
        )
    for position, text in enumerate(data["improvement_areas"], start=1):
        ImprovementArea.objects.create(review=review, position=position, text=text)
    by_number = {s.item.number: s for s in review.item_scores.select_related("item")}
    for section in data["sections"]:
        for item in section["items"]:
            row = by_number[item["number"]]
            row.score = item["score"]
            row.remark = item["remark"]
            row.recommendation = item["recommendation"]
            row.updated_by = lead
            row.save()
    return progress.finalize(review=review, user=lead, at=VEJLE_FINALIZED)


def load_demo(*, regional=True) -> list[str]:
    """Users, the Vejle review and a draft to try; with `regional`, Region Sjælland too."""
    refuse_on_a_server()
    roles.sync_role_groups()
    progress.announce("Loading the demo; each finalized review renders its report (a few seconds):")
    admin = ensure_user(
        "admin",
        first_name="Ada",
        last_name="Administrator",
        role=roles.ADMINISTRATOR,
        superuser=True,
    )
    reviewer = ensure_user(
        "reviewer", first_name="Lone", last_name="Hellström", role=roles.REVIEWER
    )
    reviewer2 = ensure_user(
        "reviewer2", first_name="Marte", last_name="Ustrup", role=roles.REVIEWER
    )
    leader = ensure_user("leader", first_name="Lars", last_name="Leder", role=roles.LEADER)
    for user in (admin, leader):
        ensure_second_factor(user)

    syddanmark, _ = Region.objects.get_or_create(name="Region Syddanmark")
    vejle = ensure_site(
        "Vejle Kommune",
        region=syddanmark,
        jobcenter="Jobcenter Vejle",
        partner="Lokalpsykiatrien i Vejle",
        leaders=[leader],
    )
    fredericia = ensure_site(
        "Fredericia Kommune",
        region=syddanmark,
        jobcenter="Jobcenter Fredericia",
        partner="Lokalpsykiatrien i Fredericia",
    )
    vejle_review = load_vejle_review(site=vejle, lead=reviewer, co_reviewer=reviewer2)
    load_vejle_plan(review=vejle_review, leader=leader, reviewer=reviewer)
    neighbours = {
        name: ensure_site(
            name,
            region=syddanmark,
            jobcenter=f"Jobcenter {name.split()[0]}",
            partner=f"Lokalpsykiatrien i {name.split()[0]}",
        )
        for name in ("Kolding Kommune", "Middelfart Kommune")
    }
    load_calibration_reviews(
        sites={**neighbours, "Fredericia Kommune": fredericia}, lead=reviewer, co_reviewer=reviewer2
    )
    if not Review.objects.filter(site=fredericia, status=Review.Status.DRAFT).exists():
        services.review_create(
            site=fredericia,
            scale=Scale.objects.published().get(code="ips-25"),
            visit_date=date(2026, 11, 16),
            kind=Review.Kind.EXTERNAL,
            lead=reviewer,
            co_reviewers=[reviewer2],
            created_by=reviewer,
        )
    hjoerring = ensure_user(
        "hjoerring", first_name="Helle", last_name="Hjørring", role=roles.LEADER
    )
    ensure_second_factor(hjoerring)
    load_hjoerring(leaders=[hjoerring])
    if regional:
        load_sjaelland(
            reviewer=ensure_user(
                "regional", first_name="Rikke", last_name="Regional", role=roles.REVIEWER
            )
        )
        load_sjaelland_outcomes()
    coordinator = ensure_user(
        "koordinator", first_name="Karen", last_name="Koordinator", role=roles.COORDINATOR
    )
    coordinator.coordinated_regions.add(
        Region.objects.get(name="Region Sjælland") if regional else syddanmark
    )
    national = ensure_user(
        "national", first_name="Niels", last_name="National", role=roles.NATIONAL_READER
    )
    for user in (coordinator, national):
        ensure_second_factor(user)
    return [
        "Demo data loaded. Log in at http://127.0.0.1:8000/ with (local demo only):",
        f"  admin / {DEMO_PASSWORD}      (Administrator)",
        f"  reviewer / {DEMO_PASSWORD}   (Bedømmer: Lone Hellström, lead on the Vejle review)",
        f"  reviewer2 / {DEMO_PASSWORD}  (Bedømmer: Marte Ustrup)",
        f"  leader / {DEMO_PASSWORD}     (Leder of Vejle Kommune)",
        f"  regional / {DEMO_PASSWORD}   (Bedømmer on the Region Sjælland IPS-15 reviews)",
        f"  hjoerring / {DEMO_PASSWORD}  (Leder of Hjørring Kommune: outcomes, no reviews)",
        f"  koordinator / {DEMO_PASSWORD}  (Regional koordinator of "
        f"{'Region Sjælland' if regional else 'Region Syddanmark'})",
        f"  national / {DEMO_PASSWORD}   (National læser: every region's finalized results)",
        "admin, leader, hjoerring, koordinator and national also need a code: add the demo key "
        "to an authenticator app",
        f"  {demo_totp_uri()}",
        f"  or use a recovery code: {', '.join(DEMO_RECOVERY_CODES)} (each once per load_demo)",
    ]


def demo_totp_uri():
    from base64 import b32encode

    secret = b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()
    return f"otpauth://totp/IPS%20Fidelity%3Ademo?secret={secret}&issuer=IPS%20Fidelity"
