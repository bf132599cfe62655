from reviews.models.hearing import Hearing, HearingComment
from reviews.models.parts import EvidenceSource, ImprovementArea, ItemScore, Rating
from reviews.models.review import (
    FinalizedReviewError,
    Review,
    ReviewReopening,
    ReviewReviewer,
)
from reviews.models.sites import Cluster, Region, Site, SkippedRound

__all__ = [
    "Cluster",
    "EvidenceSource",
    "FinalizedReviewError",
    "Hearing",
    "HearingComment",
    "ImprovementArea",
    "ItemScore",
    "Rating",
    "Region",
    "Review",
    "ReviewReopening",
    "ReviewReviewer",
    "Site",
    "SkippedRound",
]
