"""Models of the courses module, one file per area, re-exported here.

- law: regulations, articles, penalty provisions, discretion tiers (the spine)
"""

from courses.models.law import (
    Article,
    ArticleQuerySet,
    DiscretionTier,
    PenaltyProvision,
    Regulation,
    RegulationLevel,
    RegulationQuerySet,
    RegulationStatus,
)

__all__ = [
    "Article",
    "ArticleQuerySet",
    "DiscretionTier",
    "PenaltyProvision",
    "Regulation",
    "RegulationLevel",
    "RegulationQuerySet",
    "RegulationStatus",
]
