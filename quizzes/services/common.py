"""What every quizzes service shares: the refusal type, its messages and the grace."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

# Messages people see (tests assert on these constants).
QUIZ_NOT_OPEN = _("This quiz is not open now.")
QUIZ_NOT_FOR_YOU = _("This quiz is not open to you.")
NO_ATTEMPTS_LEFT = _("You have used all the attempts this quiz allows.")
QUIZ_HAS_NO_QUESTIONS = _("This quiz has no questions yet.")
NOT_ENOUGH_QUESTIONS = _(
    "The question bank has too few questions for this quiz; please tell the trainer."
)
DEADLINE_PASSED = _(
    "Time is up: this answer arrived after the deadline and was not saved. "
    "Everything you saved before the deadline is kept."
)
ATTEMPT_SUBMITTED = _(
    "This attempt has already been submitted; answers can no longer change."
)
NO_SUCH_QUESTION = _("This question is not on your paper.")
BAD_RESPONSE = _("This answer is not valid for the question.")
BAD_REQUEST = _(
    "The answer could not be read (wrong format or too long): "
    "reload the page and answer again."
)
SESSION_EXPIRED = _(
    "Your login has expired: log in again and your answers will be saved."
)
CSRF_STALE = _("The page's security token is out of date: it is being renewed.")
NOT_YOUR_ATTEMPT = _("This paper is not yours or no longer exists.")
# An answer is a few letters or short texts: anything longer is refused unread.
MAX_ANSWER_BYTES = 64 * 1024
QUESTIONS_ON_OPEN_EXAM = _(
    "These questions are on an exam that has not closed yet: practise them after it closes."
)
WRONG_BOOK_EMPTY = _("Your wrong-answer book is empty: nothing to practise.")


class QuizError(Exception):
    """A refusal with a message for the person (translated)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def grace() -> timedelta:
    return timedelta(seconds=settings.QUIZZES_ANSWER_GRACE_SECONDS)
