"""Benchmark: CPU time of one "open the review page + autosave one field" pair, in process.

    .venv/bin/python bench/review_cpu.py [--pairs 40] [--runs 5] [--autosaves 0] [--profile]
    .venv/bin/python bench/review_cpu.py --compare /tmp/prod-base [--rounds 3]

The reviewer's working page of an IPS-25 review (25 items, every one scored with remark and
recommendation) is opened and one remark autosaved, through the whole Django stack on a
throwaway SQLite database, debug off. It measures `time.process_time()` — CPU used by this
process, so other programs on a busy machine barely move it — per pair, and prints the
median over runs. `--autosaves N` first saves that many times (a long change history).

`--compare DIR` runs this same script against another checkout of the app (DIR, e.g. main
before a change) and this one, alternating, and prints both medians and the ratio.
"""

import argparse
import cProfile
import datetime
import json
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()


def setup(tmp, app_dir: Path):
    """The _django set-up, but for the app in `app_dir`."""
    sys.path.insert(0, str(app_dir / "bench"))
    import _django

    _django.ROOT = app_dir
    _django.setup_django(tmp)


def build(autosaves):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client
    from django.urls import reverse

    from accounts import roles
    from reviews import services
    from scales.models import Scale
    from sites.models import Region, Site

    user = get_user_model().objects.create_user("bench", first_name="Rita", last_name="Bench")
    user.groups.add(Group.objects.get(name=roles.REVIEWER))
    site = Site.objects.create(name="Vejle Kommune", region=Region.objects.create(name="Syd"))
    scale = Scale.objects.published().get(code="ips-25")

    review = services.review_create(
        site=site,
        scale=scale,
        visit_date=datetime.date(2026, 10, 1),
        kind="external",
        lead=user,
        co_reviewers=(),
        created_by=user,
    )
    for row in review.item_scores.order_by("item__number"):
        row.score = 3
        row.remark = f"Bemærkning til item {row.item.number}. " * 8
        row.recommendation = f"Anbefaling til item {row.item.number}. " * 6
        row.save()
    client = Client()
    client.force_login(user)
    row = review.item_scores.order_by("item__number").first()
    page = reverse("reviews:review_detail", args=[review.pk])
    save = reverse("reviews:save_item", args=[review.pk, row.pk])
    state = {"version": row.version, "n": 0}

    def pair(open_page=True):
        if open_page:
            response = client.get(page)
            assert response.status_code == 200, response.status_code
        state["n"] += 1
        data = {"field": "remark", "value": f"Tekst nr. {state['n']}", "version": state["version"]}
        response = client.post(save, data)
        assert response.status_code == 200, response.content[:300]
        state["version"] = response.json()["version"]

    for _ in range(autosaves):
        pair(open_page=False)
    return pair


def measure(args, app_dir: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        setup(tmp, app_dir)
        pair = build(args.autosaves)
        for _ in range(5):
            pair()
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.pairs):
                pair()
            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.sort).print_stats(45)
        runs = []
        for _ in range(args.runs):
            start = time.process_time()
            for _ in range(args.pairs):
                pair()
            runs.append((time.process_time() - start) / args.pairs * 1000)
        return {"median_ms": statistics.median(runs), "runs_ms": runs}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--autosaves", type=int, default=0)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key with --profile")
    parser.add_argument("--app-dir", type=Path, default=HERE.parent.parent)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--compare", type=Path, metavar="DIR")
    parser.add_argument("--rounds", type=int, default=3)
    sys.path.insert(0, str(HERE.parent))
    from _django import add_quick

    args = add_quick(parser, pairs=3, runs=1, rounds=1)()
    if args.compare:
        compare(args)
        return
    result = measure(args, args.app_dir.resolve())
    if args.json:
        print(json.dumps(result))
    else:
        runs = ", ".join(f"{ms:.1f}" for ms in result["runs_ms"])
        print(f"CPU per page+save pair: {result['median_ms']:.1f} ms (runs: {runs})")


def compare(args):
    dirs = {"before": args.compare.resolve(), "after": HERE.parent.parent}
    results = {"before": [], "after": []}
    for _ in range(args.rounds):
        for name, app_dir in dirs.items():
            command = [sys.executable, str(HERE), "--json", "--app-dir", str(app_dir)]
            command += ["--pairs", str(args.pairs), "--runs", str(args.runs)]
            command += ["--autosaves", str(args.autosaves)]
            out = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
            results[name].append(json.loads(out.splitlines()[-1])["median_ms"])
    before, after = (statistics.median(results[n]) for n in ("before", "after"))
    print(
        f"CPU per page+save pair ({args.autosaves} earlier autosaves), median of "
        f"{args.rounds} rounds × {args.runs} runs × {args.pairs} pairs:"
    )
    print(f"  before ({dirs['before']}): {before:.1f} ms  {results['before']}")
    print(f"  after  ({dirs['after']}): {after:.1f} ms  {results['after']}")
    print(f"  ratio before / after: {before / after:.2f}×")


if __name__ == "__main__":
    main()
