from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("reviews/<int:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
    path("reviews/<int:pk>/rapport/dan-igen/", views.report_rerender, name="report_rerender"),
    path(
        "reviews/<int:pk>/informationsanmodning/",
        views.information_request,
        name="information_request",
    ),
    path(
        "reviews/<int:pk>/informationsanmodning.pdf",
        views.information_request_pdf,
        name="information_request_pdf",
    ),
    # Finalizing is issuing the report.
    path("reviews/<int:pk>/afslut/", views.review_finalize, name="review_finalize"),
]
