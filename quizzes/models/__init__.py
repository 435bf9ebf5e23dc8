"""Models of the quizzes module, one file per area, re-exported here.

- bank: questions, versions, knowledge points
- pages: QuizIndexPage, QuizPage and its fixed questions / blueprint rules
- attempts: attempts, answers, drills, the wrong-answer book
"""

from quizzes.models.attempts import (
    Attempt,
    AttemptAnswer,
    AttemptQuerySet,
    Drill,
    DrillQuerySet,
    DrillReminder,
    FinalisedBy,
    WrongAnswer,
    WrongAnswerQuerySet,
)
from quizzes.models.bank import (
    KnowledgePoint,
    Question,
    QuestionQuerySet,
    QuestionStatus,
    QuestionType,
    QuestionVersion,
)
from quizzes.models.pages import (
    AttemptPolicy,
    PartialCredit,
    QuizDrawRule,
    QuizIndexPage,
    QuizMode,
    QuizPage,
    QuizQuestion,
    ReviewPolicy,
    Selection,
    quiz_landing_context,
)
from quizzes.models.status import AttemptStatus

__all__ = [
    "Attempt",
    "AttemptAnswer",
    "AttemptPolicy",
    "AttemptQuerySet",
    "AttemptStatus",
    "Drill",
    "DrillQuerySet",
    "DrillReminder",
    "FinalisedBy",
    "KnowledgePoint",
    "PartialCredit",
    "Question",
    "QuestionQuerySet",
    "QuestionStatus",
    "QuestionType",
    "QuestionVersion",
    "QuizDrawRule",
    "QuizIndexPage",
    "QuizMode",
    "QuizPage",
    "QuizQuestion",
    "ReviewPolicy",
    "Selection",
    "WrongAnswer",
    "WrongAnswerQuerySet",
    "quiz_landing_context",
]
