"""Benchmark: the app's PDF path for the Vejle review against a bare WeasyPrint render.

    .venv/bin/python bench/report_pdf.py [--runs 7]

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
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(tmp):
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "ipsfidelity.settings",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "DJANGO_SECRET_KEY": "benchmark-only",
            "DJANGO_DEBUG": "0",
            "DJANGO_HTTPS": "0",
            "DJANGO_STATIC_MANIFEST": "0",
            "DJANGO_LOG_LEVEL": "WARNING",
            "DJANGO_ALLOWED_HOSTS": "testserver",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main():
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.test import Client
        from django.urls import reverse
        from pypdf import PdfReader
        from weasyprint import HTML
        from weasyprint.text.fonts import FontConfiguration

        from reports.pdf import PDF_OPTIONS, render_report_html, render_report_pdf, report_queryset
        from reviews.models import Review

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

        app(), bare()  # warm up imports, fonts and caches
        app_times, bare_times = [], []
        for _ in range(args.runs):
            app_times.append(timed(app))
            bare_times.append(timed(bare))

        client = Client()
        client.force_login(review.site.leaders.get())
        url = reverse("report_pdf", args=[review.pk])
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        pages = len(PdfReader(io.BytesIO(response.content)).pages)
        serve_times = [timed(lambda: client.get(url)) for _ in range(50)]

        app_median = statistics.median(app_times)
        bare_median = statistics.median(bare_times)
        serve_median = statistics.median(serve_times)
        ratio = app_median / bare_median
        print(f"Vejle review, {pages} pages, {args.runs} interleaved runs each")
        print(f"  app PDF path (query + template + WeasyPrint): median {app_median * 1000:7.1f} ms")
        print(
            f"  bare WeasyPrint, same HTML string:            median {bare_median * 1000:7.1f} ms"
        )
        verdict = "met" if ratio <= 1.10 else "MISSED"
        print(f"  ratio app / bare: {ratio:.3f}   (target <= 1.10: {verdict})")
        print(
            f"  serve stored final PDF (50 requests):         median {serve_median * 1000:7.1f} ms"
            f"   (target <= 20 ms: {'met' if serve_median <= 0.020 else 'MISSED'})"
        )


if __name__ == "__main__":
    main()
