"""Drills (大练兵) with coverage by group, and the wrong-answer book (错题本)."""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.models import EnforcementGroup
from courses.models import Article
from demo.courses import seed_law_spine
from quizzes import scoring, services
from quizzes.factories import make_question, make_quiz
from quizzes.models import (
    Attempt,
    Drill,
    QuizDrawRule,
    QuizMode,
    QuizPage,
    ReviewPolicy,
    Selection,
    WrongAnswer,
)
from tests.accounts.factories import OfficerFactory, TrainerFactory


class DrillTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.group_a = EnforcementGroup.objects.create(name="执法甲组")
        cls.group_b = EnforcementGroup.objects.create(name="执法乙组")
        cls.passer = OfficerFactory(enforcement_group=cls.group_a, name="甲及格")
        cls.failer = OfficerFactory(enforcement_group=cls.group_a, name="甲不及格")
        cls.absent = OfficerFactory(enforcement_group=cls.group_b, name="乙未参加")
        cls.outsider = OfficerFactory(name="组外人员")
        cls.quiz = make_quiz(
            [make_question("judge", answer=True)], audience_everyone=False
        )
        cls.drill = Drill.objects.create(
            title="第四季度练兵",
            quiz=cls.quiz,
            deadline=timezone.now() + timedelta(days=3),
        )
        cls.drill.groups.set([cls.group_a, cls.group_b])
        for person, response in ((cls.passer, True), (cls.failer, False)):
            attempt = services.attempt_start(quiz=cls.quiz, user=person)
            services.attempt_answer_save(attempt=attempt, position=1, response=response)
            services.attempt_submit(attempt=attempt)

    def test_drill_assignment_opens_the_quiz_to_its_groups_only(self):
        self.assertTrue(self.quiz.audience_allows(self.absent))
        self.assertFalse(self.quiz.audience_allows(self.outsider))

    def test_coverage_view_shows_each_groups_progress(self):
        self.client.force_login(TrainerFactory())
        page = self.client.get(reverse("quizzes_drill_coverage", args=[self.drill.pk]))
        rows = {r.group: r for r in page.context["rows"]}
        self.assertEqual(
            (
                rows["执法甲组"].assigned,
                rows["执法甲组"].passed,
                rows["执法甲组"].failed,
            ),
            (2, 1, 1),
        )
        self.assertEqual(
            (rows["执法乙组"].assigned, rows["执法乙组"].not_taken), (1, 1)
        )
        self.assertContains(page, "乙未参加")
        self.assertContains(page, "未参加")

    def test_drill_list_in_admin_links_to_coverage(self):
        self.client.force_login(TrainerFactory())
        page = self.client.get(reverse("wagtailsnippets_quizzes_drill:list"))
        self.assertContains(
            page, reverse("quizzes_drill_coverage", args=[self.drill.pk])
        )

    def test_the_drill_form_uses_tick_boxes_and_records_who_assigned_it(self):
        from django.contrib.auth.models import Group

        from accounts import roles

        trainer = TrainerFactory()
        self.client.force_login(trainer)
        add = reverse("wagtailsnippets_quizzes_drill:add")
        page = self.client.get(add)
        self.assertContains(page, 'type="checkbox" name="groups"')
        self.assertContains(page, 'type="checkbox" name="roles"')
        officers = Group.objects.get(name=roles.ENFORCEMENT_OFFICER)
        deadline = timezone.localtime(timezone.now() + timedelta(days=5))
        response = self.client.post(
            add,
            {
                "title": "专项练兵",
                "quiz": self.quiz.pk,
                "groups": [self.group_a.pk],
                "roles": [officers.pk],
                "deadline": deadline.strftime("%Y-%m-%d %H:%M"),
                "note": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        drill = Drill.objects.get(title="专项练兵")
        self.assertEqual(drill.created_by, trainer)
        # 甲组's officers are in the group and the role: each counted once.
        people = list(drill.assignees())
        self.assertEqual(len(people), len({p.pk for p in people}))
        self.assertEqual(people.count(self.passer), 1)

    def test_each_person_sees_their_open_drills(self):
        self.client.force_login(self.absent)
        page = self.client.get(reverse("quizzes:my_drills"))
        self.assertContains(page, "第四季度练兵")
        self.assertContains(page, "待完成")
        self.client.force_login(self.passer)
        self.assertContains(self.client.get(reverse("quizzes:my_drills")), "及格")
        self.client.force_login(self.outsider)
        self.assertNotContains(
            self.client.get(reverse("quizzes:my_drills")), "第四季度练兵"
        )


class DrillFollowUpTests(TestCase):
    """完成情况 exported through home.sheets, in-app reminders, the staff-only
    布置人 chooser."""

    setUpTestData = classmethod(DrillTests.setUpTestData.__func__)

    def test_coverage_is_exported_as_xlsx(self):
        import io

        from openpyxl import load_workbook

        self.client.force_login(TrainerFactory())
        page = self.client.get(reverse("quizzes_drill_coverage", args=[self.drill.pk]))
        url = reverse("quizzes_drill_coverage_export", args=[self.drill.pk])
        self.assertContains(page, url)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("spreadsheetml", response["Content-Type"])
        book = load_workbook(io.BytesIO(response.content))
        self.assertEqual(book.sheetnames, ["按小组", "按人员"])
        people = [[c.value for c in row] for row in book["按人员"].iter_rows(min_row=3)]
        by_name = {row[1]: row for row in people}
        self.assertEqual(by_name["甲及格"][3], "合格")
        self.assertEqual(by_name["甲不及格"][3], "不合格")
        self.assertEqual(by_name["乙未参加"][3], "未参加")
        self.assertEqual(by_name["甲及格"][4], 1)
        # Someone who may not see drills gets no file.
        self.client.force_login(self.absent)
        self.assertNotEqual(self.client.get(url).status_code, 200)

    def test_a_reminder_reaches_only_those_not_passed(self):
        from quizzes.models import DrillReminder

        trainer = TrainerFactory(name="培训科王")
        self.client.force_login(trainer)
        url = reverse("quizzes_drill_remind", args=[self.drill.pk])
        response = self.client.post(url)
        self.assertEqual(response.status_code, 302)
        reminded = set(DrillReminder.objects.values_list("user__name", flat=True))
        self.assertEqual(reminded, {"甲不及格", "乙未参加"})
        # One person only.
        self.client.post(url, {"person": self.absent.pk})
        self.assertEqual(DrillReminder.objects.filter(user=self.absent).count(), 2)
        self.assertEqual(DrillReminder.objects.count(), 3)
        # The person sees it on 我的练兵, the one who passed does not.
        self.client.force_login(self.absent)
        page = self.client.get(reverse("quizzes:my_drills"))
        self.assertContains(page, "drill__reminder")
        self.assertContains(page, "培训科王 于")
        self.client.force_login(self.passer)
        page = self.client.get(reverse("quizzes:my_drills"))
        self.assertNotContains(page, "drill__reminder")
        # And on the admin dashboard panel 未完成练兵.
        self.client.force_login(self.absent)
        home = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(home, "已提醒")

    def test_no_reminder_after_the_deadline_and_none_by_a_reader(self):
        from quizzes.models import DrillReminder

        url = reverse("quizzes_drill_remind", args=[self.drill.pk])
        self.client.force_login(self.absent)  # an officer may not remind
        self.client.post(url)
        self.assertFalse(DrillReminder.objects.exists())
        Drill.objects.filter(pk=self.drill.pk).update(
            deadline=timezone.now() - timedelta(days=1)
        )
        self.client.force_login(TrainerFactory())
        response = self.client.post(url, follow=True)
        self.assertContains(response, "已截止")
        self.assertFalse(DrillReminder.objects.exists())

    def test_the_assigner_chooser_lists_staff_only_and_searches(self):
        from tests.accounts.factories import WorkerFactory

        WorkerFactory(name="企业张三")
        trainer = TrainerFactory(name="培训科李四")
        self.client.force_login(trainer)
        page = self.client.get(reverse("wagtailsnippets_quizzes_drill:add"))
        self.assertContains(page, 'name="created_by"')
        self.assertNotContains(page, "企业张三")
        choose = reverse("staff_chooser:choose")
        listing = self.client.get(choose).json()["html"]
        self.assertIn("培训科李四", listing)
        self.assertIn("甲及格", listing)
        self.assertNotIn("企业张三", listing)
        results = reverse("staff_chooser:choose_results")
        found = self.client.get(results, {"q": "李四"}).content.decode()
        self.assertIn("培训科李四", found)
        self.assertNotIn("甲及格", found)
        worker = get_user_model().objects.get(name="企业张三")
        self.assertEqual(
            self.client.get(
                reverse("staff_chooser:chosen", args=[worker.pk])
            ).status_code,
            404,
        )
        # A worker posted as 布置人 is refused; a staff member is kept.
        deadline = timezone.localtime(timezone.now() + timedelta(days=5))
        data = {
            "title": "指定布置人",
            "quiz": self.quiz.pk,
            "groups": [self.group_a.pk],
            "deadline": deadline.strftime("%Y-%m-%d %H:%M"),
            "note": "",
            "created_by": worker.pk,
        }
        add = reverse("wagtailsnippets_quizzes_drill:add")
        self.client.post(add, data)
        self.assertFalse(Drill.objects.filter(title="指定布置人").exists())
        data["created_by"] = self.passer.pk
        self.assertEqual(self.client.post(add, data).status_code, 302)
        self.assertEqual(Drill.objects.get(title="指定布置人").created_by, self.passer)


class WrongBookTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.article = Article.objects.get(key="aqsc-fa-2021-28")
        cls.person = OfficerFactory()
        cls.wrong_q = make_question("judge", answer=True, articles=[cls.article])
        cls.right_q = make_question("judge", answer=True)
        cls.related = make_question("judge", answer=False, articles=[cls.article])
        # A practice quiz that reviews at once: an exam's questions would be
        # kept out of the wrong-book paper while it is open.
        cls.quiz = make_quiz(
            [cls.wrong_q, cls.right_q],
            attempts_allowed=0,
            mode=QuizMode.PRACTICE,
            review_policy=ReviewPolicy.AFTER_SUBMIT,
        )

    def take(self, responses):
        attempt = services.attempt_start(quiz=self.quiz, user=self.person)
        for position, response in enumerate(responses, start=1):
            services.attempt_answer_save(
                attempt=attempt, position=position, response=response
            )
        return services.attempt_submit(attempt=attempt)

    def test_wrong_answers_enter_the_book_and_leave_after_two_rights_in_a_row(self):
        self.take([False, True])
        book = WrongAnswer.objects.in_book(self.person)
        self.assertEqual([e.question for e in book], [self.wrong_q])
        self.take([True, True])
        self.assertTrue(WrongAnswer.objects.in_book(self.person).exists())
        self.take([False, True])  # wrong again: the streak starts over
        self.take([True, True])
        self.assertTrue(WrongAnswer.objects.in_book(self.person).exists())
        self.take([True, True])
        self.assertFalse(WrongAnswer.objects.in_book(self.person).exists())
        self.assertEqual(WrongAnswer.objects.get(user=self.person).times_wrong, 2)

    def test_one_click_builds_a_practice_paper_from_the_book_and_weak_articles(self):
        self.take([False, True])
        self.client.force_login(self.person)
        page = self.client.get(reverse("quizzes:wrong_book"))
        self.assertContains(page, self.wrong_q.stem)
        self.assertContains(page, self.article.get_absolute_url())
        response = self.client.post(reverse("quizzes:wrong_book"))
        attempt = Attempt.objects.get(user=self.person, quiz=None)
        self.assertRedirects(
            response, reverse("quizzes:attempt_take", args=[attempt.public_id])
        )
        paper = set(attempt.answers.values_list("question_id", flat=True))
        self.assertEqual(paper, {self.wrong_q.pk, self.related.pk})
        services.attempt_submit(attempt=attempt)
        result = self.client.get(
            reverse("quizzes:attempt_result", args=[attempt.public_id])
        )
        self.assertTrue(result.context["shows_answers"])

    def test_empty_book_says_so(self):
        with self.assertRaises(services.QuizError) as info:
            services.wrong_book_paper_create(user=self.person)
        self.assertEqual(info.exception.message, services.WRONG_BOOK_EMPTY)


class BlueprintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.judges = [make_question("judge", difficulty=2) for _ in range(6)]
        cls.singles = [make_question("single", difficulty=3) for _ in range(6)]
        quiz = make_quiz([], selection=Selection.BLUEPRINT, attempts_allowed=0)
        QuizDrawRule.objects.create(
            page=quiz, qtype="judge", difficulty=2, count=2, points=1
        )
        QuizDrawRule.objects.create(page=quiz, qtype="single", count=3, points=2)
        cls.quiz = QuizPage.objects.get(pk=quiz.pk)

    def test_colleagues_get_different_but_equivalent_papers(self):
        papers = []
        for seed in range(4):
            person = OfficerFactory()
            attempt = services.attempt_start(
                quiz=self.quiz, user=person, rng=random.Random(seed)
            )
            answers = list(attempt.answers.select_related("version"))
            types = sorted(a.version.qtype for a in answers)
            self.assertEqual(types, ["judge", "judge", "single", "single", "single"])
            self.assertEqual(attempt.max_score, 8)
            papers.append(frozenset(a.question_id for a in answers))
        self.assertGreater(len(set(papers)), 1)

    def test_retired_questions_are_not_drawn(self):
        services.questions_retire(questions=self.singles[:4])
        with self.assertRaises(services.QuizError) as info:
            services.attempt_start(quiz=self.quiz, user=OfficerFactory())
        self.assertEqual(info.exception.message, services.NOT_ENOUGH_QUESTIONS)


def test_coverage_counts_are_pure():
    rows = scoring.coverage([(1, "甲"), (2, "甲"), (3, "乙")], {1: True, 2: False})
    assert [(r.group, r.passed, r.failed, r.not_taken) for r in rows] == [
        ("甲", 1, 1, 0),
        ("乙", 0, 0, 1),
    ]


class ArticlePracticeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.article = Article.objects.get(key="aqsc-fa-2021-28")
        cls.on_article = [
            make_question("judge", articles=[cls.article]) for _ in range(3)
        ]
        cls.elsewhere = make_question("judge")

    def test_peer_review_drill_link_builds_a_paper_on_the_article(self):
        from django.conf import settings

        url = reverse(settings.PEER_REVIEW_DRILL_URL_NAME, args=[self.article.pk])
        person = OfficerFactory()
        self.client.force_login(person)
        self.assertContains(self.client.get(url), "3")
        response = self.client.post(url)
        attempt = Attempt.objects.get(user=person)
        self.assertRedirects(
            response, reverse("quizzes:attempt_take", args=[attempt.public_id])
        )
        self.assertEqual(
            set(attempt.answers.values_list("question_id", flat=True)),
            {q.pk for q in self.on_article},
        )
