from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """Administrators' pages about people: inviting, leaving, what is stored about someone,
    and the access log; and the second-factor gate, which asks the access policy."""

    name = "people"
    verbose_name = _("People")
