"""Every number the annual report states matches an independent count from the
database (plain ORM counts and a brute-force peak, not the metrics code)."""

import datetime as dt
import shutil
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from docx import Document

from analytics import report
from demo import year as generator
from tests.conftest import require_service

YEAR = 2025


model = apps.get_model  # the test counts rows of every app independently


def docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += ["|".join(c.text for c in row.cells) for row in table.rows]
    return "\n".join(parts)


def independent_live(year: int) -> dict | None:
    """Brute force: for each class, viewers present at every session start."""
    LiveClass = model("livestreams", "LiveClassPage")
    if LiveClass is None:
        return None
    Session = model("livestreams", "ViewingSession")
    classes = LiveClass.objects.filter(
        scheduled_start__year=year, scheduled_start__lte=timezone.now()
    )
    peaks, present = {}, defaultdict(set)
    people = {}
    for live_class in classes:
        start, end = live_class.started_at, live_class.ended_at
        spans = [
            (max(s.started_at, start), min(s.ended_at or end, end), s.viewer)
            for s in Session.objects.filter(live_class=live_class).select_related(
                "viewer"
            )
        ]
        spans = [(a, b, v) for a, b, v in spans if b > a]
        best = 0
        for t, _b, _v in spans:
            best = max(best, len({v.pk for a, b, v in spans if a <= t < b}))
        peaks[live_class.period] = best
        for _a, _b, v in spans:
            present[live_class.pk].add(v.pk)
            people[v.pk] = v
    viewers = [people[v] for ids in present.values() for v in ids]
    return {
        "classes": classes.count(),
        "peaks": peaks,
        "total": sum(len(ids) for ids in present.values()),
        "unique": len({v.phone for v in viewers}),
        "enterprises": len({v.enterprise_id for v in viewers}),
        "front_line": len(
            {v.phone for v in viewers if v.post_category == "front_line"}
        ),
    }


class AnnualReportNumbersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        generator.generate(year=YEAR - 1, scale=0.03, case_files=12, seed=1)
        generator.generate(year=YEAR, scale=0.04, case_files=20, seed=2)
        cls.out = Path(tempfile.mkdtemp(prefix="ha-report-"))
        call_command(
            "annual_report", year=YEAR, out=cls.out, stdout=open("/dev/null", "w")
        )
        cls.docx = cls.out / f"annual-report-training-{YEAR}.docx"
        cls.pdf = cls.out / f"annual-report-training-{YEAR}.pdf"
        cls.text = docx_text(cls.docx)

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

    def test_live_class_figures_match_a_brute_force_count(self):
        live = independent_live(YEAR)
        if live is None:
            self.assertIn("直播课数据：" + report.NOT_RECORDED, self.text)
            return
        self.assertIn(f"开设直播课{live['classes']}期", self.text)
        for period, peak in live["peaks"].items():
            self.assertIn(f"第{period}期|{peak:,}|", self.text)
        self.assertIn(f"按期累计观看{live['total']:,}人次", self.text)
        self.assertIn(f"去重后共{live['unique']:,}人", self.text)
        self.assertIn(f"直播覆盖企业{live['enterprises']:,}家", self.text)
        self.assertIn(f"覆盖一线员工{live['front_line']:,}人", self.text)
        last = independent_live(YEAR - 1)
        change = (live["classes"] - last["classes"]) / last["classes"]
        word = "增长" if change > 0 else "下降"
        expected = "（同比持平）" if change == 0 else f"（同比{word}{abs(change):.1%}）"
        self.assertIn(f"开设直播课{live['classes']}期{expected}", self.text)

    def test_exam_and_drill_figures_match_orm_counts(self):
        Attempt = model("quizzes", "Attempt")
        if Attempt is None:
            self.assertIn("考试与练兵数据：" + report.NOT_RECORDED, self.text)
            return
        exams = Attempt.objects.filter(
            mode="exam", status="submitted", user__isnull=False, submitted_at__year=YEAR
        )
        people = exams.values("user").distinct().count()
        rate = exams.filter(passed=True).count() / exams.count()
        drills = model("quizzes", "Drill").objects.filter(deadline__year=YEAR).count()
        self.assertIn(f"岗位大练兵{drills}次", self.text)
        self.assertIn(f"{people}名执法人员参加在线考试", self.text)
        self.assertIn(f"共提交{exams.count():,}份答卷", self.text)
        self.assertIn(f"考试通过率{rate:.1%}", self.text)

    def test_review_figures_match_orm_counts(self):
        Issue = model("peer_review", "Issue")
        if Issue is None:
            self.assertIn("案卷评查数据：" + report.NOT_RECORDED, self.text)
            return
        Review = model("peer_review", "Review")
        reviewed = (
            Review.objects.filter(assignment__round__year=YEAR)
            .values("assignment__case")
            .distinct()
            .count()
        )
        issues = Issue.objects.filter(round__year=YEAR)
        self.assertIn(f"评查案卷{reviewed}卷", self.text)
        self.assertIn(f"发现问题{issues.count()}项", self.text)
        labels = dict(Issue._meta.get_field("category").choices)
        for category in issues.values_list("category", flat=True).distinct():
            n = issues.filter(category=category).count()
            self.assertIn(f"{labels[category]}|{n}", self.text)
        verified = issues.filter(status="verified").count()
        self.assertIn(f"已整改销号{verified}项", self.text)
        overdue = (
            issues.exclude(status="verified")
            .filter(deadline__lt=dt.date.today())
            .count()
        )
        self.assertIn(f"逾期未整改{overdue}项", self.text)

    def test_ledger_figures_match_orm_counts(self):
        Activity = model("ledger", "Activity")
        if Activity is None:
            self.assertIn("送法进企活动：" + report.NOT_RECORDED, self.text)
            return
        events = Activity.objects.filter(
            activity_type="law_to_enterprises", date__year=YEAR
        )
        firms = (
            Activity.enterprises.through.objects.filter(activity__in=events)
            .values("enterprise")
            .distinct()
            .count()
        )
        letters = model("ledger", "WarningLetter").objects.filter(issued_on__year=YEAR)
        self.assertIn(f"“送法进企”活动{events.count()}场", self.text)
        self.assertIn(f"走访企业{firms}家", self.text)
        self.assertIn(f"提示警示函{letters.count()}份", self.text)

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
        first = Document(str(self.docx)).paragraphs[2].text
        self.assertIn(first.replace(" ", "")[:20], pdf_text)
        self.assertIn(report.AnnualReport.title.fget(self._report_stub()), pdf_text)

    def _report_stub(self):
        return report.AnnualReport(YEAR, {}, {}, [], None)
