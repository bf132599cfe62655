from reviews.views.autosave import (
    area_add,
    area_move,
    area_remove,
    basis_suggestion,
    evidence_add,
    evidence_remove,
    save_area,
    save_evidence,
    save_header,
    save_item,
)
from reviews.views.hearing import hearing, hearing_close, hearing_send
from reviews.views.lists import all_reviews, leader_reports, my_reviews, review_create
from reviews.views.page import review_detail, review_log
from reviews.views.ratings import consensus, my_rating, rating_done, rating_reopen, save_rating
from reviews.views.workflow import (
    checklist_attach,
    moderation,
    moderation_decide,
    moderation_request,
    region_moderation,
    review_reopen,
)

__all__ = [
    "all_reviews",
    "area_add",
    "area_move",
    "area_remove",
    "basis_suggestion",
    "checklist_attach",
    "consensus",
    "evidence_add",
    "evidence_remove",
    "hearing",
    "hearing_close",
    "hearing_send",
    "leader_reports",
    "moderation",
    "moderation_decide",
    "moderation_request",
    "my_rating",
    "my_reviews",
    "rating_done",
    "rating_reopen",
    "region_moderation",
    "review_create",
    "review_detail",
    "review_log",
    "review_reopen",
    "save_area",
    "save_evidence",
    "save_header",
    "save_item",
    "save_rating",
]
