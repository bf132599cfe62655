from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

admin.site.site_header = _("IPS Fidelity – administration")
admin.site.site_title = _("IPS Fidelity")
admin.site.index_title = _("Administration")

handler400 = "ops.views.bad_request"

urlpatterns = [
    path("", include("accounts.urls")),
    # One way in, with the second factor: the admin site's own login form sends people here.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    path("", include("people.urls")),
    path("", include("notices.urls")),
    path("", include("ops.urls")),
    path("scales/", include("scales.urls")),
    path("", include("reports.urls")),
    path("", include("outcomes.urls")),
    path("", include("analytics.urls")),
    path("", include("followup.urls")),
    path("", include("reviews.urls")),
]
