from django.urls import path

from reviews import views

urlpatterns = [
    path("", views.home, name="home"),
    path("reviews/", views.my_reviews, name="my_reviews"),
    path("rapporter/", views.leader_reports, name="leader_reports"),
]
