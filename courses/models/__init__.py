"""Models of the courses module, one file per area, re-exported here.

- law: regulations, articles, penalty provisions, discretion tiers (the spine)
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

__all__ = [
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
