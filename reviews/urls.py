from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("reviews/", views.my_reviews, name="my_reviews"),
    path("reviews/alle/", views.all_reviews, name="all_reviews"),
    path("reviews/ny/", views.review_create, name="review_create"),
    path("reviews/<int:pk>/", views.review_detail, name="review_detail"),
    path("reviews/<int:pk>/log/", views.review_log, name="review_log"),
    path("reviews/<int:pk>/gem/", views.save_header, name="save_header"),
    path("reviews/<int:pk>/items/<int:item_pk>/gem/", views.save_item, name="save_item"),
    path("reviews/<int:pk>/kilder/ny/", views.evidence_add, name="evidence_add"),
    path("reviews/<int:pk>/kilder/<int:row_pk>/gem/", views.save_evidence, name="save_evidence"),
    path(
        "reviews/<int:pk>/kilder/<int:row_pk>/fjern/",
        views.evidence_remove,
        name="evidence_remove",
    ),
    path("reviews/<int:pk>/datagrundlag/", views.basis_suggestion, name="basis_suggestion"),
    path("reviews/<int:pk>/omraader/ny/", views.area_add, name="area_add"),
    path("reviews/<int:pk>/omraader/<int:row_pk>/gem/", views.save_area, name="save_area"),
    path("reviews/<int:pk>/omraader/<int:row_pk>/fjern/", views.area_remove, name="area_remove"),
    path("reviews/<int:pk>/omraader/<int:row_pk>/flyt/", views.area_move, name="area_move"),
    path("reviews/<int:pk>/bedoemmelse/", views.my_rating, name="my_rating"),
    path("reviews/<int:pk>/bedoemmelse/<int:item_pk>/gem/", views.save_rating, name="save_rating"),
    path("reviews/<int:pk>/bedoemmelse/faerdig/", views.rating_done, name="rating_done"),
    path("reviews/<int:pk>/bedoemmelse/genaabn/", views.rating_reopen, name="rating_reopen"),
    path("reviews/<int:pk>/konsensus/", views.consensus, name="consensus"),
    path("reviews/<int:pk>/genaabn/", views.review_reopen, name="review_reopen"),
    path("reviews/<int:pk>/tjekliste/", views.checklist_attach, name="checklist_attach"),
    path("reviews/<int:pk>/hoering/", views.hearing, name="hearing"),
    path("reviews/<int:pk>/hoering/send/", views.hearing_send, name="hearing_send"),
    path("reviews/<int:pk>/hoering/luk/", views.hearing_close, name="hearing_close"),
    path("reviews/<int:pk>/moderering/", views.moderation, name="moderation"),
    path("reviews/<int:pk>/moderering/anmod/", views.moderation_request, name="moderation_request"),
    path("reviews/<int:pk>/moderering/afgoer/", views.moderation_decide, name="moderation_decide"),
    path("regioner/<int:pk>/moderering/", views.region_moderation, name="region_moderation"),
    path("rapporter/", views.leader_reports, name="leader_reports"),
]
