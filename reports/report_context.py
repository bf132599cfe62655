"""What the PDF report shows, worked out before the template: rows cut to fit a page,
subtotals, the previous review, the profile chart and the evidence table."""

import re
from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from outcomes.report import report_outcomes
from reviews.calculators import observed_rows
from reviews.models import ItemScore, Review
from reviews.models.review import subscale_totals
from reviews.text import basis_from_evidence
from scales.models import Anchor
from toolkit.charts import profile_chart

# A row of the overview table never splits across pages (break-inside: avoid). A row taller
# than this many lines of its widest column is cut into parts, each under the item's name,
# so a part always fits a page: the text block holds about 56 lines of table text under the
# header row, and the estimate below errs on the short side (more lines than real).
LINES_PER_PART = 48
# Characters per line in the remark and recommendation columns (Carlito 9.5 pt averages
# 0.41 em a character in Danish prose; the columns are at least 57 and 49 mm wide, less padding).
CHARS_PER_LINE = {"remark": 39, "recommendation": 33}
PARAGRAPH_LINES = 0.5  # the space after a paragraph inside a cell


@dataclass
class RowPart:
    remark: list[str]
    recommendation: list[str]
    first: bool


@dataclass
class ReportRow:
    row: ItemScore
    parts: list[RowPart]
    previous: int | None = None
    answer: str = ""  # a checklist's answer, e.g. "Delvist"

    @property
    def item(self):
        return self.row.item

    @property
    def change(self) -> int | None:
        if self.previous is None or self.row.score is None:
            return None
        return self.row.score - self.previous


@dataclass
class ReportSection:
    section: object
    rows: list[ReportRow] = field(default_factory=list)
    subtotal: int = 0
    scored: int = 0

    @property
    def maximum(self) -> int:
        return 5 * len(self.rows)

    @property
    def complete(self) -> bool:
        return self.scored == len(self.rows)


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def _lines(text: str, column: str) -> float:
    per_line = CHARS_PER_LINE[column]
    return sum(-(-len(line) // per_line) or 1 for line in text.split("\n"))


def _pieces(text: str, column: str) -> list[tuple[str, float]]:
    """Paragraphs with their estimated lines; a paragraph longer than a part is cut between
    sentences (or, failing that, between words)."""
    pieces = []
    for paragraph in paragraphs(text):
        if _lines(paragraph, column) <= LINES_PER_PART:
            pieces.append((paragraph, _lines(paragraph, column) + PARAGRAPH_LINES))
            continue
        chunk = ""
        units = re.split(r"(?<=[.!?])\s+", paragraph)
        if max(_lines(unit, column) for unit in units) > LINES_PER_PART:
            units = paragraph.split(" ")
        for unit in units:
            candidate = f"{chunk} {unit}".strip()
            if chunk and _lines(candidate, column) > LINES_PER_PART:
                pieces.append((chunk, _lines(chunk, column) + PARAGRAPH_LINES))
                chunk = unit
            else:
                chunk = candidate
        if chunk:
            pieces.append((chunk, _lines(chunk, column) + PARAGRAPH_LINES))
    return pieces


def _fill(pieces) -> list[list[str]]:
    parts, current, used = [], [], 0.0
    for text, lines in pieces:
        if current and used + lines > LINES_PER_PART:
            parts.append(current)
            current, used = [], 0.0
        current.append(text)
        used += lines
    if current:
        parts.append(current)
    return parts


def row_parts(remark: str, recommendation: str) -> list[RowPart]:
    """The row as one part when it fits a page, else as parts that each fit one."""
    remarks = _fill(_pieces(remark, "remark"))
    recommendations = _fill(_pieces(recommendation, "recommendation"))
    count = max(len(remarks), len(recommendations), 1)
    remarks += [[]] * (count - len(remarks))
    recommendations += [[]] * (count - len(recommendations))
    return [
        RowPart(r, a, first=(i == 0))
        for i, (r, a) in enumerate(zip(remarks, recommendations, strict=True))
    ]


def previous_review(review):
    """The site's latest finalized review on the same scale before this one, with scores."""
    return (
        Review.objects.finalized()
        .filter(site_id=review.site_id, scale__code=review.scale.code)
        .filter(visit_date__lt=review.visit_date)
        .exclude(pk=review.pk)
        .order_by("-visit_date", "-pk")
        .prefetch_related("item_scores__item")
        .first()
    )


def scale_title(scale) -> str:
    """'Fidelityskalaen 2008 (IPS-25)': the edition year once, not twice."""
    if str(scale.edition_year) in scale.name:
        return f"{scale.name} ({scale.label})"
    return f"{scale.name} ({scale.label}, {scale.edition_year})"


def issued_on(moment):
    """The start of the (Danish) day of `moment`: when a finalized report counts as created."""
    day = timezone.localtime(moment).date()
    return timezone.make_aware(datetime.combine(day, time()))


def checklist_answers(review) -> dict:
    """A checklist's answer per item score (its label, e.g. "Delvist"), by item score pk."""
    labels = {
        (anchor.item_id, anchor.score): anchor.text
        for anchor in Anchor.objects.filter(item__scale_id=review.scale_id)
    }
    return {row.pk: labels.get((row.item_id, row.score), "") for row in review.item_scores.all()}


def report_sections(review, earlier=None) -> list[ReportSection]:
    """The review's item rows by section, each beside its previous score (`earlier`, by item
    number) and, for a checklist, with its answer."""
    earlier = earlier or {}
    sections = {}
    for row in sorted(review.item_scores.all(), key=lambda r: r.item.number):
        section = row.item.section
        entry = sections.setdefault(section.pk, ReportSection(section))
        entry.rows.append(
            ReportRow(row, row_parts(row.remark, row.recommendation), earlier.get(row.item.number))
        )
        if row.score is not None:
            entry.subtotal += row.score
            entry.scored += 1
    ordered = sorted(sections.values(), key=lambda s: s.section.position)
    if review.scale.is_checklist:
        answers = checklist_answers(review)
        for entry in ordered:
            for report_row in entry.rows:
                report_row.answer = answers[report_row.row.pk]
    return ordered


@dataclass
class AttachedChecklist:
    """A checklist filled in with the review, as its report prints it."""

    review: Review
    summary: object
    sections: list[ReportSection]


def attached_checklists(review) -> list[AttachedChecklist]:
    """The checklists filled in with the review (one query, two more for each checklist)."""
    if review.scale.is_checklist:
        return []
    checklists = (
        Review.objects.filter(attached_to=review)
        .select_related("scale")
        .prefetch_related(
            Prefetch("item_scores", queryset=ItemScore.objects.select_related("item__section"))
        )
        .order_by("scale__name")
    )
    return [
        AttachedChecklist(checklist, checklist.score_summary(), report_sections(checklist))
        for checklist in checklists
    ]


def report_context(review) -> dict:
    """Everything the report template needs (four queries beyond `report_queryset`, and those
    of the attached checklists)."""
    summary = review.score_summary()
    previous = previous_review(review)
    earlier = {}
    previous_summary = None
    if previous is not None:
        earlier = {row.item.number: row.score for row in previous.item_scores.all()}
        scored = [score for score in earlier.values() if score is not None]
        if len(scored) == len(earlier):
            previous_summary = {"review": previous, "total": sum(scored)}
            # Each subscale beside the same subscale (by position) of the previous review.
            before = {
                part.subscale.position: part.total
                for part in subscale_totals(previous.item_scores.all())
                if part.complete
            }
            for part in summary.subscales:
                part.previous_total = before.get(part.subscale.position)
    ordered = report_sections(review, earlier)
    reviewers = [link.user for link in review.reviewer_links.all()]
    draft = not review.is_finalized
    change = None
    if previous_summary and summary.complete:
        change = summary.total - previous_summary["total"]
    return {
        "review": review,
        "draft": draft,
        "summary": summary,
        "maximum": 5 * summary.item_count,
        "sections": ordered,
        "reviewers": reviewers,
        "basis": review.basis.strip() or basis_from_evidence(review.evidence.all()),
        "evidence": list(review.evidence.all()),
        "bands": list(review.scale.bands.all()),
        "scale_title": scale_title(review.scale),
        "previous": previous_summary,
        "change": change,
        "chart": profile_chart(ordered, with_previous=bool(earlier)),
        "observed": observed_rows(review.item_scores.all()),
        "checklists": attached_checklists(review),
        "outcomes": report_outcomes(review),
        # A finalized report was created on its date of issue (the day, so the report the
        # worker renders ahead of finalizing is the very one finalizing stores).
        "created": (
            issued_on(review.finalized_at) if review.finalized_at and not draft else timezone.now()
        ),
        "title_prefix": _("DRAFT") if draft else "",
    }
