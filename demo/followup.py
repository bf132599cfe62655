"""The Vejle review's action plan and the site's next review, for the demo (illustrative:
the published review has no plan; the actions follow its own recommendations)."""

from datetime import date

from followup import services
from followup.models import Action, ScheduleChange
from followup.schedule import site_schedule

S = Action.Status

# (item number or None, area's opening words or None, text, responsible, due, status, notes)
VEJLE_PLAN = [
    (
        5,
        None,
        "IPS-konsulenterne deltager i de ugentlige behandlingskonferencer i Lokalpsykiatrien "
        "Vejle og deler dokumenter med behandlerne.",
        "IPS-leder",
        date(2023, 9, 1),
        S.DONE,
        [
            (date(2023, 6, 20), "Aftale med afsnitsledelsen om deltagelse fra august."),
            (date(2023, 9, 5), "Begge IPS-konsulenter deltager nu hver tirsdag."),
        ],
    ),
    (
        6,
        None,
        "Faste månedlige møder mellem IPS-konsulenterne og de kommunale jobkonsulenter.",
        "Teamleder, Jobcenter Vejle",
        date(2023, 10, 1),
        S.DONE,
        [(date(2023, 10, 2), "Første møde holdt; datoer lagt i kalenderen for resten af året.")],
    ),
    (
        10,
        None,
        "Den første samtale handler om ordinært job eller uddannelse; praktik kun, når "
        "kandidaten selv ønsker det.",
        "IPS-konsulenterne",
        date(2027, 1, 31),
        S.IN_PROGRESS,
        [
            (date(2024, 2, 14), "Drøftet på teammøde; ny skabelon til den første samtale."),
            (date(2026, 10, 1), "Omkring halvdelen af de nye forløb starter nu i ordinære timer."),
        ],
    ),
    (
        21,
        None,
        "Mål: mindst en tredjedel af de nye job er ordinære job uden praktik først.",
        "IPS-leder og jobcenterchef",
        date(2027, 3, 31),
        S.NOT_STARTED,
        [],
    ),
    (
        None,
        "Det anbefales, at der er synlige IPS-brochurer",
        "IPS-brochurer i venteområderne i jobcentret og psykiatrien.",
        "IPS-leder",
        date(2023, 8, 1),
        S.DROPPED,
        [(date(2023, 8, 15), "Psykiatrien har egne infoskærme; vi bruger dem i stedet.")],
    ),
]
VEJLE_NEXT_REVIEW = date(2027, 4, 15)
VEJLE_NEXT_REVIEW_REASON = (
    "Aftalt med Vejle Kommune: næste review i foråret 2027, når teamet igen er fuldt bemandet."
)


def load_vejle_plan(*, review, leader, reviewer) -> None:
    """Five actions from the Vejle review's recommendations and areas, with notes, and the
    site's next review moved to 15 April 2027 (once; idempotent)."""
    if not Action.objects.filter(review=review).exists():
        rows = {row.item.number: row for row in review.item_scores.select_related("item")}
        areas = list(review.improvement_areas.all())
        for number, area_start, text, responsible, due, status, notes in VEJLE_PLAN:
            area = (
                next((a for a in areas if a.text.startswith(area_start)), None)
                if area_start
                else None
            )
            action = services.action_create(
                review=review,
                user=leader,
                item_score=rows[number] if number else None,
                area=area,
                text=text,
                responsible=responsible,
                due_date=due,
                status=status,
            )
            for day, note in notes:
                services.action_note_add(action=action, user=leader, text=note, date=day)
    if not ScheduleChange.objects.filter(site=review.site).exists():
        services.next_review_set(
            site=review.site,
            user=reviewer,
            date=VEJLE_NEXT_REVIEW,
            reason=VEJLE_NEXT_REVIEW_REASON,
            based_on=site_schedule(review.site).next_date,
        )
