from django.urls import path

from followup import views

app_name = "followup"

urlpatterns = [
    path("reviews/<int:pk>/handleplan/", views.action_plan, name="action_plan"),
    path("reviews/<int:pk>/handleplan/ny/", views.action_create, name="action_create"),
    path(
        "reviews/<int:pk>/handleplan/foer-videre/",
        views.action_carry_over,
        name="action_carry_over",
    ),
    path("reviews/<int:pk>/handleplan/<int:action_pk>/ret/", views.action_edit, name="action_edit"),
    path(
        "reviews/<int:pk>/handleplan/<int:action_pk>/note/",
        views.action_note,
        name="action_note",
    ),
    path("reviews/<int:pk>/handleplan.pdf", views.action_plan_pdf, name="action_plan_pdf"),
    path(
        "reviews/<int:pk>/handleplan.<str:fmt>",
        views.action_plan_export,
        name="action_plan_export",
    ),
    path("steder/<int:pk>/handleplan/", views.site_action_plan, name="site_action_plan"),
    path("kommende-reviews/", views.upcoming_reviews, name="upcoming_reviews"),
    path("steder/<int:pk>/naeste-review/", views.next_review_edit, name="next_review_edit"),
]
