"""Benchmark: the app's PDF path for the Vejle review against a bare WeasyPrint render.

    .venv/bin/python bench/report_pdf.py [--runs 9]

Builds a throwaway SQLite database with the demo data (never touches var/), then times, in
one run and interleaved: the app's path (query, template, WeasyPrint through the static-only
fetcher) and WeasyPrint alone on the same HTML string with its default fetcher; and serving
the stored final PDF through the whole Django stack. Prints medians and the ratio.
Targets: ratio <= 1.10, stored PDF served in <= 20 ms.
"""

import argparse
import io
import os
import statistics
import tempfile
import time

from _django import ROOT, add_quick, setup_django, verified_client


def setup_demo(tmp):
    setup_django(tmp)
    from django.core.management import call_command

    call_command("load_demo", "--without-region", stdout=open(os.devnull, "w"))  # noqa: SIM115


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    args = add_quick(parser, runs=1, serves=3)()
    with tempfile.TemporaryDirectory() as tmp:
        setup_demo(tmp)
        from django.urls import reverse
        from pypdf import PdfReader
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration

        from reports.pdf import render_report_html, render_report_pdf, report_queryset
        from reviews.models import Review
        from toolkit.pdf import PDF_OPTIONS

        review = Review.objects.get(site__name="Vejle Kommune")
        html = render_report_html(report_queryset().get(pk=review.pk))
        static = (ROOT / "static").as_uri() + "/"
        bare_html = html.replace('href="/static/', f'href="{static}')

        def app():
            render_report_pdf(review)

        def bare():
            HTML(string=bare_html, base_url=static).write_pdf(
                font_config=FontConfiguration(), **PDF_OPTIONS
            )

        def own_work():
            render_report_html(report_queryset().get(pk=review.pk))

        app(), bare()  # warm up imports, fonts and caches
        app_times, bare_times, own_times = [], [], []
        for _ in range(args.runs):
            app_times.append(timed(app))
            bare_times.append(timed(bare))
            own_times.append(timed(own_work))

        client = verified_client(review.site.leaders.get())
        url = reverse("reports:report_pdf", args=[review.pk])
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        pages = len(PdfReader(io.BytesIO(response.content)).pages)
        serves = getattr(args, "serves", 50)
        serve_times = [timed(lambda: client.get(url)) for _ in range(serves)]

        app_median = statistics.median(app_times)
        bare_median = statistics.median(bare_times)
        serve_median = statistics.median(serve_times)
        ratio = app_median / bare_median
        print(f"Vejle review, {pages} pages, {args.runs} interleaved runs each")
        print(f"  app PDF path (query + template + WeasyPrint): median {app_median * 1000:7.1f} ms")
        print(
            f"  bare WeasyPrint, same HTML string:            median {bare_median * 1000:7.1f} ms"
        )
        own = statistics.median(own_times)
        print(
            f"  of which the app's own work (queries + template): median {own * 1000:5.1f} ms"
            f" = {own / bare_median:.1%} of a bare render"
        )
        verdict = "met" if ratio <= 1.10 else "MISSED"
        print(f"  ratio app / bare: {ratio:.3f}   (target <= 1.10: {verdict})")
        print(
            f"  serve stored final PDF ({serves} requests):"
            f"         median {serve_median * 1000:7.1f} ms"
            f"   (target <= 20 ms: {'met' if serve_median <= 0.020 else 'MISSED'})"
        )


if __name__ == "__main__":
    main()
