"""Region Sjælland demo: the IPS-15 results of two rounds for 14 municipalities (seed 004).

Only the totals are published, so the per-item scores are generated: deterministically
(seeded by site and round) and always summing to the published total. Each generated review
says so in its remarks and summary.
"""

import json
import random
from datetime import date, timedelta
from pathlib import Path

from demo import progress
from demo.dates import finalized_after
from reviews import services
from reviews.models import ItemScore, Review
from scales.models import Scale
from sites.models import Cluster, Region, Site, SkippedRound

DATA = Path(__file__).resolve().parent / "data" / "region_sjaelland_ips15.json"
ROUND_STARTS = (date(2022, 3, 7), date(2023, 3, 6))
GENERATED = (
    "Genereret demoscore: kun totalen er offentliggjort (IPS Region Sjælland, afsluttende "
    "status 2023); scorerne pr. item er fordelt, så de summerer til den."
)


def spread(total: int, count: int, seed: str) -> list[int]:
    """`count` whole scores 1–5 summing to `total`, varied but the same for the same seed."""
    rng = random.Random(seed)
    scores = [total // count] * count
    for index in range(total - sum(scores)):
        scores[index] += 1
    for _ in range(3 * count):
        up, down = rng.randrange(count), rng.randrange(count)
        if up != down and scores[up] < 5 and scores[down] > 1:
            scores[up] += 1
            scores[down] -= 1
    return scores


def load_sjaelland(*, reviewer) -> int:
    """Create the region, clusters, sites, reviews and gaps; returns the reviews created."""
    data = json.loads(DATA.read_text(encoding="utf-8"))
    scale = Scale.objects.published().get(code="ips-15")
    region, _ = Region.objects.get_or_create(name=data["region"])
    created = 0
    position = 0
    for order, cluster_data in enumerate(data["clusters"], start=1):
        cluster, _ = Cluster.objects.update_or_create(
            region=region,
            name=cluster_data["name"],
            defaults={"psychiatry": cluster_data["psychiatry"], "order": order},
        )
        partner = cluster_data["psychiatry"].split(" (")[0]
        for site_data in cluster_data["sites"]:
            name = f"{site_data['municipality']} Kommune"
            site, _ = Site.objects.update_or_create(
                name=name,
                defaults={
                    "region": region,
                    "cluster": cluster,
                    "jobcenter": f"Jobcenter {site_data['municipality']}",
                    "psychiatry_partner": partner,
                },
            )
            position += 1
            for round_number, total in enumerate(site_data["totals"], start=1):
                if total is None:
                    SkippedRound.objects.get_or_create(
                        site=site,
                        scale_code=scale.code,
                        round=round_number,
                        defaults={"reason": site_data.get("note", "")},
                    )
                    continue
                if Review.objects.filter(
                    site=site, scale__code=scale.code, round=round_number
                ).exists():
                    continue
                created += _generated_review(
                    site=site,
                    scale=scale,
                    reviewer=reviewer,
                    total=total,
                    visit=ROUND_STARTS[round_number - 1] + timedelta(days=4 * position),
                )
    return created


def _generated_review(*, site, scale, reviewer, total, visit) -> int:
    review = services.review_create(
        site=site,
        scale=scale,
        visit_date=visit,
        kind=Review.Kind.EXTERNAL,
        lead=reviewer,
        created_by=reviewer,
        after_the_fact=True,
    )
    rows = list(review.item_scores.select_related("item").order_by("item__number"))
    scores = spread(total, len(rows), f"{site.name}-{review.round}")
    for row, score in zip(rows, scores, strict=True):
        row.score = score
        row.remark = GENERATED
    ItemScore.objects.bulk_update(rows, ["score", "remark"])
    review.general_comments = GENERATED
    review.summary = (
        f"Den samlede score {total} er den offentliggjorte total for {site.name} i "
        f"{review.round}. runde. {GENERATED}"
    )
    review.save()
    progress.finalize(review=review, user=reviewer, at=finalized_after(visit, days=14))
    return 1
