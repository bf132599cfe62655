from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.core.checks import register
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    # This module also holds AxesConfig, so Django needs telling which one is the app's.
    default = True
    name = "reviews"
    verbose_name = _("Reviews")

    def ready(self):
        from reviews.checks import secret_key_is_set
        from reviews.roles import sync_role_groups

        register(secret_key_is_set, deploy=True)
        # Permissions exist only after migrate has run, so the role groups are kept in
        # step with the declared table after every migrate.
        post_migrate.connect(sync_role_groups, sender=self)


class AxesConfig(AxesAppConfig):
    """django-axes with a Danish name in the admin (the package ships none)."""

    verbose_name = _("Login lockouts")
