"""Models of the courses module, one file per area, re-exported here.

- law: regulations, articles, penalty provisions, discretion tiers (the spine)
- ledger: the 普法责任清单, law-education activities, warning letters, offline training
- explainers: the regulation explainer pages (法规解读)
- learning: courses, lessons, enrollment, lesson completion, required study
"""

from courses.models.explainers import (
    ExplainerPage,
    ExplainerPageTag,
    RegulationIndexPage,
)
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
from courses.models.learning import (
    CourseAssignment,
    CourseAssignmentQuerySet,
    CourseIndexPage,
    CoursePage,
    Enrollment,
    LessonArticle,
    LessonAttachment,
    LessonCompletion,
    LessonPage,
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
    "CourseAssignment",
    "CourseAssignmentQuerySet",
    "CourseIndexPage",
    "CoursePage",
    "DiscretionTier",
    "Enrollment",
    "ExplainerPage",
    "ExplainerPageTag",
    "LessonArticle",
    "LessonAttachment",
    "LessonCompletion",
    "LessonPage",
    "PenaltyProvision",
    "Regulation",
    "RegulationIndexPage",
    "RegulationLevel",
    "RegulationQuerySet",
    "RegulationStatus",
]
