"""Every figure the annual report states matches an independent count from the
database (plain ORM counts, a brute-force peak and the study-hours rule written out
again here — not the frames or metrics code), on generated years: one with an unheld
class beside a previous year, one with no review round and no previous year."""

import datetime as dt
import shutil
import subprocess
import tempfile
from collections import defaultdict
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import SimpleTestCase, TestCase
from django.utils import timezone
from docx import Document

from accounts.models import User
from analytics import report
from courses.models import CourseAssignment, LessonCompletion
from demo import year as generator
from ledger.models import (
    Activity,
    ActivityType,
    ResponsibilityItem,
    TrainingSession,
    WarningLetter,
)
from livestreams.models import LiveClassPage, ViewingSession
from peer_review.models import Issue, Review, ReviewRound
from quizzes.models import Attempt, Drill
from tests.conftest import require_service
from tests.courses.factories import course_with_lessons

YEAR = 2025


def docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += ["|".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(parts)


def run_report(year: int, out: Path) -> str:
    call_command("annual_report", year=year, out=str(out), stdout=StringIO(),
                 stderr=StringIO())  # fmt: skip
    return docx_text(out / f"{year}年度培训普法工作情况.docx")


def independent_live(year: int) -> dict:
    """Brute force over the ORM: held = started (live or ended), peaks by checking
    every session start, people by phone."""
    classes = LiveClassPage.objects.filter(scheduled_start__year=year)
    held = classes.exclude(status="scheduled")
    peaks, present = {}, defaultdict(set)
    viewers = {}
    for live_class in held:
        start, end = live_class.started_at, live_class.ended_at
        spans = [
            (max(s.started_at, start), min(s.ended_at or end, end), s.viewer)
            for s in ViewingSession.objects.filter(
                live_class=live_class
            ).select_related("viewer")
        ]
        spans = [(a, b, v) for a, b, v in spans if b > a]
        best = 0
        for t, _b, _v in spans:
            best = max(best, len({v.pk for a, b, v in spans if a <= t < b}))
        peaks[live_class.period] = best
        for _a, _b, v in spans:
            present[live_class.pk].add(v.pk)
            viewers[v.pk] = v
    seen = [viewers[v] for ids in present.values() for v in ids]
    return {
        "planned": classes.count(),
        "held": held.count(),
        "not_started": classes.filter(status="scheduled").count(),
        "unheld_periods": list(
            classes.filter(status="scheduled").values_list("period", flat=True)
        ),
        "peaks": peaks,
        "total": sum(len(ids) for ids in present.values()),
        "unique": len({v.phone for v in seen}),
        "repeat": sum(
            1
            for n in defaultdict(int, _count_classes(present, viewers)).values()
            if n > 1
        ),
        "enterprises": len({v.enterprise_id for v in seen if v.enterprise_id}),
        "unmatched": sorted({v.enterprise_name for v in seen if not v.enterprise_id}),
        "front_line": len({v.phone for v in seen if v.post_category == "front_line"}),
        "management": len({v.phone for v in seen if v.post_category == "management"}),
    }


def _count_classes(present, viewers) -> dict:
    per_phone = defaultdict(set)
    for class_id, ids in present.items():
        for v in ids:
            per_phone[viewers[v].phone].add(class_id)
    return {phone: len(c) for phone, c in per_phone.items()}


def independent_hours(year: int) -> dict:
    """学时 by the rule in the settings, counted here row by row."""
    staff = User.objects.filter(is_active=True, enforcement_group__isnull=False)
    met = 0
    for user in staff:
        lessons = (
            LessonCompletion.objects.filter(user=user, completed_at__year=year)
            .values("lesson")
            .distinct()
            .count()
        )
        exams = (
            Attempt.objects.filter(
                user=user, passed=True, mode="exam", submitted_at__year=year
            )
            .values("quiz")
            .distinct()
            .count()
        )
        offline = TrainingSession.objects.filter(
            attendees=user, date__year=year
        ).aggregate(h=Sum("hours"))["h"] or Decimal(0)
        total = (
            lessons * settings.COURSES_STUDY_HOURS_PER_LESSON
            + exams * settings.COURSES_STUDY_HOURS_PER_EXAM
            + offline
        )
        met += total >= settings.COURSES_STUDY_HOURS_REQUIRED
    return {"staff": staff.count(), "met": met}


class AnnualReportNumbersTests(TestCase):
    """A year with an unheld class, required study and a previous year."""

    @classmethod
    def setUpTestData(cls):
        generator.generate(year=YEAR - 1, scale=0.03, case_files=12, seed=1)
        generator.generate(
            year=YEAR, scale=0.04, case_files=20, seed=2, unheld_classes=1
        )
        course, lessons = course_with_lessons(2, slug="report-course")
        officers = list(User.objects.filter(username__startswith="gen-officer")[:2])
        assignment = CourseAssignment.objects.create(
            course=course, due_on=dt.date(YEAR, 6, 30)
        )
        assignment.users.add(*officers)
        for lesson in lessons:
            LessonCompletion.objects.create(
                user=officers[0],
                lesson=lesson,
                completed_at=timezone.make_aware(dt.datetime(YEAR, 5, 2, 10)),
            )
        cls.out = Path(tempfile.mkdtemp(prefix="ha-report-"))
        cls.text = run_report(YEAR, cls.out)
        cls.docx = cls.out / f"{YEAR}年度培训普法工作情况.docx"
        cls.pdf = cls.out / f"{YEAR}年度培训普法工作情况.pdf"

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.out, ignore_errors=True)
        super().tearDownClass()

    def test_generated_questions_are_never_drawn_into_real_papers(self):
        from quizzes.models import Question

        generated = Question.objects.filter(stem__startswith="【生成")
        self.assertTrue(generated.exists())
        self.assertFalse(generated.filter(status="active").exists())

    def test_both_files_are_written(self):
        self.assertTrue(self.docx.stat().st_size > 10_000)
        self.assertTrue(self.pdf.read_bytes().startswith(b"%PDF"))

    def test_an_unheld_class_is_never_counted_as_held(self):
        live = independent_live(YEAR)
        self.assertEqual(live["not_started"], 1)
        last = independent_live(YEAR - 1)
        self.assertIn(
            f"全年在平台安排直播课{live['planned']}期，已举办{live['held']}期"
            f"{report.change(live['held'], last['held'])}"
            f"；另有1期尚未开始，不计入以下统计。",
            self.text,
        )
        for period in live["unheld_periods"]:
            self.assertNotIn(f"第{period}期|", self.text)
        self.assertIn(f"在{min(live['peaks'].values()):,}人至", self.text)

    def test_live_audience_matches_a_brute_force_count(self):
        live = independent_live(YEAR)
        last = independent_live(YEAR - 1)
        for period, peak in live["peaks"].items():
            self.assertIn(f"第{period}期|", self.text)
            self.assertRegex(self.text, rf"第{period}期\|[^\n]*\|已结束\|{peak:,}\|")
        self.assertIn(
            f"按期累计观看{live['total']:,}人次"
            f"{report.change(live['total'], last['total'])}",
            self.text,
        )
        self.assertIn(f"去重后共{live['unique']:,}人", self.text)
        self.assertIn(f"其中{live['repeat']:,}人观看两期以上", self.text)
        self.assertIn(f"覆盖一线员工{live['front_line']:,}人", self.text)
        self.assertIn(f"；覆盖管理人员{live['management']:,}人。", self.text)

    def test_enterprises_reached_are_matched_to_the_register_and_the_rest_listed(self):
        live = independent_live(YEAR)
        self.assertTrue(live["unmatched"])
        self.assertIn(f"企业名录匹配的有{live['enterprises']:,}家", self.text)
        self.assertIn(
            f"另有{len(live['unmatched'])}个观众填写的企业名称未能与企业名录匹配",
            self.text,
        )
        for name in live["unmatched"][: report.UNMATCHED_SHOWN]:
            self.assertIn(f"|{name}", self.text)

    def test_every_activity_type_and_the_responsibility_list(self):
        activities = Activity.objects.filter(date__year=YEAR)
        labels = dict(ActivityType.choices)
        for kind in activities.values_list("activity_type", flat=True).distinct():
            n = activities.filter(activity_type=kind).count()
            self.assertIn(f"{labels[kind]}{n}场", self.text)
            self.assertIn(f"{labels[kind]}|{n}|", self.text)
        firms = (
            Activity.enterprises.through.objects.filter(activity__in=activities)
            .values("enterprise")
            .distinct()
            .count()
        )
        people = activities.aggregate(n=Sum("participant_count"))["n"]
        self.assertIn(f"全年开展普法活动{activities.count():,}场", self.text)
        self.assertIn(f"合计|{activities.count():,}|{firms:,}|{people:,}", self.text)
        letters = WarningLetter.objects.filter(issued_on__year=YEAR).count()
        self.assertIn(f"下发提示警示函{letters:,}份", self.text)
        items = list(ResponsibilityItem.objects.filter(responsibility_list__year=YEAR))
        done = sum(i.activities.count() >= i.planned_count for i in items)
        none = sum(i.activities.count() == 0 for i in items)
        self.assertIn(
            f"普法责任清单共{len(items)}项，已完成{done}项、推进中"
            f"{len(items) - done - none}项、未开始{none}项",
            self.text,
        )

    def test_offline_training_required_study_and_study_hours(self):
        sessions = TrainingSession.objects.filter(date__year=YEAR)
        hours = sessions.aggregate(h=Sum("hours"))["h"]
        through = TrainingSession.attendees.through.objects.filter(
            trainingsession__in=sessions
        )
        people = through.values("user").distinct().count()
        self.assertIn(f"全年组织线下培训{sessions.count()}期", self.text)
        self.assertIn(
            f"共{report._n(float(hours))}学时，参训{through.count():,}人次（{people}人）",
            self.text,
        )
        self.assertIn("布置必学任务覆盖2人次，已完成1人次，完成率50.0%", self.text)
        self.assertIn("逾期未完成1人次", self.text)
        h = independent_hours(YEAR)
        self.assertIn(
            f"按年度学时要求{settings.COURSES_STUDY_HOURS_REQUIRED}学时计，"
            f"{h['staff']}名执法人员中{h['met']}人达标",
            self.text,
        )

    def test_exams_are_counted_per_person_and_per_paper_with_labels(self):
        exams = Attempt.objects.filter(
            mode="exam", status="submitted", user__isnull=False, submitted_at__year=YEAR
        )
        people = set(exams.values_list("user", flat=True))
        all_passed = sum(
            all(
                exams.filter(user=u, quiz=q, passed=True).exists()
                for q in set(exams.filter(user=u).values_list("quiz", flat=True))
            )
            for u in people
        )
        papers, passed = exams.count(), exams.filter(passed=True).count()
        quizzes = exams.values("quiz").distinct().count()
        self.assertIn(
            f"组织在线考试{quizzes}场，{len(people)}名执法人员参加", self.text
        )
        self.assertIn(
            f"按人计，所参加考试全部合格的{all_passed}人，合格率"
            f"{all_passed / len(people) * 100:.1f}%",
            self.text,
        )
        self.assertIn(
            f"按答卷计，共提交答卷{papers:,}份，合格{passed:,}份，合格率"
            f"{passed / papers * 100:.1f}%",
            self.text,
        )
        drills = Drill.objects.filter(deadline__year=YEAR).count()
        self.assertIn(f"全年布置岗位大练兵{drills}次", self.text)

    def test_review_rounds_as_held_and_their_issues(self):
        rounds = ReviewRound.objects.filter(year=YEAR)
        reviewed = (
            Review.objects.filter(assignment__round__year=YEAR)
            .values("assignment__case")
            .distinct()
            .count()
        )
        self.assertIn(
            f"全年在第一季度、第二季度、第三季度、第四季度组织执法小组交叉评查"
            f"{rounds.count()}轮",
            self.text,
        )
        self.assertNotIn("各季度", self.text)
        self.assertIn(f"评查案卷{reviewed}卷", self.text)
        issues = Issue.objects.filter(round__year=YEAR)
        self.assertIn(f"发现问题{issues.count()}项", self.text)
        labels = dict(Issue._meta.get_field("category").choices)
        for category in issues.values_list("category", flat=True).distinct():
            n = issues.filter(category=category).count()
            self.assertIn(f"{labels[category]}|{n}", self.text)
        verified = issues.filter(status="verified").count()
        self.assertIn(f"已整改销号{verified}项", self.text)

    def test_no_percent_growth_beyond_double_and_no_padded_dates(self):
        self.assertNotRegex(self.text, r"增长\d{3,}(\.\d)?%")
        self.assertNotRegex(self.text, r"(?<!\d)0\d月")
        self.assertNotRegex(self.text, r"月0\d日")

    def test_pdf_states_the_same_figures_as_the_docx(self):
        require_service(bool(shutil.which("pdftotext")), "pdftotext (poppler-utils)")
        pdf_text = (
            subprocess.run(
                ["pdftotext", "-layout", str(self.pdf), "-"],
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.replace(" ", "")
            .replace("\n", "")
        )
        live = independent_live(YEAR)
        self.assertIn(f"按期累计观看{live['total']:,}人次", pdf_text)
        self.assertIn(f"{YEAR}年度安全生产法治培训与普法工作情况", pdf_text)


class SparseYearTests(TestCase):
    """A first year on the platform: no previous year, no review round."""

    YEAR = 2021

    @classmethod
    def setUpTestData(cls):
        generator.generate(
            year=cls.YEAR, scale=0.02, case_files=6, seed=3, review_quarters=()
        )
        cls.out = Path(tempfile.mkdtemp(prefix="ha-report-"))
        cls.text = run_report(cls.YEAR, cls.out)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.out, ignore_errors=True)
        super().tearDownClass()

    def test_no_rounds_is_said_plainly(self):
        self.assertIn("本年度平台未组织执法案卷交叉评查。", self.text)
        self.assertNotIn("评查案卷", self.text)

    def test_no_previous_year_is_said_once_per_part_and_nothing_compared(self):
        self.assertIn("平台上年无直播课记录，本部分不作同比比较。", self.text)
        self.assertIn("平台上年无普法台账记录，本部分不作同比比较。", self.text)
        self.assertNotIn("比上年", self.text)
        self.assertNotIn("上年为零", self.text)

    def test_the_figures_still_match(self):
        live = independent_live(self.YEAR)
        self.assertIn(f"已举办{live['held']}期。", self.text)
        self.assertIn(f"按期累计观看{live['total']:,}人次，", self.text)


class CommandValidationTests(TestCase):
    def test_a_year_with_no_records_is_refused_and_nothing_written(self):
        out = Path(tempfile.mkdtemp(prefix="ha-report-"))
        self.addCleanup(shutil.rmtree, out, True)
        with self.assertRaisesMessage(CommandError, report.NO_DATA.format(year=2000)):
            call_command("annual_report", year=2000, out=str(out), stderr=StringIO())
        self.assertEqual(list(out.iterdir()), [])

    def test_a_year_out_of_range_is_refused_in_chinese(self):
        for bad in ("1900", "二〇二五", "20x5"):
            with self.assertRaises(CommandError) as caught:
                call_command("annual_report", year=bad, out="/tmp", stderr=StringIO())
            self.assertRegex(str(caught.exception), "年份须")

    def test_out_that_is_a_file_is_refused_before_any_work(self):
        with tempfile.NamedTemporaryFile() as file:
            with self.assertRaisesMessage(CommandError, "是一个文件，不是目录"):
                call_command("annual_report", year=2025, out=file.name)

    def test_out_that_cannot_be_created_is_refused(self):
        with tempfile.NamedTemporaryFile() as file:
            with self.assertRaisesMessage(CommandError, "无法创建输出目录"):
                call_command("annual_report", year=2025, out=f"{file.name}/sub")


class WordingTests(SimpleTestCase):
    def test_list_items_name_only_the_statuses_that_occur(self):
        done = {"items": 6, "done": 6, "in_progress": 0, "not_started": 0}
        self.assertEqual(
            report._items_sentence(done), "本年度普法责任清单共6项，已全部完成。"
        )
        some = {"items": 6, "done": 2, "in_progress": 0, "not_started": 4}
        self.assertEqual(
            report._items_sentence(some),
            "本年度普法责任清单共6项，已完成2项、未开始4项，完成率33.3%。",
        )

    def test_counts_change_in_official_words(self):
        self.assertEqual(report.change(11, 10), "，比上年增长10.0%")
        self.assertEqual(report.change(9, 10), "，比上年下降10.0%")
        self.assertEqual(report.change(2559, 100), "，比上年增长24.6倍")
        self.assertEqual(report.change(30, 10), "，比上年增长2倍")
        self.assertEqual(report.change(10, 10), "，与上年持平")
        self.assertEqual(report.change(5, 0), "，上年为零")
        self.assertEqual(report.change(5, None), "")

    def test_rates_change_in_percentage_points(self):
        self.assertEqual(report.rate_change(0.85, 0.80), "，比上年提高5.0个百分点")
        self.assertEqual(report.rate_change(0.631, 0.70), "，比上年降低6.9个百分点")
        self.assertEqual(report.rate_change(0.5, 0.5), "，与上年持平")
        self.assertEqual(report.rate_change(0.5, None), "")

    def test_dates_have_no_zero_padding(self):
        self.assertEqual(report.chinese_date(dt.date(2026, 1, 8)), "2026年1月8日")
