"""Demo outcomes: Hjørring's published figures (seeds 001/003) and illustrative figures for
the Region Sjælland sites (seed 004 publishes only graphs for the region as a whole).

Every period says where its figures come from in its `source`, which the site page prints
under the figures. The demo is the one place that assembles every app, so it reaches up to
`outcomes` here; nothing else in `reviews` does.
"""

import random
from datetime import date
from decimal import Decimal

from outcomes.models import OutcomePeriod, quarter_bounds
from sites.models import Region, Site

HJOERRING_SOURCE = (
    "Hjørring Kommunes oplæg på IPS-dagen for de nordjyske kommuner 5.2.2021 "
    "(afsluttede sager 2020, tid til job eller uddannelse, IPS-team og effektmål)"
)
HJOERRING_2017_SOURCE = "Hjørring Kommunes oplæg 5.2.2021: IPS-team september 2017 (4 × 15)"
ILLUSTRATIVE = (
    "Illustrative tal, ikke offentliggjort: IPS Region Sjælland (2023) viser kun grafer for "
    "hele regionen; tallene er lavet til demoen ud fra rapportens beskrivelse af kommunerne."
)
# Seed 004: Stevns and Lolland above average, Odsherred and Ringsted very low all through.
RATE_LEVEL = {"Stevns": 0.47, "Lolland": 0.45, "Odsherred": 0.12, "Ringsted": 0.10}
TARGETS = {"Lolland": 21}
QUARTERS = [(2022, 1), (2022, 2), (2022, 3), (2022, 4), (2023, 1), (2023, 2)]
LEFT_AFTER = {"Guldborgsund": (2022, 3)}  # left the project after the first measurement
PAUSED = {"Køge"}


def load_hjoerring(*, leaders=()) -> Site:
    region, _ = Region.objects.get_or_create(name="Region Nordjylland")
    site, _ = Site.objects.update_or_create(
        name="Hjørring Kommune",
        defaults={
            "region": region,
            "jobcenter": "Jobcenter Hjørring",
            "psychiatry_partner": "Psykiatrien, Region Nordjylland",
            "active": True,
        },
    )
    site.leaders.add(*leaders)
    september = quarter_bounds(2017, 3)
    OutcomePeriod.objects.update_or_create(
        site=site,
        start=september[0],
        end=september[1],
        defaults={
            "candidates_in_course": 60,
            "staff_people": 4,
            "staff_fte": Decimal(4),
            "source": HJOERRING_2017_SOURCE,
        },
    )
    OutcomePeriod.objects.update_or_create(
        site=site,
        start=date(2020, 1, 1),
        end=date(2020, 12, 31),
        defaults={
            "closed_courses": 124,
            "closed_ordinary_job": 37,
            "closed_flexjob": 2,
            "closed_education": 30,
            "days_to_job_or_education": 308,
            # 7 full-time IPS-konsulenter, one part-time, one coordinator who also
            # takes candidates; how much the part-time post is was not published.
            "staff_people": 9,
            "target_rate": 50,
            "source": HJOERRING_SOURCE,
        },
    )
    return site


def _quarter(rng, municipality, level):
    staff = rng.choice([1, 1, 2, 2, 3])
    candidates = rng.randint(6, 9) * staff + rng.randint(0, 4)
    closed = rng.randint(2, 4) + staff
    in_job = min(candidates, round(candidates * level * rng.uniform(0.8, 1.2)))
    ended_well = min(closed, round(closed * (level + 0.1) * rng.uniform(0.8, 1.2)))
    education = ended_well // 3
    flexjob = 1 if ended_well - education > 2 and rng.random() < 0.3 else 0
    return {
        "candidates_in_course": candidates,
        "new_candidates": rng.randint(1, 3) + staff,
        "in_job_or_education": in_job,
        "closed_courses": closed,
        "closed_ordinary_job": ended_well - education - flexjob,
        "closed_flexjob": flexjob,
        "closed_education": education,
        "staff_people": staff,
        "staff_fte": Decimal(staff) - Decimal(rng.choice(["0", "0", "0.5"])) * (staff > 1),
        "target_candidates": TARGETS.get(municipality, 8 * staff),
        "target_staff": 1,
        "source": ILLUSTRATIVE,
    }


def load_sjaelland_outcomes() -> int:
    """Six quarters of illustrative figures per Region Sjælland site; returns periods made."""
    created = 0
    for site in Site.objects.filter(region__name="Region Sjælland"):
        municipality = site.name.removesuffix(" Kommune")
        if municipality in PAUSED:
            continue
        rng = random.Random(f"outcomes-{municipality}")
        level = RATE_LEVEL.get(municipality, rng.uniform(0.28, 0.38))
        for year, quarter in QUARTERS:
            if municipality in LEFT_AFTER and (year, quarter) > LEFT_AFTER[municipality]:
                break
            start, end = quarter_bounds(year, quarter)
            figures = _quarter(rng, municipality, level)
            _, made = OutcomePeriod.objects.get_or_create(
                site=site, start=start, end=end, defaults=figures
            )
            created += made
    return created
