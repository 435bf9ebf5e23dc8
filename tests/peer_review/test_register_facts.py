"""Registers built here (not the demo): a register with only the required columns
yields no violation resting on a missing fact; the optional fact columns are read;
a party whose name differs from its credit code's enterprise is refused."""

import io
import json

from django.core.management import call_command
from django.test import TestCase

from accounts.models import EnforcementGroup, Enterprise
from demo.accounts import demo_credit_code
from demo.courses import seed_law_spine
from peer_review import importer, services
from peer_review.catalogue import LicenceAction, PartyType
from peer_review.models import CaseFile
from tests.peer_review.factories import office_row, validate_register, workbook


class RequiredColumnsOnlyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        EnforcementGroup.objects.create(name="执法一组")
        rows = [
            office_row(1),
            # Decided on Sunday 2025-09-28 (a make-up working day), served on the
            # 7th working day after the National Day holiday.
            office_row(
                2,
                决定日期="2025-09-28",
                送达日期="2025-10-14",
                执行日期="2025-10-20",
                结案日期="2025-10-22",
            ),
        ]
        parsed, errors = importer.validate(
            importer.read_workbook(workbook(rows, importer.REQUIRED_COLUMNS))
        )
        assert not errors, [str(e) for e in errors]
        services.casefiles_import(rows=parsed)

    def test_no_violation_rests_on_a_missing_fact(self):
        for case in CaseFile.objects.all():
            with self.subTest(case=case.number):
                self.assertEqual(case.violations, [])
                undetermined = {r["code"]: r["missing"] for r in case.undetermined}
                self.assertEqual(undetermined["OFFICERS"], ["承办人执法证号"])
                self.assertEqual(undetermined["PAYMENT_LATE"], ["缴款日期"])
                self.assertEqual(case.findings_count(), 0)

    def test_the_case_page_shows_undetermined_apart_with_labels_not_codes(self):
        from django.urls import reverse

        from tests.accounts.factories import CoordinatorFactory

        case = CaseFile.objects.get(number="津南应急罚〔2025〕1号")
        self.client.force_login(CoordinatorFactory())
        response = self.client.get(
            reverse("peer_review_admin:case_detail", args=[case.pk])
        )
        self.assertContains(response, "自动检查未发现问题")
        self.assertContains(response, "无法判断")
        self.assertContains(response, "逾期缴纳罚款：无法判断，登记表缺少缴款日期。")
        self.assertNotContains(response, "PAYMENT_LATE")

    def test_json_keeps_its_shape_and_gains_outcomes(self):
        out = io.StringIO()
        call_command("check_case_files", "--json", stdout=out)
        data = json.loads(out.getvalue())
        self.assertEqual(
            set(data), set(CaseFile.objects.values_list("number", flat=True))
        )
        for results in data.values():
            self.assertIsInstance(results, list)
            for result in results:
                self.assertIn(result["outcome"], {"violation", "undetermined"})
                if result["outcome"] == "undetermined":
                    self.assertTrue(result["missing"])
                    self.assertIn("无法判断", result["message"])

    def test_command_summarises_what_could_not_be_decided(self):
        out = io.StringIO()
        call_command("check_case_files", stdout=out)
        text = out.getvalue()
        self.assertIn("2 件因缺少缴款日期无法判断逾期缴纳罚款", text)
        self.assertIn("其中 0 份发现问题", text)
        self.assertNotIn("PAYMENT_LATE", text)


class FactColumnsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        EnforcementGroup.objects.create(name="执法一组")

    def test_fact_columns_are_read(self):
        rows, errors = validate_register(
            office_row(
                1,
                当事人类型="个人",
                承办人="王执法（12011001）、赵安全（12011002）",
                没收金额="8,000元",
                许可证件处理="暂扣",
                违法行为持续="是",
                违法行为终了日期="2025-06-20",
                放弃陈述申辩="否",
                放弃听证="是",
                逾期未改正="是",
                复查日期="2025-07-10",
                电子送达确认="",
                延期决定期限="2025-10-30",
                延期批准人="李局长",
            )
        )
        self.assertEqual([str(e) for e in errors], [])
        fields = rows[0].fields
        self.assertEqual(fields["party_type"], PartyType.PERSON)
        self.assertEqual(str(fields["confiscated_amount"]), "8000")
        self.assertEqual(fields["licence_action"], LicenceAction.SUSPEND)
        self.assertIs(fields["continuing"], True)
        self.assertIs(fields["statement_waived"], False)
        self.assertIs(fields["hearing_waived"], True)
        self.assertIsNone(fields["electronic_consent"])
        self.assertEqual(fields["extension_approved_by"], "李局长")
        self.assertEqual(rows[0].officers[0][:2], ("王执法", "12011001"))

    def test_bad_fact_cells_are_named_in_chinese(self):
        _rows, errors = validate_register(
            office_row(1, 当事人类型="公司", 放弃听证="也许")
        )
        messages = [str(e) for e in errors]
        self.assertTrue(any("当事人类型" in m and "单位" in m for m in messages))
        self.assertTrue(any("放弃听证" in m and "是" in m for m in messages))

    def test_party_name_must_match_the_enterprise_of_its_credit_code(self):
        code = demo_credit_code(500)
        Enterprise.objects.create(
            name="津南化工有限公司", credit_code=code, industry="hazardous_chemicals"
        )
        _rows, errors = validate_register(
            office_row(1, 当事人="津南物流有限公司", 统一社会信用代码=code)
        )
        [error] = errors
        self.assertEqual(error.column, "当事人")
        self.assertIn("津南化工有限公司", str(error))
        self.assertIn("不一致", str(error))
        rows, errors = validate_register(
            office_row(2, 当事人="津南化工有限公司", 统一社会信用代码=code)
        )
        self.assertEqual(errors, [])
        self.assertEqual(rows[0].fields["party"].name, "津南化工有限公司")


class NewVersionOfTheLawTests(TestCase):
    """A later version of 安全生产法 is imported: files already imported keep their
    articles and provisions, and new rows decided under it still find their penalty
    provision where its text is unchanged."""

    @classmethod
    def setUpTestData(cls):
        from datetime import date

        from courses.models import Regulation
        from courses.regulation_parser import ParsedArticle, ParsedRegulation
        from courses.services import regulation_import

        seed_law_spine()
        EnforcementGroup.objects.create(name="执法一组")
        parsed, errors = importer.validate(
            importer.read_workbook(workbook([office_row(1)], importer.REQUIRED_COLUMNS))
        )
        assert not errors, [str(e) for e in errors]
        services.casefiles_import(rows=parsed)
        cls.before = CaseFile.objects.get()
        law = Regulation.objects.get(title="中华人民共和国安全生产法")
        cls.law = law
        articles = [
            ParsedArticle(
                number=a.number,
                suffix=a.suffix,
                chapter_number=a.chapter_number,
                chapter_title=a.chapter_title,
                section_title=a.section_title,
                line=i,
                paragraphs=[a.text],
            )
            for i, a in enumerate(law.articles.all())
        ]
        later = ParsedRegulation(
            title=law.title,
            header=["（测试用后续版本　自2026年1月1日起施行）"],
            articles=articles,
        )
        cls.new, cls.replaced, _written = regulation_import(
            parsed=later, key="aqsc-test-2026", level=law.level
        )
        assert later.effective_on == date(2026, 1, 1)

    def test_the_later_version_is_in_force_and_old_files_keep_their_articles(self):
        from courses.models import RegulationStatus

        self.law.refresh_from_db()
        self.assertEqual(self.new.status, RegulationStatus.CURRENT)
        self.assertEqual(self.law.status, RegulationStatus.AMENDED)
        case = CaseFile.objects.get()
        self.assertEqual(case.violated_article.regulation, self.law)
        self.assertEqual(case.provision, self.before.provision)

    def test_a_row_decided_under_the_new_version_finds_its_provision(self):
        later = office_row(
            2,
            立案日期="2026-03-02",
            调查终结日期="2026-03-10",
            告知日期="2026-03-12",
            决定日期="2026-03-20",
            送达日期="2026-03-20",
            执行日期="2026-03-25",
            结案日期="2026-03-30",
        )
        parsed, errors = importer.validate(
            importer.read_workbook(workbook([later], importer.REQUIRED_COLUMNS))
        )
        self.assertEqual([str(e) for e in errors], [])
        [case] = services.casefiles_import(rows=parsed)
        case.refresh_from_db()
        self.assertEqual(case.violated_article.regulation, self.new)
        self.assertEqual(case.provision.article.regulation, self.law)
        self.assertEqual(case.violations, [])
        self.assertNotIn(
            "PROVISION_INCONSISTENT", {r["code"] for r in case.undetermined}
        )


class PublishedTextOfTheSameVersionTests(TestCase):
    """The law's published text (in the layout of public collections: dated history
    lines, 本法自…起施行 in the last article) imported onto the library's version of
    the same date: no new version, the articles take the published wording, files
    and provisions keep pointing at them."""

    TEXT = """# 中华人民共和国行政处罚法

1996年3月17日 第八届全国人民代表大会第四次会议通过

2021年1月22日 第十三届全国人民代表大会常务委员会第二十五次会议修订

<!-- INFO END -->

## 第一章　总则

第一条 为了规范行政处罚的设定和实施，保障和监督行政机关有效实施行政管理，制定本法。

第二条 行政处罚是指行政机关依法对违反行政管理秩序的公民、法人或者其他组织，以减损权益或者增加义务的方式予以惩戒的行为。

第三条 本法自2021年7月15日起施行。
"""

    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        EnforcementGroup.objects.create(name="执法一组")
        parsed, errors = importer.validate(
            importer.read_workbook(workbook([office_row(1)], importer.REQUIRED_COLUMNS))
        )
        assert not errors, [str(e) for e in errors]
        services.casefiles_import(rows=parsed)

    def test_import_keeps_one_version_and_the_files(self):
        import tempfile
        from pathlib import Path

        from courses.models import Article, Regulation, RegulationStatus

        law = Regulation.objects.get(title="中华人民共和国行政处罚法")
        articles = law.articles.count()
        case = CaseFile.objects.get()
        findings = case.findings
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "xzcf.md"
            path.write_text(self.TEXT, encoding="utf-8")
            out = io.StringIO()
            call_command(
                "import_regulation", str(path), "--key", "xzcf-official", stdout=out
            )
        self.assertIn("同一版本", out.getvalue())
        self.assertEqual(Regulation.objects.filter(title=law.title).count(), 1)
        law.refresh_from_db()
        self.assertEqual(law.status, RegulationStatus.CURRENT)
        first = Article.objects.get(regulation=law, number=1)
        self.assertIn("保障和监督行政机关有效实施行政管理", first.text)
        self.assertGreaterEqual(law.articles.count(), articles)
        services.casefiles_check()
        case.refresh_from_db()
        self.assertEqual(case.findings, findings)
