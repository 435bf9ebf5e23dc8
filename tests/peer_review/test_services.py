"""Rounds, reviews, arbitration and rectification through the services."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone

from accounts import roles
from courses.models import Article
from demo import cases as casegen
from demo.courses import seed_law_spine
from peer_review import services
from peer_review.assignment import AssignmentImpossible
from peer_review.catalogue import IssueCategory
from peer_review.models import (
    Arbitration,
    Assignment,
    AuditEntry,
    CaseFile,
    Issue,
    RubricItem,
)
from peer_review.scoring import Mark
from tests.accounts.factories import CoordinatorFactory, OfficerFactory, WorkerFactory

from .factories import demo_groups, import_generated


class RoundTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.groups = demo_groups()
        import_generated(casegen.generate_year()[:12])
        cls.coordinator = CoordinatorFactory()
        cls.officers = [
            OfficerFactory(enforcement_group=g) for g in cls.groups for _ in range(2)
        ]
        cls.rubric = services.rubric_ensure_defaults()[0]
        cls.round = services.round_create(
            name="2025年案卷评查",
            year=2025,
            quarter=1,
            whole_year=True,
            rubric=cls.rubric,
            deadline=timezone.now() + timedelta(days=10),
            created_by=cls.coordinator,
            reviewers=cls.officers,
            seed=7,
        )

    def _assignment(self, case=None):
        qs = Assignment.objects.filter(round=self.round)
        return qs.filter(case=case).first() if case else qs.first()

    def _item(self, title):
        return RubricItem.objects.get(rubric=self.rubric, title=title)

    def test_round_assigns_every_file_to_two_reviewers_from_other_groups(self):
        for case in CaseFile.objects.all():
            reviewers = [a.reviewer for a in case.assignments.all()]
            self.assertEqual(len(reviewers), 2)
            self.assertTrue(
                all(r.enforcement_group_id != case.group_id for r in reviewers)
            )

    def test_round_without_enough_reviewers_fails_and_saves_nothing(self):
        with self.assertRaises(AssignmentImpossible):
            services.round_create(
                name="不可能的批次",
                year=2025,
                quarter=4,
                cases=list(CaseFile.objects.all()),
                rubric=self.rubric,
                deadline=timezone.now() + timedelta(days=1),
                created_by=self.coordinator,
                reviewers=self.officers[:2],
            )

    def test_only_the_coordinator_creates_rounds(self):
        with self.assertRaises(PermissionDenied):
            services.round_create(
                name="x",
                year=2025,
                quarter=4,
                rubric=self.rubric,
                deadline=timezone.now(),
                created_by=self.officers[0],
                reviewers=self.officers,
            )

    def test_full_marks_review_scores_100_and_is_audited(self):
        a = self._assignment()
        review = services.review_submit(assignment=a, user=a.reviewer, marks=[])
        self.assertEqual(review.total, Decimal(100))
        self.assertEqual(review.grade, "优秀")
        entry = AuditEntry.objects.get(action="review_submit", object_id=review.pk)
        self.assertEqual(entry.actor, a.reviewer)
        self.assertEqual(entry.new["total"], "100.0")

    def test_review_refused_when_not_assigned_late_twice_or_outside_rubric(self):
        a = self._assignment()
        stranger = OfficerFactory(enforcement_group=self.groups[0])
        with self.assertRaisesMessage(PermissionDenied, str(services.ERR_NOT_ASSIGNED)):
            services.review_submit(assignment=a, user=stranger, marks=[])
        with self.assertRaisesMessage(
            ValidationError, str(services.ERR_AFTER_DEADLINE)
        ):
            services.review_submit(
                assignment=a,
                user=a.reviewer,
                marks=[],
                now=self.round.deadline + timedelta(seconds=1),
            )
        item = self._item("立案")
        with self.assertRaisesMessage(ValidationError, "扣分理由"):
            services.review_submit(
                assignment=a,
                user=a.reviewer,
                marks=[Mark(item.pk, (item.options.first().pk,))],
            )
        with self.assertRaisesMessage(ValidationError, "不属于"):
            services.review_submit(
                assignment=a, user=a.reviewer, marks=[Mark(999999, comment="x")]
            )
        services.review_submit(assignment=a, user=a.reviewer, marks=[])
        with self.assertRaisesMessage(
            ValidationError, str(services.ERR_ALREADY_REVIEWED)
        ):
            services.review_submit(assignment=a, user=a.reviewer, marks=[])

    def test_two_reviews_20_points_apart_go_to_arbitration(self):
        case = CaseFile.objects.first()
        first, second = case.assignments.filter(round=self.round)
        services.review_submit(assignment=first, user=first.reviewer, marks=[])
        five_point = [
            ("立案", "未及时立案"),
            ("告知与陈述申辩", "告知内容"),
            ("处罚决定", "裁量理由"),
            ("送达与执行", "送达超过"),
        ]
        marks = []
        for title, option in five_point:
            item = self._item(title)
            chosen = item.options.get(text__startswith=option)
            marks.append(Mark(item.pk, (chosen.pk,), comment=f"{title}存在问题"))
        review = services.review_submit(
            assignment=second, user=second.reviewer, marks=marks
        )
        self.assertEqual(review.total, Decimal(80))
        arbitration = Arbitration.objects.get(round=self.round, case=case)
        self.assertEqual(arbitration.gap, Decimal(20))
        services.arbitration_decide(
            arbitration=arbitration,
            user=self.coordinator,
            final_score=Decimal(85),
            reason="复核",
        )
        entry = AuditEntry.objects.get(action="arbitrate")
        self.assertEqual(
            (entry.old, entry.new["final_score"]), ({"final_score": None}, "85")
        )

    def test_reviews_10_points_apart_need_no_arbitration(self):
        case = CaseFile.objects.last()
        first, second = case.assignments.filter(round=self.round)
        item = self._item("处罚决定")
        services.review_submit(assignment=first, user=first.reviewer, marks=[])
        services.review_submit(
            assignment=second,
            user=second.reviewer,
            marks=[
                Mark(item.pk, (item.options.first().pk,) * 2, comment="裁量说理不足")
            ],
        )
        self.assertFalse(Arbitration.objects.filter(case=case).exists())

    def test_a_veto_scores_zero(self):
        a = self._assignment()
        veto = self._item("适用法律错误")
        review = services.review_submit(
            assignment=a,
            user=a.reviewer,
            marks=[Mark(veto.pk, vetoed=True, comment="条款错误")],
        )
        self.assertEqual((review.total, review.grade), (Decimal(0), "不合格"))

    def test_issue_is_rectified_verified_and_audited(self):
        case = CaseFile.objects.first()
        issue = services.issue_log(
            case=case,
            review_round=self.round,
            category=IssueCategory.VIDEO_INCOMPLETE,
            article=Article.objects.get(regulation__key="xzcf-fa-2021", number=47),
            description="陈述申辩环节录像缺少结束",
            deadline=timezone.localdate() + timedelta(days=14),
            user=self.coordinator,
        )
        self.assertEqual(issue.responsible_group, case.group)
        member = OfficerFactory(enforcement_group=case.group)
        outsider = OfficerFactory(
            enforcement_group=self.groups[(self.groups.index(case.group) + 1) % 6]
        )
        with self.assertRaises(PermissionDenied):
            services.issue_respond(issue=issue, user=outsider, response="x")
        with self.assertRaisesMessage(ValidationError, str(services.ERR_NOT_RESPONDED)):
            services.issue_verify(issue=issue, user=self.coordinator, accepted=True)
        services.issue_respond(issue=issue, user=member, response="已补录并归档")
        services.issue_verify(
            issue=issue, user=self.coordinator, accepted=True, note="复查通过"
        )
        issue.refresh_from_db()
        self.assertEqual(issue.status, Issue.Status.VERIFIED)
        actions = list(
            AuditEntry.objects.filter(object_type="issue", object_id=issue.pk)
            .order_by("at", "pk")
            .values_list("action", "old", "new")
        )
        self.assertEqual([a[0] for a in actions], ["rectify", "verify"])
        self.assertEqual(actions[1][1], {"status": "responded"})
        self.client.force_login(self.coordinator)
        page = self.client.get(f"/admin/peer-review/issues/{issue.pk}/verify/")
        self.assertContains(page, "操作记录")
        self.assertContains(page, "复查通过")

    def test_overdue_issue_is_flagged(self):
        issue = services.issue_log(
            case=CaseFile.objects.first(),
            category=IssueCategory.DOCUMENT_DEFECT,
            description="送达回证缺少签名",
            deadline=timezone.localdate() - timedelta(days=1),
            user=self.coordinator,
        )
        self.assertTrue(issue.is_overdue)
        self.assertIn(issue, Issue.objects.overdue())

    def test_visible_files(self):
        worker = WorkerFactory()
        self.assertFalse(CaseFile.objects.visible_to(worker).exists())
        self.assertEqual(
            CaseFile.objects.visible_to(self.coordinator).count(),
            CaseFile.objects.count(),
        )
        reviewer = self._assignment().reviewer
        visible = set(CaseFile.objects.visible_to(reviewer))
        assigned = {a.case for a in Assignment.objects.filter(reviewer=reviewer)}
        own = set(CaseFile.objects.filter(group=reviewer.enforcement_group))
        self.assertEqual(visible, assigned | own)
        self.assertTrue(reviewer.has_role(roles.ENFORCEMENT_OFFICER))


class ReferenceAndViewTests(TestCase):
    """A reference file slipped into a round; the scoring form and workflow views."""

    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.groups = demo_groups()
        import_generated(casegen.generate_year()[:8])
        cls.reference = CaseFile.objects.get(number="津东应急罚〔2025〕1号")
        cls.reference.is_reference = True
        cls.reference.save()
        cls.coordinator = CoordinatorFactory()
        cls.officers = [OfficerFactory(enforcement_group=g) for g in cls.groups]
        cls.rubric = services.rubric_ensure_defaults()[0]
        cls.round = services.round_create(
            name="含参考案卷的批次",
            year=2025,
            quarter=1,
            rubric=cls.rubric,
            deadline=timezone.now() + timedelta(days=5),
            created_by=cls.coordinator,
            reviewers=cls.officers,
            reviewers_per_file=1,
            reference_case=cls.reference,
            seed=3,
        )

    def test_reference_file_is_scored_by_the_coordinator_and_every_other_group(self):
        kinds = set(
            self.round.assignments.filter(case=self.reference).values_list(
                "kind", "reviewer__enforcement_group"
            )
        )
        self.assertIn((Assignment.Kind.REFERENCE, None), kinds)
        self.assertEqual(len(kinds), 6)  # coordinator + 5 other groups

    def test_deviation_from_the_reference_review_is_shown(self):
        from peer_review.summary import round_summary

        ref = self.round.assignments.get(kind=Assignment.Kind.REFERENCE)
        services.review_submit(assignment=ref, user=self.coordinator, marks=[])
        peer = self.round.assignments.filter(
            case=self.reference, kind=Assignment.Kind.PEER
        ).first()
        item = RubricItem.objects.get(rubric=self.rubric, title="立案")
        services.review_submit(
            assignment=peer,
            user=peer.reviewer,
            marks=[Mark(item.pk, (item.options.first().pk,), comment="立案迟延")],
        )
        summary = round_summary(self.round)
        row = next(r for r in summary["reviewers"] if r["name"] == str(peer.reviewer))
        self.assertEqual(row["from_reference"], Decimal("-5.0"))

    def test_scoring_form_requires_a_comment_on_each_deduction(self):
        a = self.round.assignments.filter(kind=Assignment.Kind.PEER).first()
        item = RubricItem.objects.get(rubric=self.rubric, title="立案")
        option = item.options.first()
        self.client.force_login(a.reviewer)
        url = f"/admin/peer-review/reviews/{a.pk}/"
        response = self.client.post(url, {f"option_{item.pk}": option.pk}, follow=True)
        self.assertContains(response, "扣分理由")
        self.assertFalse(hasattr(Assignment.objects.get(pk=a.pk), "review"))
        response = self.client.post(
            url,
            {
                f"option_{item.pk}": option.pk,
                f"comment_{item.pk}": "立案审批表缺少负责人签批",
                "issue-category": IssueCategory.DOCUMENT_DEFECT,
                "issue-description": "立案审批表缺少负责人签批",
                "issue-deadline": "2099-01-01",
            },
        )
        self.assertRedirects(response, "/admin/peer-review/")
        review = Assignment.objects.get(pk=a.pk).review
        self.assertEqual(review.total, Decimal(95))
        self.assertEqual(review.issues.get().responsible_group, a.case.group)

    def test_round_summary_page_counts_issues_by_category(self):
        services.issue_log(
            case=self.reference,
            review_round=self.round,
            category=IssueCategory.VIDEO_INCOMPLETE,
            description="缺少送达录像",
            deadline=timezone.localdate(),
            user=self.coordinator,
        )
        self.client.force_login(self.coordinator)
        response = self.client.get(f"/admin/peer-review/rounds/{self.round.pk}/")
        self.assertContains(response, "视频记录不完整")
        self.assertContains(response, "问题分类统计")

    def test_import_template_downloads_as_xlsx_with_every_column(self):
        import io

        import pandas as pd

        from peer_review import importer

        self.client.force_login(self.coordinator)
        response = self.client.get("/admin/peer-review/template.xlsx")
        frame = pd.read_excel(io.BytesIO(response.content), dtype=str)
        # Required columns are starred in the template's header row.
        headers = [c.rstrip("*") for c in frame.columns]
        self.assertEqual(headers[:18], importer.REQUIRED_COLUMNS)

    def test_upload_refuses_a_file_that_only_pretends_to_be_a_pdf(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        fake = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
        with self.assertRaisesMessage(ValidationError, str(services.ERR_DOCUMENT_TYPE)):
            services.document_upload(
                case=self.reference,
                doc_type="decision",
                upload=fake,
                user=self.coordinator,
            )

    def test_upload_refuses_a_file_over_the_size_limit(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        big = SimpleUploadedFile("x.pdf", b"%PDF-" + b"0" * 2048, "application/pdf")
        with self.settings(PEER_REVIEW_MAX_DOCUMENT_BYTES=1024):
            with self.assertRaises(ValidationError):
                services.document_upload(
                    case=self.reference,
                    doc_type="decision",
                    upload=big,
                    user=self.coordinator,
                )

    def test_issue_articles_are_offered_to_the_trainer_as_drill_topics(self):
        from tests.accounts.factories import TrainerFactory

        article = Article.objects.get(regulation__key="xzcf-fa-2021", number=61)
        services.issue_log(
            case=self.reference,
            review_round=self.round,
            category=IssueCategory.UNLAWFUL_PROCEDURE,
            article=article,
            description="送达超期",
            deadline=timezone.localdate(),
            user=self.coordinator,
        )
        self.client.force_login(TrainerFactory())
        response = self.client.get("/admin/peer-review/drill-topics/")
        self.assertContains(response, article.label)
        self.assertContains(response, self.reference.group.name)
        # No question on the article yet: a prompt to write them, no button.
        self.assertContains(response, "请先为该条款编写题目")
        self.assertNotContains(response, "布置训练</button>")

    def test_assigning_a_drill_on_a_topic_gives_the_group_a_drill_on_the_article(self):
        from wagtail.models import Page

        from quizzes.factories import make_question
        from quizzes.models import Drill, QuizIndexPage

        article = Article.objects.get(regulation__key="xzcf-fa-2021", number=61)
        group = self.reference.group
        services.issue_log(
            case=self.reference,
            review_round=self.round,
            category=IssueCategory.UNLAWFUL_PROCEDURE,
            article=article,
            description="送达超期",
            deadline=timezone.localdate(),
            user=self.coordinator,
        )
        self.client.force_login(self.coordinator)
        url = "/admin/peer-review/drill-topics/assign/"
        empty = self.client.post(url, {"group": group.pk, "article": article.pk})
        self.assertEqual(empty.status_code, 302)
        self.assertFalse(Drill.objects.exists())
        question = make_question("judge", stem="行政处罚决定书应当在宣告后当场交付。")
        question.articles.add(article)
        if not QuizIndexPage.objects.exists():
            Page.objects.get(depth=1).add_child(
                instance=QuizIndexPage(title="岗位练兵", slug="drills-test")
            )
        self.client.post(url, {"group": group.pk, "article": article.pk})
        drill = Drill.objects.get()
        self.assertEqual(list(drill.groups.all()), [group])
        self.assertEqual(
            [q.question for q in drill.quiz.fixed_questions.all()], [question]
        )
        self.assertTrue(drill.quiz.live)
        self.assertIn(article.label, drill.title)
        self.assertEqual(list(drill.quiz.audience_groups.all()), [group])


class RoundDrawTests(TestCase):
    """Rounds draw by decision date and never take files already reviewed unless
    they are chosen by hand (registers built here)."""

    @classmethod
    def setUpTestData(cls):
        from accounts.models import EnforcementGroup

        cls.groups = [
            EnforcementGroup.objects.create(name=f"抽取{i}组") for i in range(3)
        ]
        cls.coordinator = CoordinatorFactory()
        cls.officers = [OfficerFactory(enforcement_group=g) for g in cls.groups]
        cls.rubric = services.rubric_ensure_defaults()[0]
        decided = {
            "Q1-A": date(2026, 3, 31),
            "Q2-A": date(2026, 4, 1),
            "Q2-B": date(2026, 6, 30),
            "Q3-A": date(2026, 7, 1),
            "2025-Q2": date(2025, 5, 10),
        }
        cls.files = {
            number: CaseFile.objects.create(
                number=number,
                group=cls.groups[i % 3],
                party_name="抽取测试企业",
                violation="未设置安全警示标志",
                filed_on=day - timedelta(days=30),
                decided_on=day,
            )
            for i, (number, day) in enumerate(decided.items())
        }

    def _round(self, **options):
        return services.round_create(
            name=options.pop("name", "2026年第二季度"),
            year=options.pop("year", 2026),
            quarter=options.pop("quarter", 2),
            rubric=self.rubric,
            deadline=timezone.now() + timedelta(days=10),
            created_by=self.coordinator,
            reviewers=self.officers,
            reviewers_per_file=1,
            seed=1,
            **options,
        )

    def _numbers(self, review_round):
        return set(review_round.assignments.values_list("case__number", flat=True))

    def test_a_quarter_draws_the_files_decided_in_it_both_boundaries(self):
        self.assertEqual(self._numbers(self._round()), {"Q2-A", "Q2-B"})

    def test_files_already_reviewed_are_not_drawn_again(self):
        self._round()
        year = self._round(name="2026年全年", quarter=1, whole_year=True)
        self.assertEqual(self._numbers(year), {"Q1-A", "Q3-A"})
        with self.assertRaises(ValidationError) as info:
            self._round(name="再抽一次")
        self.assertIn("2026 年第 2 季度", " ".join(info.exception.messages))

    def test_hand_picked_files_are_taken_even_if_reviewed(self):
        self._round()
        again = self._round(
            name="复评", cases=[self.files["Q2-A"], self.files["2025-Q2"]]
        )
        self.assertEqual(self._numbers(again), {"Q2-A", "2025-Q2"})
