"""Models of the courses module, one file per area, re-exported here.

- law: regulations, articles, penalty provisions, discretion tiers (the spine)
- ledger: the 普法责任清单, law-education activities, warning letters, offline training
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
from courses.models.ledger import (
    Activity,
    ActivityAttachment,
    ActivityEnterprise,
    ActivityType,
    ItemStatus,
    ResponsibilityItem,
    ResponsibilityList,
    TrainingSession,
    WarningLetter,
)

__all__ = [
    "Activity",
    "ActivityAttachment",
    "ActivityEnterprise",
    "ActivityType",
    "ItemStatus",
    "ResponsibilityItem",
    "ResponsibilityList",
    "TrainingSession",
    "WarningLetter",
    "Article",
    "ArticleQuerySet",
    "DiscretionTier",
    "PenaltyProvision",
    "Regulation",
    "RegulationLevel",
    "RegulationQuerySet",
    "RegulationStatus",
]
