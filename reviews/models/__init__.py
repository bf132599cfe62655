from reviews.models.hearing import Hearing, HearingComment
from reviews.models.parts import EvidenceSource, ImprovementArea, ItemScore, Rating
from reviews.models.review import (
    FinalizedReviewError,
    Review,
    ReviewReopening,
    ReviewReviewer,
)

__all__ = [
    "EvidenceSource",
    "FinalizedReviewError",
    "Hearing",
    "HearingComment",
    "ImprovementArea",
    "ItemScore",
    "Rating",
    "Review",
    "ReviewReopening",
    "ReviewReviewer",
]
