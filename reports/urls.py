from django.urls import path

from reports import views

urlpatterns = [
    path("reviews/<int:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
]
