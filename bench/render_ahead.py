"""Benchmark: finalizing and a draft PDF, with and without the report rendered ahead.

    .venv/bin/python bench/render_ahead.py [--runs 5]

Builds a throwaway SQLite database with the demo data and, per run, two IPS-25 reviews with
the Vejle review's text on sites of their own. Through the whole Django stack (the test
client, logged in as the lead reviewer) it times:

- the finalize request (POST, confirmed) when finalizing renders the report itself (as
  before `reports/prerender.py`), and when the worker rendered it ahead;
- a draft PDF request of unchanged content when nothing was rendered, and when the worker
  rendered it ahead.

The worker's own render (`render_ahead`) is not timed: it runs while the reviewers work.
Prints medians and ratios; goals (issue 23): finalize p50 <= 100 ms, draft <= 50 ms.
"""

import argparse
import os
import statistics
import tempfile
import time

from _django import ROOT, add_quick, setup_django, verified_client


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = add_quick(parser, runs=1)()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.core.cache import cache
        from django.core.management import call_command
        from django.urls import reverse

        from reports import prerender
        from reviews.models import Review
        from tests.factories import make_site, vejle_prose_review

        call_command("load_demo", "--without-region", stdout=open(os.devnull, "w"))  # noqa: SIM115
        lead = Review.objects.get(site__name="Vejle Kommune").reviewer_links.get(is_lead=True)
        client = verified_client(lead.user)

        def review(n):
            return vejle_prose_review(lead=lead.user, site=make_site(f"Benchmark {n} Kommune"))

        def timed(method, url, **data):
            start = time.perf_counter()
            response = method(url, data) if data else method(url)
            elapsed = time.perf_counter() - start
            assert response.status_code in (200, 302), (url, response.status_code)
            return elapsed

        results = {key: [] for key in ("final", "final ahead", "draft", "draft ahead")}
        for run in range(args.runs):
            cache.clear()
            plain, ahead = review(2 * run), review(2 * run + 1)
            prerender.render_ahead(ahead.pk)  # the worker, while the reviewers work
            for key, subject in (("draft", plain), ("draft ahead", ahead)):
                url = reverse("reports:report_pdf", args=[subject.pk])
                results[key].append(timed(client.get, url))
            for key, subject in (("final", plain), ("final ahead", ahead)):
                url = reverse("reports:review_finalize", args=[subject.pk])
                results[key].append(timed(client.post, url, confirm="on"))
                assert Review.objects.get(pk=subject.pk).is_finalized

        median = {key: statistics.median(times) * 1000 for key, times in results.items()}
        print(f"IPS-25 reviews with the Vejle text, {args.runs} run(s) each, medians")
        for kind, goal in (("final", 100), ("draft", 50)):
            before, after = median[kind], median[f"{kind} ahead"]
            label = "finalize request" if kind == "final" else "draft PDF request"
            verdict = "met" if after <= goal else "MISSED"
            print(f"  {label}, rendered in the request: {before:8.1f} ms")
            print(
                f"  {label}, rendered ahead:       {after:8.1f} ms"
                f"   ratio {after / before:.3f}   (goal <= {goal} ms: {verdict})"
            )


if __name__ == "__main__":
    ROOT  # noqa: B018 - the import puts the project on sys.path
    main()
