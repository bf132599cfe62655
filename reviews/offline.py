"""The pages a reviewer takes along to work without a network.

A page answered with `X-Offline-Copy: keep` is kept by the app's service worker
(templates/ops/offline-sw.txt) in the browser's cache, and served from there when the network
is gone; any other answer for the same address removes the kept copy. The access table says
for whom (`can_take_offline`: a draft's reviewers); the pages are the review, one's own rating,
the consensus and the visit; what was typed offline waits in the
browser's local storage and is sent, through the same version checks, when the network is
back (static/js/review.js, static/js/notes.js). Logging out, or a page opened without a
session, removes both (accounts.views.clear_browser_storage, static/js/offline.js).
"""

from functools import wraps

from django.urls import reverse
from django.utils.translation import gettext as _

OFFLINE_HEADER = "X-Offline-Copy"


def offline_copy(view):
    """Mark the view's answer to be kept for offline use when the access table grants it on
    the review the view read (`request.accessed_object`, set by `review_for_user`)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        review = getattr(request, "accessed_object", None)
        access = getattr(review, "access", None)
        if response.status_code == 200 and getattr(access, "can_take_offline", False):
            response[OFFLINE_HEADER] = "keep"
        return response

    return wrapped


def offline_urls(review) -> list[str]:
    """The addresses "Tag med offline" fetches, so each is kept before the visit."""
    urls = [review.get_absolute_url()]
    if review.access.can_see_own_rating:
        urls.append(reverse("reviews:my_rating", args=[review.pk]))
    if review.access.can_open_consensus:
        urls.append(reverse("reviews:consensus", args=[review.pk]))
    return [*urls, reverse("visits:visit", args=[review.pk])]


def offline_texts() -> dict:
    """What static/js/offline.js says, in the active language."""

    # One and several, as the page counts them (Danish counts as English does).
    offline_one = _(
        "You are offline. %(count)s change is not sent yet: it is kept on this computer and "
        "sent when the network is back."
    )
    offline_many = _(
        "You are offline. %(count)s changes are not sent yet: they are kept on this computer "
        "and sent when the network is back."
    )
    unsent_one = _("%(count)s change is not sent yet; it is being sent.")
    unsent_many = _("%(count)s changes are not sent yet; they are being sent.")
    return {
        "offline": _(
            "You are offline. What you write is kept on this computer and sent when the "
            "network is back."
        ),
        "offlineOne": offline_one,
        "offlineMany": offline_many,
        "unsentOne": unsent_one,
        "unsentMany": unsent_many,
        "taken": _(
            "Taken offline at %(time)s: %(count)s pages open without a network on this computer."
        ),
        "notTaken": _("Not every page could be kept. Try again where the network is good."),
    }
