"""What the action plan shows: the review's recommendations and areas, each with the actions
made from it, and the actions made from neither. Plain Python over what `plan_queryset` read."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from followup.models import Action, ActionNote


@dataclass
class Source:
    kind: str  # "item" or "area"
    pk: int
    label: str
    text: str
    actions: list = field(default_factory=list)


@dataclass
class Plan:
    review: object
    recommendations: list[Source]
    areas: list[Source]
    own: list  # actions from neither

    @property
    def actions(self):
        every = [a for source in self.recommendations + self.areas for a in source.actions]
        return sorted(every + self.own, key=lambda a: (a.due_date, a.pk))

    def status_counts(self):
        counts = dict.fromkeys(Action.Status, 0)
        for action in self.actions:
            counts[Action.Status(action.status)] += 1
        return [(status.label, count) for status, count in counts.items()]


def plan_actions(review):
    """The review's actions with their notes, sources and where they were carried from or to
    (three queries)."""
    return list(
        Action.objects.filter(review=review)
        .select_related("item_score__item", "carried_from__review")
        .prefetch_related(
            Prefetch("notes", queryset=ActionNote.objects.select_related("author")),
            Prefetch("carried_to", queryset=Action.objects.select_related("review")),
        )
        .order_by("due_date", "pk")
    )


@dataclass
class Carryover:
    """The open actions of the site's previous plan that this plan has not taken over."""

    previous: object  # the previous finalized review of the site
    actions: list


def previous_plan_review(review):
    """The site's latest finalized review before this one (any scale): its plan came before."""
    return (
        review.__class__.objects.finalized()
        .filter(site=review.site_id)
        .filter(
            Q(visit_date__lt=review.visit_date)
            | Q(visit_date=review.visit_date, finalized_at__lt=review.finalized_at)
        )
        .exclude(pk=review.pk)
        .order_by("-visit_date", "-finalized_at", "-pk")
        .first()
    )


def carryover(review) -> Carryover | None:
    """What the plan may take over from the previous one (two queries); None when nothing."""
    previous = previous_plan_review(review)
    if previous is None:
        return None
    actions = list(
        Action.objects.open()
        .filter(review=previous)
        .exclude(carried_to__review=review)
        .select_related("item_score__item")
        .order_by("due_date", "pk")
    )
    return Carryover(previous, actions) if actions else None


def build_plan(review) -> Plan:
    """From a review read with `item_scores__item` and `improvement_areas` prefetched."""
    actions = plan_actions(review)
    recommendations = [
        Source("item", row.pk, f"{row.item.number}. {row.item.name}", row.recommendation)
        for row in sorted(review.item_scores.all(), key=lambda r: r.item.number)
        if row.recommendation.strip()
    ]
    areas = [
        Source("area", area.pk, "", area.text)
        for area in review.improvement_areas.all()
        if area.text.strip()
    ]
    by_item = {source.pk: source for source in recommendations}
    by_area = {source.pk: source for source in areas}
    own = []
    for action in actions:
        source = by_item.get(action.item_score_id) or by_area.get(action.area_id)
        (source.actions if source else own).append(action)
    return Plan(review, recommendations, areas, own)


def plan_table(plan):
    """The plan as rows for CSV/XLSX: one per action."""
    header = [
        _("Site"),
        _("Review date"),
        _("Source"),
        _("Recommendation or area"),
        _("Action"),
        _("Responsible"),
        _("Due date"),
        _("Status"),
        _("Notes"),
    ]
    texts = {(s.kind, s.pk): s.text for s in plan.recommendations + plan.areas}
    review = plan.review

    def rows():
        for action in plan.actions:
            if action.item_score_id:
                source_text = texts.get(("item", action.item_score_id), "")
            else:
                source_text = texts.get(("area", action.area_id), "")
            notes = "\n".join(f"{n.date:%d.%m.%Y}: {n.text}" for n in action.notes.all())
            yield [
                review.site.name,
                review.visit_date.isoformat(),
                action.source_label,
                source_text,
                action.text,
                action.responsible,
                action.due_date.isoformat(),
                action.get_status_display(),
                notes,
            ]

    return header, rows()
