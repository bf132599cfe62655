"""The admin site speaks Danish for the third-party apps too (django-otp, django-q2)."""

from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import totp_device

ENGLISH = [
    "OTP_STATIC",
    "OTP_TOTP",
    "Static devices",
    "TOTP devices",
    "Successful tasks",
    "Failed tasks",
]


def test_the_admin_index_names_the_second_factor_and_the_task_queue_in_danish(client, admin):
    client.force_login(admin)
    page = client.get(reverse("admin:index")).text
    for english in ENGLISH:
        assert english not in page
    for danish in [
        "Andet trin: gendannelseskoder",
        "Andet trin: godkendelsesapps",
        "Sæt gendannelseskoder",
        "Godkendelsesapps",
        "Baggrundsopgaver",
        "Gennemførte opgaver",
        "Mislykkede opgaver",
    ]:
        assert danish in page


def test_a_device_list_has_danish_columns(client, admin):
    totp_device(admin)
    client.force_login(admin)
    page = client.get(reverse("admin:otp_totp_totpdevice_changelist")).text
    assert "Vælg godkendelsesapp" in page
    for column in ["Person", "Navn", "Oprettet", "Sidst brugt", "Bekræftet"]:
        assert f">{column}<" in page
    assert (
        TOTPDevice._meta.original_attrs.get("verbose_name") == "TOTP device"
    )  # migrations unchanged
    assert "verbose_name" not in StaticDevice._meta.original_attrs
