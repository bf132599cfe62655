"""Due notices, sent once a day by `manage.py send_due_notices`: the site's leaders a week
before an action of its plan falls due, the reviewers of a site when it becomes due for its
next review. Each is sent once (the key names the action or site and the date), through the
notices app, which respects each person's choice. Whom each goes to is the access table's
(`gets_action_due_notices`, `gets_site_due_notices`)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from followup.models import Action
from followup.schedule import site_schedules
from notices.models import NoticeKind
from notices.services import absolute_url, notice_send
from reviews import access
from reviews.models import ReviewReviewer
from sites.models import Site
from toolkit import dates

ACTION_NOTICE_DAYS = 7
# A site becomes due on its date; a notice missed by a day or two of cron is still sent, but a
# site overdue for longer (a historic one) does not wake everyone who once reviewed it.
SITE_NOTICE_GRACE_DAYS = 14


@dataclass
class DueNotices:
    actions: int = 0
    sites: int = 0


def _day(date):
    return date_format(date, "j. F Y")


def _action_notice(action, user):
    review = action.review
    subject = _("Action due %(date)s: %(site)s") % {
        "date": _day(action.due_date),
        "site": review.site.name,
    }
    body = _(
        "An action in the action plan of %(site)s falls due on %(date)s.\n\n"
        "Action: %(text)s\n"
        "Responsible: %(responsible)s\n"
        "Status: %(status)s\n\n"
        "The plan: %(url)s\n"
    ) % {
        "site": review.site.name,
        "date": _day(action.due_date),
        "text": action.text,
        "responsible": action.responsible,
        "status": action.get_status_display(),
        "url": absolute_url(
            reverse("followup:action_plan", args=[review.pk]) + f"#action-{action.pk}"
        ),
    }
    key = f"action:{action.pk}:{action.due_date.isoformat()}"
    return notice_send(user=user, kind=NoticeKind.ACTION_DUE, subject=subject, body=body, key=key)


def _site_notice(schedule, user):
    site = schedule.site
    subject = _("%(site)s is due for its next review") % {"site": site.name}
    body = _(
        "%(site)s is due for its next fidelity review on %(date)s.\n\nKommende reviews: %(url)s\n"
    ) % {
        "site": site.name,
        "date": _day(schedule.next_date),
        "url": absolute_url(reverse("followup:upcoming_reviews")),
    }
    key = f"site:{site.pk}:{schedule.next_date.isoformat()}"
    return notice_send(user=user, kind=NoticeKind.SITE_DUE, subject=subject, body=body, key=key)


def due_notices_send(*, today: datetime.date) -> DueNotices:
    """Queue the notices due on `today` (each once; a second run queues nothing new)."""
    sent = DueNotices()
    actions = (
        Action.objects.falling_due(today=today, days=ACTION_NOTICE_DAYS)
        .select_related("review__site")
        .prefetch_related("review__site__leaders__groups")
        .order_by("due_date", "pk")
    )
    sites = Site.objects.active()
    links = list(
        ReviewReviewer.objects.filter(review__site__in=sites).values_list("review__site", "user")
    )
    users = get_user_model().objects.prefetch_related("groups").in_bulk({u for _s, u in links})
    reviewers = {}
    for site_id, user_id in links:
        reviewers.setdefault(site_id, {})[user_id] = users[user_id]
    with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
        for action in actions:
            site = action.review.site
            leaders = access.granted_on_site("gets_action_due_notices", site, site.leaders.all())
            for leader in leaders:
                sent.actions += _action_notice(action, leader)
        earliest = dates.add_days(today, -SITE_NOTICE_GRACE_DAYS)
        for schedule in site_schedules(sites).values():
            if not schedule.is_due(today) or schedule.next_date < earliest:
                continue
            people = [user for _pk, user in sorted(reviewers.get(schedule.site.pk, {}).items())]
            for user in access.granted_on_site("gets_site_due_notices", schedule.site, people):
                sent.sites += _site_notice(schedule, user)
    return sent
