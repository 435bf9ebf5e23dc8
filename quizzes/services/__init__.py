"""Multi-model writes of the quizzes module (views, commands, tasks and hooks call
these; each is one transaction), one module per concern:

- :mod:`~quizzes.services.common`: the refusal (:class:`QuizError`), its messages, grace;
- :mod:`~quizzes.services.bank`: question versions, retiring, Excel import and export;
- :mod:`~quizzes.services.attempts`: papers, starting, saving answers, submitting;
- :mod:`~quizzes.services.practice`: wrong-answer book and article practice papers;
- :mod:`~quizzes.services.keys`: which questions sit on open exams (keys withheld);
- :mod:`~quizzes.services.regrade`: regrading after a key correction.

Callers keep writing ``services.attempt_start(...)``: the public names are here.
"""

from quizzes.services.attempts import (
    attempt_answer_save,
    attempt_create,
    attempt_start,
    attempt_submit,
    attempts_finalise_overdue,
)
from quizzes.services.bank import (
    citation_resolvers,
    knowledge_points_ensure,
    question_save,
    questions_export_rows,
    questions_file_check,
    questions_file_import,
    questions_import,
    questions_import_job_run,
    questions_import_job_start,
    questions_retire,
)
from quizzes.services.common import (
    ATTEMPT_SUBMITTED,
    BAD_REQUEST,
    BAD_RESPONSE,
    CSRF_STALE,
    DEADLINE_PASSED,
    MAX_ANSWER_BYTES,
    NO_ATTEMPTS_LEFT,
    NO_SUCH_QUESTION,
    NOT_ENOUGH_QUESTIONS,
    NOT_YOUR_ATTEMPT,
    QUESTIONS_ON_OPEN_EXAM,
    QUIZ_HAS_NO_QUESTIONS,
    QUIZ_NOT_FOR_YOU,
    QUIZ_NOT_OPEN,
    SESSION_EXPIRED,
    WRONG_BOOK_EMPTY,
    QuizError,
    grace,
)
from quizzes.services.keys import protected_question_ids, quizzes_not_closed
from quizzes.services.practice import (
    ARTICLE_HAS_NO_QUESTIONS,
    article_practice_create,
    wrong_book_paper_create,
)
from quizzes.services.regrade import RegradeChange, attempts_regrade

__all__ = [
    "ARTICLE_HAS_NO_QUESTIONS",
    "ATTEMPT_SUBMITTED",
    "BAD_REQUEST",
    "BAD_RESPONSE",
    "CSRF_STALE",
    "MAX_ANSWER_BYTES",
    "NOT_YOUR_ATTEMPT",
    "SESSION_EXPIRED",
    "DEADLINE_PASSED",
    "NOT_ENOUGH_QUESTIONS",
    "NO_ATTEMPTS_LEFT",
    "NO_SUCH_QUESTION",
    "QUESTIONS_ON_OPEN_EXAM",
    "QUIZ_HAS_NO_QUESTIONS",
    "QUIZ_NOT_FOR_YOU",
    "QUIZ_NOT_OPEN",
    "WRONG_BOOK_EMPTY",
    "QuizError",
    "RegradeChange",
    "article_practice_create",
    "attempt_answer_save",
    "attempt_create",
    "attempt_start",
    "attempt_submit",
    "attempts_finalise_overdue",
    "attempts_regrade",
    "citation_resolvers",
    "grace",
    "knowledge_points_ensure",
    "protected_question_ids",
    "question_save",
    "questions_export_rows",
    "questions_file_check",
    "questions_file_import",
    "questions_import",
    "questions_import_job_run",
    "questions_import_job_start",
    "questions_retire",
    "quizzes_not_closed",
    "wrong_book_paper_create",
]
