"""Every route of the project has a declared rule saying who may reach it.

``RULES`` maps a route prefix (as written in the URLconf, Wagtail admin included) to
its audience. A new route without a rule fails ``test_every_route_has_a_rule``: add a
line for it here (the longest matching prefix wins). The peer_review and ledger admin
routes are then requested as every role and must answer exactly as declared; an
enterprise user gets nothing from any case-file URL.
"""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from accounts import roles

PUBLIC = "public"  # anyone, signed in or not
LOGGED_IN = "logged_in"  # any signed-in user; the view narrows down further
ADMIN = "admin"  # Wagtail admin: staff roles; Wagtail's own permissions apply

OFFICER = roles.ENFORCEMENT_OFFICER
COORDINATOR = roles.REVIEW_COORDINATOR
TRAINER = roles.TRAINER
WORKER = roles.ENTERPRISE_WORKER
SYSADMIN = roles.SYSTEM_ADMIN


@dataclass(frozen=True)
class Rule:
    audience: str | frozenset  # PUBLIC, LOGGED_IN, ADMIN or a set of role names
    note: str = ""
    # Within the roles, only the object's owner gets it (others: 404).
    owner_only: bool = False
    # A form's target: GET is refused with 405 once the permission check passed.
    post_only: bool = False


def roles_(*names) -> frozenset:
    return frozenset(names)


RULES: dict[str, Rule] = {
    # foundation
    "admin/": Rule(ADMIN, "Wagtail admin; its own permission policies"),
    "documents/": Rule(PUBLIC, "Wagtail documents (public content only)"),
    "i18n/": Rule(PUBLIC, "language switch"),
    "accounts/login/": Rule(PUBLIC),
    "accounts/logout/": Rule(LOGGED_IN),
    "": Rule(PUBLIC, "Wagtail page serving; pages carry their own privacy"),
    "^static/": Rule(PUBLIC),
    "^media/": Rule(PUBLIC, "DEBUG only: public media, never case documents"),
    # courses
    "law/": Rule(PUBLIC, "regulation and article pages"),
    "search/": Rule(PUBLIC, "Chinese search over published explainers and courses"),
    "my/learning/": Rule(LOGGED_IN, "我的学习任务: the user's own tasks"),
    "courses/": Rule(LOGGED_IN, "POST: enroll, complete a lesson (for oneself)"),
    "admin/course_assignments/": Rule(ADMIN, "required study: trainers"),
    "admin/article_chooser/": Rule(ADMIN, "article chooser for page editors"),
    "admin/penalty_provision_chooser/": Rule(ADMIN),
    # ledger (普法台账)
    "pufa/": Rule(PUBLIC, "the published 普法责任清单 and its Excel file"),
    "my/study-hours/": Rule(LOGGED_IN, "the person's own study hours"),
    "my/": Rule(LOGGED_IN, "我的: the person's own hub"),
    "admin/pufa_": Rule(roles_(TRAINER, COORDINATOR), "ledger.view_activity"),
    "admin/pufa_import/": Rule(roles_(TRAINER), "ledger.add_activity"),
    "admin/pufa_enterprise_chooser/": Rule(ADMIN, "enterprise chooser for editors"),
    # quizzes
    "quizzes/attempts/": Rule(
        PUBLIC,
        "the attempt's owner only (a user, or the session for anonymous practice)",
        owner_only=True,
    ),
    "quizzes/<int:page_id>/start/": Rule(
        PUBLIC, "POST: start one's own attempt; the quiz's audience rules apply"
    ),
    "admin/quizzes/template.xlsx": Rule(roles_(TRAINER), "quizzes.add_question"),
    "quizzes/practice/article/": Rule(LOGGED_IN, "a practice paper for oneself"),
    "my/drills/": Rule(LOGGED_IN, "the person's own drills"),
    "my/wrong-book/": Rule(LOGGED_IN, "the person's own wrong-answer book"),
    "admin/quizzes/import/": Rule(roles_(TRAINER), "quizzes.add_question"),
    "admin/quizzes/export/": Rule(roles_(TRAINER, COORDINATOR)),
    "admin/quizzes/drills/": Rule(roles_(TRAINER, COORDINATOR), "coverage"),
    "admin/quizzes/questions/": Rule(roles_(TRAINER), "regrade"),
    "admin/snippets/quizzes/": Rule(roles_(TRAINER, COORDINATOR)),
    # peer_review (Wagtail admin views under /admin/peer-review/)
    "admin/peer-review/": Rule(roles_(OFFICER, COORDINATOR)),
    "admin/peer-review/reviews/": Rule(
        roles_(OFFICER, COORDINATOR), "the assigned reviewer only", owner_only=True
    ),
    "admin/peer-review/issues/<int:pk>/respond/": Rule(
        roles_(OFFICER), "members of the responsible group only", owner_only=True
    ),
    "admin/peer-review/rounds/": Rule(roles_(COORDINATOR)),
    "admin/peer-review/arbitrations/": Rule(roles_(COORDINATOR)),
    "admin/peer-review/issues/<int:pk>/verify/": Rule(roles_(COORDINATOR)),
    "admin/peer-review/issues/<int:pk>/evidence/": Rule(
        roles_(OFFICER, COORDINATOR),
        "rectification evidence: the verifier and the responsible group",
        owner_only=True,
    ),
    "admin/peer-review/drill-topics/": Rule(roles_(TRAINER, COORDINATOR)),
    "admin/peer-review/drill-topics/assign/": Rule(
        roles_(TRAINER, COORDINATOR), "POST: a drill for a group", post_only=True
    ),
    "admin/peer-review/template.xlsx": Rule(roles_(COORDINATOR)),
    "admin/peer-review/import/": Rule(roles_(COORDINATOR)),
    "admin/snippets/peer_review/": Rule(roles_(COORDINATOR)),
}


def walk(patterns, prefix=""):
    """Every route of the URLconf as (route text, pattern)."""
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            yield route, p


def rule_for(route: str) -> Rule | None:
    route = route.lstrip("^")
    matches = [k for k in RULES if route.startswith(k.lstrip("^"))]
    return RULES[max(matches, key=len)] if matches else None


def test_every_route_has_a_rule():
    missing = [r for r, _p in walk(get_resolver().url_patterns) if rule_for(r) is None]
    assert not missing, (
        "routes without an access rule in tests/test_url_access.py: "
        + (", ".join(missing))
    )


def test_rules_table_covers_the_case_file_routes_explicitly():
    from peer_review import admin_urls

    for p in admin_urls.urlpatterns:
        rule = rule_for("admin/peer-review/" + str(p.pattern))
        assert isinstance(rule.audience, frozenset), p
        assert WORKER not in rule.audience


# --- requests as each role ---------------------------------------------------------


@pytest.mark.django_db
class PeerReviewAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from demo import cases as casegen
        from demo.courses import seed_law_spine
        from peer_review import services
        from peer_review.catalogue import DocumentType, IssueCategory
        from peer_review.models import Arbitration
        from tests.accounts.factories import (
            CoordinatorFactory,
            OfficerFactory,
            TrainerFactory,
            UserFactory,
            WorkerFactory,
        )
        from tests.peer_review.factories import demo_groups, import_generated

        seed_law_spine()
        groups = demo_groups()
        cls.cases = import_generated(casegen.generate_year()[:6])
        cls.case = cls.cases[0]
        cls.users = {
            COORDINATOR: CoordinatorFactory(),
            TRAINER: TrainerFactory(),
            WORKER: WorkerFactory(),
            SYSADMIN: UserFactory(role=SYSADMIN),
        }
        cls.officers = [OfficerFactory(enforcement_group=g) for g in groups]
        rubric = services.rubric_ensure_defaults()[0]
        cls.round = services.round_create(
            name="访问测试批次",
            year=2025,
            quarter=1,
            rubric=rubric,
            deadline=timezone.now() + timedelta(days=3),
            created_by=cls.users[COORDINATOR],
            reviewers=cls.officers,
            reviewers_per_file=1,
            seed=1,
        )
        cls.assignment = cls.round.assignments.filter(case=cls.case).get()
        # The officer under test reviews this file and belongs to another group.
        cls.users[OFFICER] = cls.assignment.reviewer
        cls.document = services.document_upload(
            case=cls.case,
            doc_type=DocumentType.DECISION,
            upload=SimpleUploadedFile("d.pdf", b"%PDF-1.4 test", "application/pdf"),
            user=cls.users[COORDINATOR],
        )
        cls.issue = services.issue_log(
            case=cls.case,
            review_round=cls.round,
            category=IssueCategory.DOCUMENT_DEFECT,
            description="决定书缺少日期",
            deadline=timezone.localdate() + timedelta(days=10),
            user=cls.users[COORDINATOR],
        )
        responsible = next(
            o for o in cls.officers if o.enforcement_group_id == cls.case.group_id
        )
        services.issue_respond(
            issue=cls.issue,
            user=responsible,
            response="已补正日期",
            evidence=SimpleUploadedFile(
                "e.pdf", b"%PDF-1.4 evidence", "application/pdf"
            ),
        )
        cls.arbitration = Arbitration.objects.create(
            round=cls.round, case=cls.case, gap=20
        )

    def setUp(self):
        from django.conf import settings

        self.private = settings.PEER_REVIEW_PRIVATE_ROOT

    def urls(self):
        """Every peer_review route with real arguments."""
        from peer_review import admin_urls

        args = {
            "case_detail": [self.case.pk],
            "document_upload": [self.case.pk],
            "document_download": [self.document.pk],
            "review_form": [self.assignment.pk],
            "round_summary": [self.round.pk],
            "arbitrate": [self.arbitration.pk],
            "issue_respond": [self.issue.pk],
            "issue_verify": [self.issue.pk],
            "issue_evidence": [self.issue.pk],
        }
        from django.urls import reverse

        return [
            (
                "admin/peer-review/" + str(p.pattern),
                reverse(f"peer_review_admin:{p.name}", args=args.get(p.name, [])),
            )
            for p in admin_urls.urlpatterns
        ]

    def test_enterprise_user_gets_nothing_from_any_case_file_url(self):
        self.client.force_login(self.users[WORKER])
        urls = [u for _r, u in self.urls()] + [
            "/admin/snippets/peer_review/casefile/",
            f"/admin/snippets/peer_review/casefile/edit/{self.case.pk}/",
            f"/admin/snippets/peer_review/casefile/?q={self.case.number}",
            f"/admin/search/?q={self.case.number}",
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn(self.case.number.encode(), response.content)
                self.assertNotIn(b"%PDF", response.content)

    def test_each_role_reaches_exactly_the_routes_its_rule_allows(self):
        for role, user in self.users.items():
            self.client.force_login(user)
            for route, url in self.urls():
                rule = rule_for(route)
                allowed = role in rule.audience
                with self.subTest(role=role, url=url):
                    response = self.client.get(url)
                    if allowed and rule.owner_only:
                        self.assertIn(response.status_code, (200, 404))
                    elif allowed and rule.post_only:
                        self.assertEqual(response.status_code, 405)
                    elif allowed and not url.endswith("/upload/"):
                        self.assertEqual(response.status_code, 200)
                    elif not allowed:
                        self.assertIn(response.status_code, (302, 403, 404))

    def test_owners_reach_their_owner_only_routes(self):
        self.client.force_login(self.assignment.reviewer)
        url = f"/admin/peer-review/reviews/{self.assignment.pk}/"
        self.assertEqual(self.client.get(url).status_code, 200)
        member = next(
            o for o in self.officers if o.enforcement_group_id == self.case.group_id
        )
        self.client.force_login(member)
        url = f"/admin/peer-review/issues/{self.issue.pk}/respond/"
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_officer_of_another_group_without_assignment_cannot_open_the_file(self):
        outsider = next(
            o
            for o in self.officers
            if o.enforcement_group_id != self.case.group_id
            and o != self.assignment.reviewer
            and not self.case.assignments.filter(reviewer=o).exists()
        )
        self.client.force_login(outsider)
        for url in (
            f"/admin/peer-review/case-files/{self.case.pk}/",
            f"/admin/peer-review/documents/{self.document.pk}/",
            f"/admin/peer-review/reviews/{self.assignment.pk}/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_blind_round_hides_group_and_officers_from_the_reviewer(self):
        self.client.force_login(self.assignment.reviewer)
        response = self.client.get(f"/admin/peer-review/reviews/{self.assignment.pk}/")
        officer = self.case.officers.first()
        self.assertContains(response, self.case.number)
        self.assertNotContains(response, officer.name)
        self.assertNotContains(response, officer.certificate_number)

    def test_document_is_served_to_the_coordinator_as_an_attachment(self):
        self.client.force_login(self.users[COORDINATOR])
        response = self.client.get(f"/admin/peer-review/documents/{self.document.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertEqual(b"".join(response.streaming_content), b"%PDF-1.4 test")


@pytest.mark.django_db
class LedgerAdminAccessTests(TestCase):
    """The ledger's own admin screens answer each role as its rule declares."""

    ROUTES = (
        ("admin/pufa_study_hours/", "/admin/pufa_study_hours/"),
        ("admin/pufa_enterprises/", "/admin/pufa_enterprises/"),
        ("admin/pufa_import/", "/admin/pufa_import/"),
        ("admin/pufa_import/template/", "/admin/pufa_import/template/"),
        ("admin/pufa_activities/", "/admin/pufa_activities/"),
    )

    @classmethod
    def setUpTestData(cls):
        from tests.accounts.factories import (
            CoordinatorFactory,
            OfficerFactory,
            TrainerFactory,
            UserFactory,
            WorkerFactory,
        )

        cls.users = {
            COORDINATOR: CoordinatorFactory(),
            TRAINER: TrainerFactory(),
            OFFICER: OfficerFactory(),
            WORKER: WorkerFactory(),
            SYSADMIN: UserFactory(role=SYSADMIN),
        }

    def test_each_role_reaches_exactly_the_ledger_screens_its_rule_allows(self):
        for role, user in self.users.items():
            self.client.force_login(user)
            for route, url in self.ROUTES:
                allowed = role in rule_for(route).audience
                with self.subTest(role=role, url=url):
                    status = self.client.get(url).status_code
                    if allowed:
                        self.assertEqual(status, 200)
                    else:
                        self.assertIn(status, (302, 403, 404))

    def test_the_menu_shows_the_import_entry_only_to_trainers(self):
        self.client.force_login(self.users[COORDINATOR])
        coordinator_menu = self.client.get("/admin/").content
        self.client.force_login(self.users[TRAINER])
        trainer_menu = self.client.get("/admin/").content
        self.assertIn(b"/admin/pufa_study_hours/", coordinator_menu)
        self.assertNotIn(b"/admin/pufa_import/", coordinator_menu)
        self.assertIn(b"/admin/pufa_import/", trainer_menu)


@pytest.mark.django_db
class CaseFileSnippetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from demo import cases as casegen
        from demo.courses import seed_law_spine
        from tests.accounts.factories import CoordinatorFactory
        from tests.peer_review.factories import demo_groups, import_generated

        seed_law_spine()
        demo_groups()
        cls.case = import_generated(casegen.generate_year()[:2])[1]
        cls.coordinator = CoordinatorFactory()

    def test_coordinator_opens_the_case_file_forms_with_checklist_ticks(self):
        self.client.force_login(self.coordinator)
        url = f"/admin/snippets/peer_review/casefile/edit/{self.case.pk}/"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'type="checkbox" name="checklist"')
        add = self.client.get("/admin/snippets/peer_review/casefile/add/")
        self.assertEqual(add.status_code, 200)

    def test_saving_a_case_file_refreshes_its_findings(self):
        from peer_review.catalogue import DocumentType
        from peer_review.models import CaseFile
        from peer_review.wagtail_hooks import recheck_case_file

        case = CaseFile.objects.get(pk=self.case.pk)
        self.assertIn("DOC_MISSING", {f["code"] for f in case.findings})
        case.checklist = [*case.checklist, DocumentType.SERVICE_RECEIPT]
        case.save()
        recheck_case_file(None, case)
        case.refresh_from_db()
        self.assertEqual(case.findings, [])
