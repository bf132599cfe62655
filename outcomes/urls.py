from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("steder/<int:site_pk>/resultater/ny/", views.period_create, name="outcome_period_create"),
    path(
        "steder/<int:site_pk>/resultater/<int:pk>/", views.period_edit, name="outcome_period_edit"
    ),
    path(
        "steder/<int:site_pk>/resultater/<int:pk>/slet/",
        views.period_delete,
        name="outcome_period_delete",
    ),
    path("resultater/import/", views.import_page, name="outcomes_import"),
    path("resultater/skabelon.csv", views.import_template, name="outcomes_template"),
    path("resultater/beregning/", views.formulas, name="outcome_formulas"),
]
