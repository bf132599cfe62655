from django.urls import path

from visits import views

app_name = "visits"

urlpatterns = [
    path("reviews/<int:pk>/besoeg/", views.visit, name="visit"),
    path("reviews/<int:pk>/besoeg/ny/", views.session_add, name="session_add"),
    path("reviews/<int:pk>/besoeg/program.pdf", views.programme_pdf, name="programme_pdf"),
    path(
        "reviews/<int:pk>/besoeg/<int:session_pk>/noter/ny/",
        views.note_add,
        name="note_add",
    ),
    path("reviews/<int:pk>/noter/<int:note_pk>/ret/", views.note_edit, name="note_edit"),
    path("reviews/<int:pk>/noter/<int:note_pk>/slet/", views.note_delete, name="note_delete"),
]
