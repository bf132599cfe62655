from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("IPS Fidelity – administration")
admin.site.site_title = _("IPS Fidelity")
admin.site.index_title = _("Administration")

handler400 = "ops.views.bad_request"

urlpatterns = [
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("ops.urls")),
    path("scales/", include("scales.urls")),
    path("", include("reports.urls")),
    path("", include("reviews.urls")),
]
