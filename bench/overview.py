"""Benchmark: the regional overview and the item heatmap with 100 sites × 6 rounds of IPS-25.

    .venv/bin/python bench/overview.py [--sites 100] [--rounds 6] [--runs 15]

Builds a throwaway SQLite database (never touches var/), fills it in bulk with finalized
reviews (25 scored items each), then renders the overview page through the whole Django
stack as an administrator. Prints the median render time and the query count for the full
data set and for a tenth of it, so both the cost and how it grows can be read off. The item
analytics page (`/analyser/`: the sites × 25 items heatmap of the last round, the lowest
means and the change since the round before) is measured the same way.
"""

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta

from _django import add_quick, setup_django


def build(region_name, sites, rounds):
    """`sites` sites in one region, each with `rounds` finalized IPS-25 reviews."""
    from django.utils import timezone

    from reviews.models import ItemScore, Review
    from scales.models import Scale
    from sites.models import Cluster, Region, Site

    rng = random.Random(region_name)
    scale = Scale.objects.published().get(code="ips-25")
    items = list(scale.items.order_by("number"))
    region = Region.objects.create(name=region_name)
    clusters = [
        Cluster.objects.create(region=region, name=f"{region_name} klynge {n}") for n in range(4)
    ]
    site_objs = Site.objects.bulk_create(
        Site(name=f"{region_name} kommune {n:03}", region=region, cluster=clusters[n % 4])
        for n in range(sites)
    )
    reviews = Review.objects.bulk_create(
        Review(
            site=site,
            scale=scale,
            round=r + 1,
            visit_date=date(2020, 3, 1) + timedelta(days=182 * r + n),
            purpose="",
        )
        for n, site in enumerate(site_objs)
        for r in range(rounds)
    )
    ItemScore.objects.bulk_create(
        (
            ItemScore(review=review, item=item, score=rng.randint(2, 5))
            for review in reviews
            for item in items
        ),
        batch_size=2000,
    )
    Review.objects.filter(site__region=region).update(
        status=Review.Status.FINALIZED, finalized_at=timezone.now()
    )
    return region


def measure(client, url, runs):
    from django.db import connection

    client.get(url)
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)
    ):
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(url)
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(queries)


def log_in_past_the_second_factor(client, user):
    """As after a real login with a code: administrators must pass a second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.secondfactor import REQUIRED_SESSION_KEY

    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[REQUIRED_SESSION_KEY] = True
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--runs", type=int, default=15)
    args = add_quick(parser, sites=10, rounds=2, runs=2)()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.contrib.auth import get_user_model
        from django.test import Client
        from django.urls import reverse

        big = build("Stor", args.sites, args.rounds)
        small = build("Lille", max(args.sites // 10, 1), max(args.rounds // 2, 1))
        admin = get_user_model().objects.create_superuser("bench", "bench@example.invalid", "x")
        client = Client()
        log_in_past_the_second_factor(client, admin)
        url = reverse("overview:overview")
        big_time, big_queries = measure(client, f"{url}?region={big.pk}&scale=ips-25", args.runs)
        small_time, small_queries = measure(
            client, f"{url}?region={small.pk}&scale=ips-25", args.runs
        )
        cells = args.sites * args.rounds
        print(f"Overview render, median of {args.runs} (SQLite, whole Django stack):")
        print(
            f"  {args.sites} sites × {args.rounds} rounds ({cells} reviews, {cells * 25} scores): "
            f"{big_time * 1000:7.1f} ms, {big_queries} queries"
        )
        print(
            f"  {max(args.sites // 10, 1)} sites × {max(args.rounds // 2, 1)} rounds: "
            f"{small_time * 1000:7.1f} ms, {small_queries} queries"
        )
        print(f"  time ratio large / small: {big_time / small_time:.1f}")

        url = reverse("analytics:regional_analytics")
        last = args.rounds
        query = f"scale=ips-25&kind=external&round={last}&compare={max(last - 1, 1)}"
        heat_time, heat_queries = measure(client, f"{url}?region={big.pk}&{query}", args.runs)
        small_last = max(args.rounds // 2, 1)
        small_query = f"scale=ips-25&kind=external&round={small_last}"
        if small_last > 1:
            small_query += f"&compare={small_last - 1}"
        heat_small_time, heat_small_queries = measure(
            client, f"{url}?region={small.pk}&{small_query}", args.runs
        )
        print(f"Item heatmap (/analyser/), median of {args.runs}:")
        print(
            f"  {args.sites} sites × 25 items, round {last} of {args.rounds}, change since the "
            f"round before: {heat_time * 1000:7.1f} ms, {heat_queries} queries"
        )
        print(
            f"  {max(args.sites // 10, 1)} sites × 25 items, round {small_last}: "
            f"{heat_small_time * 1000:7.1f} ms, {heat_small_queries} queries"
        )
        print(f"  time ratio large / small: {heat_time / heat_small_time:.1f}")


if __name__ == "__main__":
    main()
