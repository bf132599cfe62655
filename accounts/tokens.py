"""One-time links to set a password: a reset (Django's own) and an invitation.

Both stop working once used, because the password they set is part of what they sign, and
after their time (PASSWORD_RESET_TIMEOUT, INVITATION_TIMEOUT); an invitation's link also when
a newer invitation is sent.
"""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.tokens.InvitationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        # A deactivated person's invitation dies with their access; a new invitation ("Send
        # et nyt link") makes the links of the earlier ones stop working.
        from accounts.models import Invitation

        latest = Invitation.objects.filter(user=user).order_by("-pk").values_list("pk", flat=True)
        return (
            super()._make_hash_value(user, timestamp)
            + str(user.is_active)
            + f":{latest.first() or ''}"
        )

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            timestamp = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        if self._num_seconds(self._now()) - timestamp > settings.INVITATION_TIMEOUT:
            return False
        return any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )


invitation_tokens = InvitationTokenGenerator()
