from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig, apps
from django.contrib.admin import apps as admin_apps
from django.core.checks import register
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """People, roles and login: the ground floor every other app may build on.

    It imports nothing from the other apps of the project (tests/project/test_layering.py).
    """

    # This module also holds AxesConfig, so Django needs telling which one is the app's.
    default = True
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.checks import secret_key_is_set
        from accounts.sessions import mark_refreshed

        register(secret_key_is_set, deploy=True)
        post_migrate.connect(sync_roles_after_last_app, dispatch_uid="accounts_sync_roles")
        user_logged_in.connect(mark_refreshed, dispatch_uid="accounts_session_refreshed")


def sync_roles_after_last_app(sender, **kwargs):
    """Keep the role groups in step with the declared table after every migrate.

    migrate sends post_migrate once per app, and each app's permissions exist only after
    its own turn, so the groups are synced on the last app's turn, when all of them exist.
    """
    from accounts.roles import sync_role_groups

    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if with_models and sender is with_models[-1]:
        sync_role_groups()


class AxesConfig(AxesAppConfig):
    """django-axes with a Danish name in the admin (the package ships none)."""

    verbose_name = _("Login lockouts")


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the app's own site (accounts.admin_site), which the access
    table lets in rather than `is_staff`."""

    default = False
    default_site = "accounts.admin_site.AdminSite"


def _danish_names(model, singular, plural, fields):
    """django-otp names its models and fields in plain English strings that no catalog can
    translate; the admin shows them as they are set here. Only `_meta`'s display names change
    (`original_attrs`, which migrations read, stays), so no migration follows."""
    model._meta.verbose_name = singular
    model._meta.verbose_name_plural = plural
    for name, label in fields.items():
        model._meta.get_field(name).verbose_name = label


_DEVICE_FIELDS = {
    "user": _("person"),
    "name": _("name"),
    "confirmed": _("confirmed"),
    "created_at": _("created"),
    "last_used_at": _("last used"),
}


class OTPStaticConfig(AppConfig):
    """django-otp's recovery codes, with Danish names in the admin."""

    name = "django_otp.plugins.otp_static"
    label = "otp_static"
    verbose_name = _("Second factor: recovery codes")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

        _danish_names(
            StaticDevice, _("set of recovery codes"), _("sets of recovery codes"), _DEVICE_FIELDS
        )
        _danish_names(
            StaticToken,
            _("recovery code"),
            _("recovery codes"),
            {"device": _("set"), "token": _("code")},
        )


class OTPTOTPConfig(AppConfig):
    """django-otp's authenticator apps (TOTP), with Danish names in the admin."""

    name = "django_otp.plugins.otp_totp"
    label = "otp_totp"
    verbose_name = _("Second factor: authenticator apps")
    default_auto_field = "django.db.models.AutoField"

    def ready(self):
        from django_otp.plugins.otp_totp.models import TOTPDevice

        _danish_names(
            TOTPDevice,
            _("authenticator app"),
            _("authenticator apps"),
            {**_DEVICE_FIELDS, "key": _("key"), "digits": _("digits"), "tolerance": _("tolerance")},
        )
