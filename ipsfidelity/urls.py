from django.contrib import admin
from django.urls import include, path

handler400 = "ops.views.bad_request"

urlpatterns = [
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("", include("people.urls")),
    path("", include("notices.urls")),
    path("", include("ops.urls")),
    path("scales/", include("scales.urls")),
    path("", include("sites.urls")),
    path("", include("overview.urls")),
    path("", include("reports.urls")),
    path("", include("outcomes.urls")),
    path("", include("analytics.urls")),
    path("", include("followup.urls")),
    path("", include("reviews.urls")),
    path("", include("sso.urls")),
    path("", include("visits.urls")),
]
