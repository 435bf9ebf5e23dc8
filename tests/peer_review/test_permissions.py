"""Every screen of the review workflow is gated by a permission that some role holds
(declared in PeerReviewConfig.role_permissions), never by a role name."""

import inspect

from django.apps import apps
from django.contrib.auth.models import Permission
from django.test import TestCase

from accounts import roles
from peer_review import admin_urls, views, wagtail_hooks


class GatingTests(TestCase):
    def test_every_admin_view_requires_a_permission_some_role_holds(self):
        spec = roles.role_permission_spec()
        held = set().union(*spec.values())
        for pattern in admin_urls.urlpatterns:
            required = getattr(pattern.callback, "required_permissions", None)
            self.assertIsNotNone(required, pattern.name)
            self.assertIn(required, held, pattern.name)
            app_label, codename = required.split(".")
            self.assertTrue(
                Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).exists(),
                required,
            )

    def test_views_and_menu_never_name_a_role(self):
        for module in (views, wagtail_hooks):
            source = inspect.getsource(module)
            self.assertNotIn("has_role", source)
            self.assertNotIn("roles.", source)

    def test_roles_hold_the_workflow_permissions(self):
        spec = apps.get_app_config("peer_review").role_permissions
        officer = spec[roles.ENFORCEMENT_OFFICER]
        self.assertIn("peer_review.score_assigned", officer)
        self.assertIn("peer_review.respond_issue", officer)
        self.assertNotIn("peer_review.verify_issue", officer)
        self.assertNotIn("peer_review.view_casefile", officer)
        self.assertEqual(spec[roles.TRAINER], {"peer_review.assign_drill"})
        coordinator = spec[roles.REVIEW_COORDINATOR]
        for permission in (
            "peer_review.verify_issue",
            "peer_review.add_reviewround",
            "peer_review.change_arbitration",
            "peer_review.assign_drill",
        ):
            self.assertIn(permission, coordinator)
