"""Workflow actions that cannot half-happen (issue 16.1).

A coordinator who presses 带评论批准 twice, or two coordinators approving at once,
must leave the page published with its workflow approved, and never see a 500.
"""

import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client, TransactionTestCase
from django.urls import reverse
from wagtail.models import Page, WorkflowState
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from demo.courses import seed_law_spine
from tests.accounts.factories import CoordinatorFactory, TrainerFactory
from tests.conftest import require_service
from tests.courses.factories import explainer, regulation_index


def _submit_for_review(page, user):
    revision = page.save_revision(user=user)
    return page.get_workflow().start(page, user), revision


def _edit_approve_data(page):
    """What the edit page posts for 批准 with a comment (Wagtail's modal + form)."""
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary or "",
            "tags": "",
            "regulation": page.regulation_id or "",
            "body": streamfield(
                [
                    (
                        "key_points",
                        {"heading": "要点", "body": rich_text("<p>双报告</p>")},
                    )
                ]
            ),
            "comments": inline_formset([]),
        }
    ) | {
        "action-workflow-action": "true",
        "workflow-action-name": "approve",
        "workflow-action-extra-data": '{"comment": "法制审核通过"}',
    }


class RepeatedApprovalTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        seed_law_spine()
        cls.index = regulation_index()
        cls.trainer = TrainerFactory()
        cls.coordinator = CoordinatorFactory()

    def setUp(self):
        self.page = explainer(self.index, slug="art-41-review", title="第四十一条解读")
        self.page.unpublish()
        self.state, _revision = _submit_for_review(self.page, self.trainer)
        self.client.force_login(self.coordinator)

    def test_second_approval_from_the_edit_page_is_harmless(self):
        url = reverse("wagtailadmin_pages:edit", args=(self.page.pk,))
        first = self.client.post(url, _edit_approve_data(self.page))
        self.assertEqual(first.status_code, 302)
        second = self.client.post(url, _edit_approve_data(self.page))
        self.assertEqual(second.status_code, 302)
        self.assertTrue(Page.objects.get(pk=self.page.pk).live)
        self.state.refresh_from_db()
        self.assertEqual(self.state.status, WorkflowState.STATUS_APPROVED)
        page = Page.objects.get(pk=self.page.pk)
        self.assertFalse(page.has_unpublished_changes)
        messages = [str(m) for m in second.wsgi_request._messages]
        self.assertTrue(any("已经处理" in m for m in messages), messages)

    def test_second_approval_through_the_action_modal_is_harmless(self):
        task_state = self.state.current_task_state
        url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=(self.page.pk, "approve", task_state.pk),
        )
        xhr = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
        first = self.client.post(url, {"comment": "通过"}, **xhr)
        self.assertEqual(first.status_code, 200)
        second = self.client.post(url, {"comment": "通过"}, **xhr)
        self.assertEqual(second.status_code, 200)
        self.assertEqual(second.json()["step"], "success")
        self.assertTrue(Page.objects.get(pk=self.page.pk).live)

    def test_the_approvers_home_lists_it_under_awaiting_review(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "待审核")
        self.assertNotContains(response, "等待你的审查")
        self.assertContains(response, "第四十一条解读")

    def test_a_trainer_still_cannot_approve(self):
        self.client.force_login(self.trainer)
        url = reverse("wagtailadmin_pages:edit", args=(self.page.pk,))
        self.client.post(url, _edit_approve_data(self.page))
        self.assertFalse(Page.objects.get(pk=self.page.pk).live)

    def test_pages_not_under_review_edit_as_before(self):
        other = explainer(self.index, slug="art-42", title="第四十二条解读")
        url = reverse("wagtailadmin_pages:edit", args=(other.pk,))
        self.assertEqual(self.client.get(url).status_code, 200)


@pytest.mark.postgres
class ConcurrentApprovalTests(TransactionTestCase):
    """Two approvals at the same instant: exactly one applies, none fails."""

    serialized_rollback = True  # the suite's convention: keep the migrated data

    def test_concurrent_approvals_publish_once(self):
        require_service(
            connection.vendor == "postgresql",
            "PostgreSQL not in use: run with DATABASE_URL=postgres://… (as .ci/run does)",
        )
        seed_law_spine()
        index = regulation_index()
        trainer, coordinator = TrainerFactory(), CoordinatorFactory()
        page = explainer(index, slug="art-43-review", title="第四十三条解读")
        page.unpublish()
        state, _revision = _submit_for_review(page, trainer)
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        data = _edit_approve_data(page)
        barrier = threading.Barrier(4)
        statuses = []

        def approve():
            client = Client()
            client.force_login(coordinator)
            barrier.wait()
            try:
                statuses.append(client.post(url, data).status_code)
            finally:
                close_old_connections()

        threads = [threading.Thread(target=approve) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert statuses == [302] * 4
        assert Page.objects.get(pk=page.pk).live
        state.refresh_from_db()
        assert state.status == WorkflowState.STATUS_APPROVED
        assert not Page.objects.get(pk=page.pk).has_unpublished_changes
