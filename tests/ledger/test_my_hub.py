"""我的: one place with a person's tasks, drills, 错题本, study hours (only for
those who owe them, this year by default) and live classes watched."""

import datetime as dt
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from courses.services import course_assign, lesson_complete
from livestreams.models import CheckIn, CheckInAnswer, ViewerSource
from quizzes import services as quiz_services
from quizzes.factories import make_question, make_quiz
from quizzes.models import Drill
from tests.accounts.factories import OfficerFactory, WorkerFactory
from tests.courses.factories import course_with_lessons
from tests.ledger.factories import TrainingSessionFactory
from tests.livestreams.factories import make_class, make_viewer


class MyHubTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.officer = OfficerFactory(name="张执法")
        cls.worker = WorkerFactory(name="李工人")
        cls.this_year = timezone.localdate().year
        TrainingSessionFactory(
            title="去年的执法大讲堂",
            hours=Decimal("3"),
            date=dt.date(cls.this_year - 1, 3, 20),
        ).attendees.add(cls.officer)
        cls.course, lessons = course_with_lessons(2)
        course_assign(
            course=cls.course,
            due_on=timezone.localdate() + dt.timedelta(days=10),
            users=[cls.officer],
        )
        lesson_complete(user=cls.officer, lesson=lessons[0])
        quiz = make_quiz([make_question("judge", answer=True)], audience_everyone=False)
        cls.open_drill = Drill.objects.create(
            title="本月练兵", quiz=quiz, deadline=timezone.now() + dt.timedelta(days=3)
        )
        cls.open_drill.groups.set([cls.officer.enforcement_group])
        old_quiz = make_quiz([make_question("judge", answer=True)])
        cls.missed = Drill.objects.create(
            title="上季度练兵",
            quiz=old_quiz,
            deadline=timezone.now() - dt.timedelta(days=30),
        )
        cls.missed.groups.set([cls.officer.enforcement_group])
        attempt = quiz_services.attempt_start(quiz=quiz, user=cls.officer)
        quiz_services.attempt_answer_save(attempt=attempt, position=1, response=False)
        quiz_services.attempt_submit(attempt=attempt)
        live = make_class(title="第5期：液氨泄漏应急处置")
        viewer = make_viewer(
            live, user=cls.worker, source=ViewerSource.USER, name="李工人"
        )
        first = CheckIn.objects.create(live_class=live)
        CheckIn.objects.create(live_class=live)
        CheckInAnswer.objects.create(checkin=first, viewer=viewer)

    def hub(self, user, **params):
        self.client.force_login(user)
        return self.client.get(reverse("ledger:my_hub"), params)

    def test_login_is_required_and_the_header_links_to_it(self):
        self.assertEqual(self.client.get(reverse("ledger:my_hub")).status_code, 302)
        self.client.force_login(self.worker)
        page = self.client.get(reverse("courses:search"))
        self.assertContains(page, 'href="/my/"')
        self.assertContains(page, "我的")

    def test_officer_sees_tasks_drills_with_scores_and_the_wrong_book(self):
        page = self.hub(self.officer)
        self.assertContains(page, self.course.title)
        self.assertContains(page, "已学 1/2 课时")
        html = page.content.decode()
        # The open drill comes first with its score; the missed one is not a red
        # 已逾期 but says it was not taken.
        self.assertLess(html.index("本月练兵"), html.index("上季度练兵"))
        self.assertContains(page, "得分 0%")
        self.assertContains(page, "未参加")
        self.assertNotContains(page, "已逾期")
        self.assertContains(page, "1 道错题待重练")

    def test_study_hours_open_on_this_year_with_a_year_switcher(self):
        page = self.hub(self.officer)
        hours = page.context["hours"]
        self.assertEqual(page.context["year"], self.this_year)
        self.assertEqual(hours.lessons, 1)  # this year's lesson is counted …
        self.assertEqual(hours.offline, 0)  # … last year's session is not
        self.assertContains(page, f'href="?year={self.this_year - 1}"')
        last_year = self.hub(self.officer, year=self.this_year - 1)
        self.assertEqual(last_year.context["hours"].offline, Decimal(3))
        detail = self.client.get(reverse("ledger:my_study_hours"))
        self.assertEqual(detail.context["year"], self.this_year)

    def test_enterprise_workers_are_not_shown_a_staff_quota(self):
        page = self.hub(self.worker)
        self.assertNotIn("hours", page.context)
        self.assertNotContains(page, "还差")
        self.assertNotContains(page, 'id="my-hours"')
        detail = self.client.get(reverse("ledger:my_study_hours"))
        self.assertNotContains(detail, "还差")
        self.assertContains(detail, "无需补足学时")

    def test_classes_watched_with_check_ins(self):
        page = self.hub(self.worker)
        self.assertContains(page, "第5期：液氨泄漏应急处置")
        self.assertContains(page, "签到 1/2 次")
