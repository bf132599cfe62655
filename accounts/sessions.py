"""The session engine: Django's database sessions, stored with the user they belong to."""

import time

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore


class SessionStore(DatabaseSessionStore):
    @classmethod
    def get_model_class(cls):
        from accounts.models import Session

        return Session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        session.user_id = int(user_id) if user_id else None
        return session


# An active session is written (and its 30 idle minutes restarted) at most this often, not on
# every request: a reviewer's autosaves would otherwise each rewrite their session row.
SESSION_REFRESH_SECONDS = 60
REFRESHED_KEY = "_refreshed"


def now_seconds() -> float:
    return time.time()


def mark_refreshed(sender, request, user, **kwargs):
    """A login writes the session anyway: the next minute's requests need not."""
    if request is not None and hasattr(request, "session"):
        request.session[REFRESHED_KEY] = int(now_seconds())


class SessionRefreshMiddleware:
    """Keep a logged-in session alive, writing it at most once a SESSION_REFRESH_SECONDS.

    Stands in for SESSION_SAVE_EVERY_REQUEST; after SessionMiddleware, so the session it marks
    changed is saved (with a fresh cookie) on the way out. A session thus ends 29–30 minutes
    after its last request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = request.session
        if SESSION_KEY in session and not session.modified:
            now = int(now_seconds())
            if now - session.get(REFRESHED_KEY, 0) >= SESSION_REFRESH_SECONDS:
                session[REFRESHED_KEY] = now
        return response
