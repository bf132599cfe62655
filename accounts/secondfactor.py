"""The second factor: one authenticator app (TOTP) per person, and single-use recovery codes.

django-otp keeps the devices (`TOTPDevice`, `StaticDevice` with its tokens) and marks a
session verified (`django_otp.login`); who must use it is a rule of the access policy
(`needs_second_factor`), enforced for every page by `people.middleware`.
"""

import re
from base64 import b32encode

import django_otp
import segno
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

# Set at login for a person who has a second factor: this session must pass it too, even
# when no rule asks it of their roles.
REQUIRED_SESSION_KEY = "second_factor_required"
NEW_KEY_SESSION_KEY = "second_factor_new_key"
# Set by a login through an identity provider (sso/): the NSIS level it carried, and whether
# that login already passed two factors (Substantial or above), so the app asks none.
SIGNED_ON_SESSION_KEY = "signed_on_level"
PASSED_ELSEWHERE_SESSION_KEY = "second_factor_passed_elsewhere"
RECOVERY_CODE_COUNT = 10
TOTP_NAME = "Godkendelses-app"
RECOVERY_NAME = "Gendannelseskoder"


def passed_elsewhere(session) -> bool:
    """This session's login passed two factors at the identity provider (NemLog-in, MitID
    Erhverv, a municipality's own at NSIS Substantial)."""
    return bool(session.get(PASSED_ELSEWHERE_SESSION_KEY))


def has_second_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def new_totp_device(request) -> TOTPDevice:
    """The authenticator being set up, not yet saved: its key waits in the session until a
    code confirms it, so that reloading the page shows the same QR code (and a GET writes
    nothing)."""
    key = request.session.setdefault(NEW_KEY_SESSION_KEY, random_hex(20))
    return TOTPDevice(user=request.user, name=TOTP_NAME, key=key, confirmed=False)


def secret_in_base32(device) -> str:
    """The key as authenticator apps take it when typed in, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_code_svg(device) -> str:
    """The otpauth URI as an inline SVG QR code (drawn here; no image is fetched)."""
    qr = segno.make(device.config_url, error="m")
    return qr.svg_inline(
        scale=4, border=2, light="#fff", title=_("QR code for your authenticator app")
    )


def recovery_codes_create(user) -> list[str]:
    """New recovery codes; any earlier ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def recovery_codes(user) -> list[str]:
    return list(
        StaticToken.objects.filter(device__user=user, device__confirmed=True)
        .order_by("pk")
        .values_list("token", flat=True)
    )


def totp_confirm(*, request, device, token) -> bool:
    """Confirm the authenticator being set up with a code from it: it replaces any earlier
    one, the person gets fresh recovery codes and this session counts as verified.

    No throttling here: the person sees the key on the page, so there is nothing to guess.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    token = normalize(token)
    if not (token.isdigit() and totp.verify(int(token), device.tolerance)):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).delete()
        device.confirmed = True
        device.last_t = totp.t()
        device.save()
        recovery_codes_create(device.user)
    django_otp.login(request, device)
    request.session.pop(NEW_KEY_SESSION_KEY, None)
    request.session[REQUIRED_SESSION_KEY] = True
    return True


def normalize(token: str) -> str:
    return re.sub(r"[\s-]", "", token or "").lower()


def device_for(user, token):
    """The device a code is meant for: six digits are an authenticator's, anything else a
    recovery code."""
    model = TOTPDevice if re.fullmatch(r"\d{6}", token) else StaticDevice
    return model.objects.select_for_update().filter(user=user, confirmed=True).first()


def verify(user, token):
    """The device that accepts `token` (and then will not accept it again), or None.

    Returns (device, seconds to wait): a device that failed several times in a row refuses
    every code for a while (django-otp's throttling, 1, 2, 4 … seconds).
    """
    token = normalize(token)
    with transaction.atomic():
        device = device_for(user, token)
        if device is None:
            return None, 0
        allowed, data = device.verify_is_allowed()
        if not allowed:
            wait = (data["locked_until"] - timezone.now()).total_seconds()
            return None, max(1, round(wait))
        return (device if device.verify_token(token) else None), 0
