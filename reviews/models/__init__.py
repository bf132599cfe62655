from reviews.models.parts import EvidenceSource, ImprovementArea, ItemScore
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
    "ImprovementArea",
    "ItemScore",
    "Region",
    "Review",
    "ReviewReopening",
    "ReviewReviewer",
    "Site",
    "SkippedRound",
]
