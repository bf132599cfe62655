"""The test client the personas log in with."""

from django.test import Client as DjangoClient
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.rules import user_access
from accounts.secondfactor import REQUIRED_SESSION_KEY
from tests.factories import totp_device


class Client(DjangoClient):
    """`force_login` means logged in all the way: past the second factor too for those who
    must pass one (administrators, leaders) or have one, as after a real login with a code.
    `second_factor=False` stops after the password (tests/accounts/test_second_factor.py)."""

    def force_login(self, user, backend=None, *, second_factor=True):
        super().force_login(user, backend)
        has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        if not (has_device or user_access(user).needs_second_factor):
            return
        session = self.session
        session[REQUIRED_SESSION_KEY] = True
        if second_factor:
            session[DEVICE_ID_SESSION_KEY] = totp_device(user).persistent_id
        session.save()
