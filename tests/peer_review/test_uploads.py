"""Hostile uploads (issue 13): PDFs that run JavaScript are refused, a PDF named
.svg/.html is stored as .pdf, evidence has a size limit and a permission-checked
route for the verifier."""

import zlib
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from demo import cases as casegen
from demo.courses import seed_law_spine
from home.files import pdf_has_active_content
from ledger.models import validate_attachment
from peer_review import services
from peer_review.catalogue import DocumentType, IssueCategory
from peer_review.models import CaseFile
from tests.accounts.factories import CoordinatorFactory, OfficerFactory, WorkerFactory

from .factories import demo_groups, import_generated

PLAIN = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer\n%%EOF\n"
OPEN_ACTION = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction 3 0 R >> endobj\n"
    b"3 0 obj << /S /JavaScript /JS (app.alert\\(1\\)) >> endobj\n%%EOF\n"
)
ESCAPED = b"%PDF-1.4\n1 0 obj << /OpenAction << /S /J#61vaScript /J#53 (x) >> >>\n"
LAUNCH = b"%PDF-1.4\n1 0 obj << /OpenAction << /S /Launch /F (cmd.exe) >> >>\n"
HIDDEN = (
    b"%PDF-1.5\n5 0 obj << /Type /ObjStm /Filter /FlateDecode >>\nstream\n"
    + zlib.compress(b"<< /S /JavaScript /JS (this.exportDataObject()) >>")
    + b"\nendstream\nendobj\n%%EOF\n"
)


def pdf(content: bytes, name: str = "d.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def test_pdfs_that_run_code_are_recognised_wherever_the_code_sits():
    assert not pdf_has_active_content(PLAIN)
    assert not pdf_has_active_content(
        b"%PDF-1.5\nstream\n"
        + zlib.compress(b"<< /Type /Page /F1 12 Tf >>")
        + b"\nendstream\n"
    )
    for hostile in (OPEN_ACTION, ESCAPED, LAUNCH, HIDDEN):
        assert pdf_has_active_content(hostile), hostile[:40]


class UploadTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.groups = demo_groups()
        import_generated(casegen.generate_year()[:6])
        cls.coordinator = CoordinatorFactory()
        cls.case = CaseFile.objects.first()
        cls.responsible = OfficerFactory(enforcement_group=cls.case.group)
        other = next(g for g in cls.groups if g.pk != cls.case.group_id)
        cls.outsider = OfficerFactory(enforcement_group=other)
        cls.issue = services.issue_log(
            case=cls.case,
            category=IssueCategory.DOCUMENT_DEFECT,
            description="送达回证缺签名",
            deadline=timezone.localdate() + timedelta(days=10),
            user=cls.coordinator,
        )

    def upload_document(self, upload):
        return services.document_upload(
            case=self.case,
            doc_type=DocumentType.DECISION,
            upload=upload,
            user=self.coordinator,
        )

    def test_a_pdf_with_javascript_is_refused_in_chinese(self):
        for hostile in (OPEN_ACTION, HIDDEN):
            with self.assertRaisesMessage(ValidationError, "JavaScript"):
                self.upload_document(pdf(hostile))
            with self.assertRaisesMessage(ValidationError, "已拒绝上传"):
                services.issue_respond(
                    issue=self.issue,
                    user=self.responsible,
                    response="已整改",
                    evidence=pdf(hostile),
                )

    def test_a_pdf_named_svg_or_html_is_stored_as_pdf(self):
        for name in ("scan.svg", "scan.html", "scan"):
            with self.subTest(name=name):
                document = self.upload_document(pdf(PLAIN, name))
                self.assertTrue(document.file.name.endswith(".pdf"))
                self.assertEqual(document.content_type, "application/pdf")

    @override_settings(PEER_REVIEW_MAX_EVIDENCE_BYTES=1024 * 1024)
    def test_evidence_has_a_size_limit(self):
        big = PLAIN + b"0" * (1024 * 1024)
        with self.assertRaisesMessage(ValidationError, "1 MB"):
            services.issue_respond(
                issue=self.issue,
                user=self.responsible,
                response="已整改",
                evidence=pdf(big),
            )
        self.issue.refresh_from_db()
        self.assertFalse(self.issue.evidence)

    def test_the_verifier_and_the_group_download_the_evidence_nobody_else(self):
        services.issue_respond(
            issue=self.issue,
            user=self.responsible,
            response="已补签",
            evidence=pdf(PLAIN, "回证.svg"),
        )
        url = reverse("peer_review_admin:issue_evidence", args=[self.issue.pk])
        for user, status in (
            (self.coordinator, 200),
            (self.responsible, 200),
            (self.outsider, 404),
        ):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                response = self.client.get(url)
                self.assertEqual(response.status_code, status)
                if status == 200:
                    self.assertEqual(b"".join(response.streaming_content), PLAIN)
                    self.assertEqual(response["Content-Type"], "application/pdf")
                    self.assertIn(".pdf", response["Content-Disposition"])
        self.client.force_login(WorkerFactory())
        self.assertNotEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.coordinator)
        form = self.client.get(
            reverse("peer_review_admin:issue_verify", args=[self.issue.pk])
        )
        self.assertContains(form, url)


def test_ledger_attachments_refuse_javascript_pdfs():
    validate_attachment(pdf(PLAIN))
    try:
        validate_attachment(pdf(OPEN_ACTION))
    except ValidationError as error:
        assert "JavaScript" in " ".join(error.messages)
    else:
        raise AssertionError("a PDF with JavaScript was accepted")


class PublicDocumentTests(TestCase):
    def test_a_wagtail_document_with_javascript_is_refused(self):
        from wagtail.documents import get_document_model
        from wagtail.models import Collection

        from accounts import roles
        from tests.accounts.factories import TrainerFactory

        if Collection.get_first_root_node() is None:  # a flushed, reused test db
            Collection.add_root(name="Root")
            roles.sync_roles()
        root = Collection.get_first_root_node()
        self.client.force_login(TrainerFactory())
        response = self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "安全须知",
                "file": pdf(OPEN_ACTION, "notice.pdf"),
                "collection": root.pk,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "JavaScript")
        self.assertFalse(get_document_model().objects.exists())
        response = self.client.post(
            reverse("wagtaildocs:add"),
            {
                "title": "安全须知",
                "file": pdf(PLAIN, "notice.pdf"),
                "collection": root.pk,
            },
        )
        self.assertEqual(get_document_model().objects.count(), 1)
