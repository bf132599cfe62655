"""Layout facts of the reports, read back from the PDFs: pages, hyphens, margins, splits.

    .venv/bin/python bench/report_layout.py [--out DIR] [--without-overview]

Builds a throwaway SQLite database with the demo data and renders four documents: the Vejle
report, a review with a very long remark, a draft and the Region Sjælland overview (as the
regional reviewer). For each it prints the page count, the hyphens the renderer inserted,
the longest run of consecutive hyphenated lines, paragraphs ending on a one-word line, lines
of one word although the next fits, paragraphs ending on a word's broken-off tail, lines
starting with a space, words
outside the text block and words broken across a page. With --out it also writes the PDFs
there (for `pdftoppm`). Counts, not timings: they do not depend on the machine's load.
"""

import argparse
import html
import os
import re
import tempfile
from pathlib import Path

from _django import ROOT, add_quick, setup_django

REPORT_MARGINS = {"left": 20, "right": 20, "top": 22, "bottom": 20}  # mm, as in report.css
# The running header and the page number stand in the page margin on purpose.
MARGIN_TEXT = (r"Side \d+ af \d+", r"Fidelity review · .*")
OVERVIEW_MARGINS = {"left": 14, "right": 14, "top": 14, "bottom": 16}


def source_text(rendered_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", rendered_html))


def describe(name, pdf, source, margins):
    from tests.pdflayout import (
        hyphenation,
        line_breaks,
        page_break_hyphens,
        read_pages,
        words_outside,
    )

    pages = read_pages(pdf)
    facts = hyphenation(pages, source)
    outside = words_outside(pages, **margins, margin_text=MARGIN_TEXT)
    print(f"{name}: {len(pages)} pages")
    print(f"  inserted hyphens:               {len(facts.inserted)}")
    print(f"  longest run of hyphenated lines: {facts.longest_run}")
    print(f"  one-word last lines:            {len(facts.one_word_last_lines)}")
    breaks = line_breaks(pages, source)
    print(f"  one word, the next would fit:   {len(breaks.lonely)} {breaks.lonely[:3]}")
    print(f"  paragraphs ending on a fragment: {len(breaks.fragments)} {breaks.fragments[:3]}")
    print(f"  lines starting with a space:    {len(breaks.leading_spaces)}")
    print(f"  words outside the text block: {len(outside)}")
    if outside:
        print(f"    e.g. {outside[:4]}")
    broken = page_break_hyphens(pages)
    print(f"  words broken across a page:     {len(broken)} {broken[:4]}")
    return facts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path)
    parser.add_argument("--without-overview", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = add_quick(parser, without_overview=True)()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.core.management import call_command
        from django.test import Client
        from django.urls import reverse

        from reports.pdf import render_report_html, render_report_pdf, report_queryset
        from reviews.models import Review
        from sites.models import Region
        from tests.factories import finalize, long_remark_review

        flags = ["--without-region"] if args.without_overview else []
        call_command("load_demo", *flags, stdout=open(os.devnull, "w"))  # noqa: SIM115
        vejle = Review.objects.get(site__name="Vejle Kommune")
        lead = vejle.reviewer_links.get(is_lead=True).user
        long = long_remark_review(lead=lead, site=vejle.site)
        finalize(long, lead)
        draft = Review.objects.get(site__name="Fredericia Kommune", status=Review.Status.DRAFT)
        rows = list(draft.item_scores.select_related("item").order_by("item__number"))
        for row in rows[:18]:
            row.score = 3
            row.remark = "Kort bemærkning."
            row.save()

        documents = []
        for name, review in (("Vejle", vejle), ("Long remark", long), ("Draft", draft)):
            pdf = render_report_pdf(review)
            source = source_text(render_report_html(report_queryset().get(pk=review.pk)))
            documents.append((name, pdf, source, REPORT_MARGINS))
        if not args.without_overview:
            client = Client()
            client.force_login(
                Review.objects.filter(site__region__name="Region Sjælland")
                .first()
                .reviewer_links.get()
                .user
            )
            region = Region.objects.get(name="Region Sjælland")
            response = client.get(
                reverse("overview:overview_pdf"),
                {"region": region.pk, "scale": "ips-15", "kind": "external"},
            )
            assert response.status_code == 200, response.status_code
            documents.append(("Overview", response.content, "", OVERVIEW_MARGINS))

        for name, pdf, source, margins in documents:
            facts = describe(name, pdf, source, margins)
            if args.verbose:
                print("   ", facts.inserted)
                print("   ", facts.one_word_last_lines)
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                slug = name.lower().replace(" ", "-")
                (args.out / f"{slug}.pdf").write_bytes(pdf)


if __name__ == "__main__":
    ROOT  # noqa: B018 - the import puts the project on sys.path
    main()
