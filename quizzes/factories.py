"""Builders for quizzes: questions go through the service (versions are made).

Plain functions, no factory_boy: the tests and the submit benchmark share them."""

from datetime import timedelta

from django.utils import timezone

from home.models import HomePage
from quizzes import services
from quizzes.models import Question, QuizIndexPage, QuizPage, QuizQuestion

_counter = iter(range(1, 10**9))


def make_question(qtype="single", *, stem=None, articles=None, **fields) -> Question:
    n = next(_counter)
    defaults = {
        "single": {"options": ["甲", "乙", "丙", "丁"], "answer": "B"},
        "multiple": {"options": ["甲", "乙", "丙", "丁"], "answer": ["A", "C"]},
        "judge": {"options": [], "answer": False},
        "blank": {"options": [], "answer": [["不得"]]},
        "case": {
            "options": ["《安全生产法》第二十八条", "《安全生产法》第九十七条第三项"],
            "answer": {"violated": "A", "penalty": "B"},
        },
    }[qtype]
    question = Question(
        qtype=qtype,
        stem=stem or f"测试题目{n}：____",
        explanation=fields.pop("explanation", f"解析{n}"),
        **{**defaults, **fields},
    )
    return services.question_save(question=question, articles=articles)


def quiz_index() -> QuizIndexPage:
    index = QuizIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.get()
        index = home.add_child(instance=QuizIndexPage(title="在线考试", slug="quizzes"))
    return index


def make_quiz(questions, *, points=2, **fields) -> QuizPage:
    n = next(_counter)
    defaults = {
        "title": f"测试考试{n}",
        "slug": f"quiz-{n}",
        "audience_everyone": True,
        "shuffle_questions": False,
        "shuffle_options": False,
        "time_limit_minutes": 30,
        "closes_at": timezone.now() + timedelta(days=7),
    }
    roles = fields.pop("audience_roles", None)
    groups = fields.pop("audience_groups", None)
    quiz = QuizPage(**{**defaults, **fields})
    for order, question in enumerate(questions):
        quiz.fixed_questions.add(
            QuizQuestion(question=question, points=points, sort_order=order)
        )
    if roles is not None:
        quiz.audience_roles.set(roles)
    if groups is not None:
        quiz.audience_groups.set(groups)
    quiz_index().add_child(instance=quiz)
    quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)
