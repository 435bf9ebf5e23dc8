"""Enrollment, lesson completion, required study, 我的学习任务 and the trainer's
progress view."""

import time
from datetime import date, datetime
from unittest.mock import patch

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from courses.models import CourseAssignment, Enrollment, LessonCompletion
from courses.progress import Progress, StudyStatus, viewing_remaining
from courses.services import (
    MSG_ASSIGNMENT_NOBODY,
    course_assign,
    lesson_complete,
    study_tasks_for,
)
from tests.accounts.factories import (
    EnforcementGroupFactory,
    OfficerFactory,
    TrainerFactory,
    WorkerFactory,
)
from tests.courses.factories import course_with_lessons, days_from_today


def test_progress_status_and_overdue_rules():
    due = date(2025, 6, 30)
    assert Progress(0, 3, None, due).status == StudyStatus.NOT_STARTED
    assert Progress(1, 3, None, due).status == StudyStatus.IN_PROGRESS
    assert Progress(3, 3, None, due).status == StudyStatus.COMPLETED
    assert Progress(0, 0).status == StudyStatus.NOT_STARTED
    assert Progress(1, 3, None, due).is_overdue(date(2025, 7, 1))
    assert not Progress(1, 3, None, due).is_overdue(date(2025, 6, 30))
    assert not Progress(3, 3, None, due).is_overdue(date(2025, 7, 1))
    late = Progress(3, 3, datetime(2025, 7, 2, 9), due)
    assert late.finished_late() and late.percent == 100


class LessonCompletionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course, cls.lessons = course_with_lessons(3)
        cls.officer = OfficerFactory()

    def test_completing_a_lesson_enrolls_and_counts_once(self):
        first = lesson_complete(user=self.officer, lesson=self.lessons[0])
        again = lesson_complete(user=self.officer, lesson=self.lessons[0])
        self.assertEqual(first.pk, again.pk)
        self.assertTrue(
            Enrollment.objects.filter(user=self.officer, course=self.course).exists()
        )
        progress = self.course.progress_for(self.officer)
        self.assertEqual((progress.lessons_done, progress.lessons_total), (1, 3))
        self.assertEqual(progress.status, StudyStatus.IN_PROGRESS)

    def test_finishing_every_lesson_completes_the_course_at_the_last_time(self):
        for i, lesson in enumerate(self.lessons):
            when = timezone.make_aware(datetime(2025, 3, 1 + i, 10))
            lesson_complete(user=self.officer, lesson=lesson, completed_at=when)
        progress = self.course.progress_for(self.officer)
        self.assertEqual(progress.status, StudyStatus.COMPLETED)
        self.assertEqual(progress.finished_at.day, 3)

    def test_an_unpublished_lesson_cannot_be_completed(self):
        lesson = self.lessons[2]
        lesson.unpublish()
        lesson.refresh_from_db()
        with self.assertRaises(ValidationError):
            lesson_complete(user=self.officer, lesson=lesson)

    def test_the_complete_button_posts_and_requires_login(self):
        url = reverse("courses:lesson_complete", args=[self.lessons[1].pk])
        self.assertEqual(self.client.post(url).status_code, 302)
        self.assertFalse(LessonCompletion.objects.exists())
        self.client.force_login(self.officer)
        self.assertEqual(self.client.get(url).status_code, 405)
        self.client.get(self.lessons[1].url)
        with patch("courses.viewing.time.time", return_value=time.time() + 61):
            response = self.client.post(url)
        self.assertRedirects(response, self.lessons[1].url)
        self.assertTrue(
            LessonCompletion.objects.filter(
                user=self.officer, lesson=self.lessons[1]
            ).exists()
        )
        page = self.client.get(self.lessons[1].url)
        self.assertContains(page, "lesson__done")


class AssignmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course, cls.lessons = course_with_lessons(2)
        cls.trainer = TrainerFactory()
        cls.group_a = EnforcementGroupFactory(name="执法一组")
        cls.group_b = EnforcementGroupFactory(name="执法二组")
        cls.done = OfficerFactory(name="甲", enforcement_group=cls.group_a)
        cls.started = OfficerFactory(name="乙", enforcement_group=cls.group_a)
        cls.idle = OfficerFactory(name="丙", enforcement_group=cls.group_b)
        cls.worker = WorkerFactory(name="丁")
        cls.assignment = course_assign(
            course=cls.course,
            due_on=days_from_today(-1),
            assigned_by=cls.trainer,
            role=Group.objects.get(name=roles.ENFORCEMENT_OFFICER),
        )
        for lesson in cls.lessons:
            lesson_complete(user=cls.done, lesson=lesson)
        lesson_complete(user=cls.started, lesson=cls.lessons[0])

    def test_an_assignment_must_reach_someone(self):
        with self.assertRaisesMessage(ValidationError, str(MSG_ASSIGNMENT_NOBODY)):
            course_assign(course=self.course, due_on=days_from_today(7))

    def test_role_group_and_named_assignments_reach_the_right_people(self):
        named = course_assign(
            course=self.course, due_on=days_from_today(9), users=[self.worker]
        )
        by_group = course_assign(
            course=self.course,
            due_on=days_from_today(9),
            enforcement_group=self.group_b,
        )
        self.assertEqual(
            set(self.assignment.assignees()), {self.done, self.started, self.idle}
        )
        self.assertEqual(list(named.assignees()), [self.worker])
        self.assertEqual(list(by_group.assignees()), [self.idle])
        self.assertEqual(
            set(CourseAssignment.objects.for_user(self.idle)),
            {self.assignment, by_group},
        )
        self.assertEqual(list(CourseAssignment.objects.for_user(self.worker)), [named])

    def test_assignee_statuses_give_progress_and_overdue_per_person(self):
        rows = CourseAssignment.objects.filter(
            pk=self.assignment.pk
        ).with_assignee_statuses()
        by_name = {row["user"].name: row for row in rows}
        self.assertEqual(by_name["甲"]["status"], StudyStatus.COMPLETED)
        self.assertFalse(by_name["甲"]["overdue"])
        self.assertEqual(by_name["乙"]["status"], StudyStatus.IN_PROGRESS)
        self.assertEqual(by_name["乙"]["progress"].lessons_done, 1)
        self.assertTrue(by_name["乙"]["overdue"])
        self.assertEqual(by_name["丙"]["status"], StudyStatus.NOT_STARTED)

    def test_a_person_assigned_by_group_and_by_role_counts_once(self):
        # 执法一组 is assigned the course on top of the officers' role: 甲 and 乙
        # are reached twice but 应学 counts each of them once, against the
        # earlier due date (the role's, yesterday: 乙 is overdue).
        course_assign(
            course=self.course,
            due_on=days_from_today(9),
            enforcement_group=self.group_a,
            users=[self.started],
        )
        rows = CourseAssignment.objects.all().with_assignee_statuses()
        people = [row["user"].name for row in rows]
        self.assertEqual(sorted(people), sorted(["甲", "乙", "丙"]))
        by_name = {row["user"].name: row for row in rows}
        self.assertEqual(by_name["乙"]["assignment"], self.assignment)
        self.assertTrue(by_name["乙"]["overdue"])

    def test_my_learning_shows_status_and_overdue_flag(self):
        tasks = study_tasks_for(self.started)
        self.assertEqual(len(tasks), 1)
        self.assertTrue(tasks[0]["overdue"])
        self.client.force_login(self.started)
        response = self.client.get(reverse("courses:my_learning"))
        self.assertContains(response, self.course.title)
        self.assertContains(response, "task--overdue")

    def test_my_learning_requires_login(self):
        response = self.client.get(reverse("courses:my_learning"))
        self.assertEqual(response.status_code, 302)

    def test_trainer_sees_who_has_finished_by_group(self):
        self.client.force_login(self.trainer)
        url = reverse("course_assignments:progress", args=[self.assignment.pk])
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        groups = response.context["groups"]
        by_name = {g["name"]: g for g in groups}
        self.assertEqual(
            [r["user"].name for r in by_name["执法一组"]["finished"]], ["甲"]
        )
        self.assertEqual(
            [r["user"].name for r in by_name["执法一组"]["pending"]], ["乙"]
        )
        self.assertEqual(
            [r["user"].name for r in by_name["执法二组"]["pending"]], ["丙"]
        )
        self.assertEqual(response.context["finished"], 1)

    def test_officers_cannot_see_the_progress_view(self):
        self.client.force_login(self.idle)
        url = reverse("course_assignments:progress", args=[self.assignment.pk])
        self.assertNotEqual(self.client.get(url).status_code, 200)

    def test_trainer_assigns_in_the_admin_and_is_recorded_as_assigner(self):
        self.client.force_login(self.trainer)
        response = self.client.post(
            reverse("course_assignments:add"),
            {
                "course": self.course.pk,
                "enforcement_group": self.group_b.pk,
                "due_on": "2030-01-31",
                "note": "补学",
            },
        )
        self.assertEqual(response.status_code, 302)
        created = CourseAssignment.objects.get(note="补学")
        self.assertEqual(created.assigned_by, self.trainer)

    def test_the_admin_refuses_an_assignment_to_nobody(self):
        self.client.force_login(self.trainer)
        response = self.client.post(
            reverse("course_assignments:add"),
            {"course": self.course.pk, "due_on": "2030-01-31", "note": "无人"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(CourseAssignment.objects.filter(note="无人").exists())


class EnrollTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course, cls.lessons = course_with_lessons(2, slug="enroll")
        cls.worker = WorkerFactory()

    def test_start_button_enrolls_and_opens_the_first_lesson(self):
        self.client.force_login(self.worker)
        enroll_url = reverse("courses:course_enroll", args=[self.course.pk])
        self.assertContains(self.client.get(self.course.url), enroll_url)
        response = self.client.post(enroll_url)
        self.assertRedirects(response, self.lessons[0].url)
        self.assertTrue(
            Enrollment.objects.filter(user=self.worker, course=self.course).exists()
        )
        self.assertNotContains(self.client.get(self.course.url), enroll_url)
        tasks = study_tasks_for(self.worker)
        self.assertEqual([t["course"].pk for t in tasks], [self.course.pk])
        self.assertIsNone(tasks[0]["due_on"])


class ViewingTests(TestCase):
    """A lesson counts only when its content was viewed, by the server's record."""

    @classmethod
    def setUpTestData(cls):
        cls.course, cls.lessons = course_with_lessons(1)
        cls.officer = OfficerFactory()

    def setUp(self):
        self.lesson = self.lessons[0]
        self.complete = reverse("courses:lesson_complete", args=[self.lesson.pk])
        self.end = reverse("courses:lesson_end", args=[self.lesson.pk])
        self.client.force_login(self.officer)

    def completed(self) -> bool:
        return LessonCompletion.objects.filter(
            user=self.officer, lesson=self.lesson
        ).exists()

    def test_a_lesson_marked_complete_a_second_after_opening_does_not_count(self):
        self.client.get(self.lesson.url)
        response = self.client.post(self.complete, follow=True)
        self.assertFalse(self.completed())
        self.assertContains(response, "请先学习本课时内容")

    def test_a_lesson_never_opened_cannot_be_completed_even_by_reporting_its_end(self):
        self.assertEqual(self.client.post(self.end).status_code, 409)
        self.client.post(self.complete)
        self.assertFalse(self.completed())

    def test_time_on_the_page_by_the_server_clock_completes_it(self):
        start = time.time()
        self.client.get(self.lesson.url)
        with patch("courses.viewing.time.time", return_value=start + 59):
            self.client.post(self.complete)
        self.assertFalse(self.completed())
        # Opening the page again does not restart (or advance) the clock.
        self.client.get(self.lesson.url)
        with patch("courses.viewing.time.time", return_value=start + 61):
            self.client.post(self.complete)
        self.assertTrue(self.completed())

    def test_reaching_the_end_completes_it(self):
        self.client.get(self.lesson.url)
        self.assertEqual(self.client.post(self.end).status_code, 200)
        self.client.post(self.complete)
        self.assertTrue(self.completed())

    @override_settings(COURSES_LESSON_MIN_VIEW_SECONDS=5)
    def test_the_page_says_how_long_to_stay(self):
        response = self.client.get(self.lesson.url)
        self.assertContains(response, "在本页学习满 5 秒")


def test_viewing_remaining_is_pure_arithmetic():
    assert viewing_remaining(opened_at=None, now=100, reached_end=True, min_seconds=60)
    assert (
        viewing_remaining(opened_at=100, now=130, reached_end=False, min_seconds=60)
        == 30
    )
    assert (
        viewing_remaining(opened_at=100, now=160, reached_end=False, min_seconds=60)
        == 0
    )
    assert (
        viewing_remaining(opened_at=100, now=101, reached_end=True, min_seconds=60) == 0
    )
