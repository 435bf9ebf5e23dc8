"""Escalation (issue 13): only superusers grant superuser status or roles ranked above
the granter's own, and every grant or revoke is logged with who, whom and what."""

from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from django.urls import reverse
from wagtail.models import GroupPagePermission, ModelLogEntry, Page

from accounts import audit, grants, roles
from accounts.models import User
from tests.accounts.factories import CoordinatorFactory, OfficerFactory, UserFactory

PASSWORD = "Vy7-long-enough-pass"


def user_form(username, *, groups=(), **extra):
    data = {
        "username": username,
        "email": f"{username}@example.cn",
        "first_name": "三",
        "last_name": "张",
        "name": "张三",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "groups": [g.pk for g in groups],
    }
    data.update(extra)
    return data


def role(name):
    return Group.objects.get(name=name)


class RoleOrderTests(TestCase):
    def test_every_role_has_a_rank_and_the_coordinator_outranks_the_sysadmin(self):
        self.assertEqual(set(roles.ROLE_ORDER), set(roles.ROLES))
        self.assertGreater(
            roles.ROLE_RANK[roles.REVIEW_COORDINATOR],
            roles.ROLE_RANK[roles.SYSTEM_ADMIN],
        )


class SystemAdministratorLimitsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.sysadmin = UserFactory(username="sysadmin", role=roles.SYSTEM_ADMIN)
        cls.root = UserFactory(username="root", is_superuser=True, is_staff=True)
        cls.coordinator = CoordinatorFactory(username="coord")
        cls.officer = OfficerFactory(username="off")

    def setUp(self):
        self.client.force_login(self.sysadmin)

    def test_cannot_create_a_superuser(self):
        response = self.client.post(
            reverse("wagtailusers_users:add"), user_form("mole", is_superuser="on")
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(User.objects.get(username="mole").is_superuser)
        page = self.client.get(reverse("wagtailusers_users:add")).content.decode()
        self.assertRegex(page, r'name="is_superuser"[^>]*disabled')

    def test_cannot_create_a_coordinator(self):
        response = self.client.post(
            reverse("wagtailusers_users:add"),
            user_form("mole", groups=[role(roles.REVIEW_COORDINATOR)]),
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(User.objects.filter(username="mole").exists())
        self.assertContains(response, "超级管理员")

    def test_still_creates_officers_and_other_system_administrators(self):
        for name, group in (
            ("newofficer", roles.ENFORCEMENT_OFFICER),
            ("newadmin", roles.SYSTEM_ADMIN),
        ):
            with self.subTest(group=group):
                response = self.client.post(
                    reverse("wagtailusers_users:add"),
                    user_form(name, groups=[role(group)]),
                )
                self.assertEqual(response.status_code, 302)
                self.assertTrue(User.objects.get(username=name).has_role(group))

    def test_cannot_reset_the_superusers_password_or_edit_the_account(self):
        response = self.client.post(
            reverse("wagtailusers_users:edit", args=[self.root.pk]),
            user_form("root", email="mine@example.cn", is_superuser="on"),
        )
        self.assertRedirects(
            response, reverse("wagtailusers_users:index"), fetch_redirect_response=False
        )
        self.root.refresh_from_db()
        self.assertTrue(self.root.check_password("pw-for-tests"))
        self.assertNotEqual(self.root.email, "mine@example.cn")
        self.assertRedirects(
            self.client.get(reverse("wagtailusers_users:edit", args=[self.root.pk])),
            reverse("wagtailusers_users:index"),
            fetch_redirect_response=False,
        )

    def test_cannot_reset_a_coordinators_password(self):
        self.client.post(
            reverse("wagtailusers_users:edit", args=[self.coordinator.pk]),
            user_form("coord", groups=[role(roles.REVIEW_COORDINATOR)]),
        )
        self.coordinator.refresh_from_db()
        self.assertTrue(self.coordinator.check_password("pw-for-tests"))

    def test_cannot_delete_or_deactivate_a_superuser(self):
        self.client.post(reverse("wagtailusers_users:delete", args=[self.root.pk]))
        self.assertTrue(User.objects.filter(pk=self.root.pk).exists())
        self.client.post(
            f"/admin/bulk/accounts/user/set_active_state/?id={self.root.pk}",
            {"mark_as_active": "False"},
        )
        self.root.refresh_from_db()
        self.assertTrue(self.root.is_active)

    def test_can_still_reset_an_officers_password(self):
        response = self.client.post(
            reverse("wagtailusers_users:edit", args=[self.officer.pk]),
            user_form(
                "off",
                groups=[role(roles.ENFORCEMENT_OFFICER)],
                enforcement_group=self.officer.enforcement_group_id,
                certificate_number=self.officer.certificate_number,
            ),
        )
        self.assertEqual(response.status_code, 302)
        self.officer.refresh_from_db()
        self.assertTrue(self.officer.check_password(PASSWORD))

    def test_cannot_add_itself_to_the_coordinators(self):
        self.client.post(
            reverse("wagtailusers_users:edit", args=[self.sysadmin.pk]),
            user_form(
                "sysadmin",
                groups=[role(roles.SYSTEM_ADMIN), role(roles.REVIEW_COORDINATOR)],
            ),
        )
        self.assertFalse(
            self.sysadmin.groups.filter(name=roles.REVIEW_COORDINATOR).exists()
        )
        self.client.post(
            f"/admin/bulk/accounts/user/assign_role/?id={self.sysadmin.pk}",
            {"role": role(roles.REVIEW_COORDINATOR).pk},
        )
        self.assertFalse(
            self.sysadmin.groups.filter(name=roles.REVIEW_COORDINATOR).exists()
        )

    def test_bulk_assign_refuses_a_role_above_its_own(self):
        response = self.client.post(
            f"/admin/bulk/accounts/user/assign_role/?id={self.officer.pk}",
            {"role": role(roles.REVIEW_COORDINATOR).pk},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(
            self.officer.groups.filter(name=roles.REVIEW_COORDINATOR).exists()
        )

    def test_cannot_give_its_own_role_group_the_case_files(self):
        group = role(roles.SYSTEM_ADMIN)
        view_casefile = Permission.objects.get(codename="change_casefile")
        response = self.client.post(
            reverse("wagtailusers_groups:edit", args=[group.pk]),
            {"name": group.name, "permissions": [view_casefile.pk], **empty_panels()},
            follow=True,
        )
        self.assertContains(response, "只有超级管理员可以在此修改角色组")
        self.assertFalse(group.permissions.filter(pk=view_casefile.pk).exists())

    def test_a_role_group_says_deploys_reset_it_in_words_not_file_names(self):
        group = role(roles.TRAINER)
        response = self.client.get(
            reverse("wagtailusers_groups:edit", args=[group.pk]), follow=True
        )
        self.assertContains(response, "下次部署时会恢复原状")
        self.assertNotContains(response, "roles.py")

    def test_cannot_make_a_group_with_permissions_it_lacks(self):
        view_casefile = Permission.objects.get(codename="change_casefile")
        offered = self.client.get(reverse("wagtailusers_groups:add"))
        self.assertContains(offered, f'value="{view_casefile.pk}"')
        response = self.client.post(
            reverse("wagtailusers_groups:add"),
            {
                "name": "后门",
                "permissions": [view_casefile.pk],
                **empty_panels(),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Group.objects.filter(name="后门").exists())
        self.assertContains(response, "只能把您自己拥有的权限")

    def test_cannot_give_a_group_page_permissions(self):
        root = Page.objects.get(depth=1)
        data = {"name": "后门", **empty_panels()}
        data.update(
            {
                "page_permissions-TOTAL_FORMS": "1",
                "page_permissions-0-page": root.pk,
                "page_permissions-0-permissions": ["publish_page"],
            }
        )
        response = self.client.post(reverse("wagtailusers_groups:add"), data)
        self.assertContains(response, "页面和集合权限只有超级管理员可以授予")
        self.assertFalse(
            GroupPagePermission.objects.filter(group__name="后门").exists()
        )

    def test_can_make_a_group_with_permissions_it_holds(self):
        redirects = Permission.objects.get(codename="change_redirect")
        response = self.client.post(
            reverse("wagtailusers_groups:add"),
            {"name": "重定向维护", "permissions": [redirects.pk], **empty_panels()},
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(
            Group.objects.get(name="重定向维护").permissions.filter(pk=redirects.pk)
        )
        self.assertTrue(grants.can_grant_group(self.sysadmin, role(roles.TRAINER)))

    def test_after_every_attempt_the_case_files_stay_out_of_reach(self):
        self.test_cannot_add_itself_to_the_coordinators()
        self.test_cannot_give_its_own_role_group_the_case_files()
        sysadmin = User.objects.get(pk=self.sysadmin.pk)
        self.assertFalse(sysadmin.has_perm("peer_review.view_casefile"))
        self.assertNotEqual(
            self.client.get("/admin/snippets/peer_review/casefile/").status_code, 200
        )


def empty_panels():
    return {
        f"{prefix}-{key}": value
        for prefix in (
            "page_permissions",
            "collection_permissions",
            "image_permissions",
            "document_permissions",
        )
        for key, value in (
            ("TOTAL_FORMS", "0"),
            ("INITIAL_FORMS", "0"),
            ("MIN_NUM_FORMS", "0"),
            ("MAX_NUM_FORMS", "1000"),
        )
    }


class SuperuserGrantsAndLogTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = UserFactory(username="root", is_superuser=True, is_staff=True)
        cls.sysadmin = UserFactory(username="sysadmin", role=roles.SYSTEM_ADMIN)

    def test_superuser_creates_a_superuser_and_the_log_says_who_whom_what(self):
        self.client.force_login(self.root)
        self.client.post(
            reverse("wagtailusers_users:add"),
            user_form(
                "second", is_superuser="on", groups=[role(roles.REVIEW_COORDINATOR)]
            ),
        )
        second = User.objects.get(username="second")
        self.assertTrue(second.is_superuser)
        entries = ModelLogEntry.objects.filter(object_id=str(second.pk))
        actions = {(e.action, e.data.get("role", ""), e.user_id) for e in entries}
        self.assertIn((audit.GRANT_SUPERUSER, "", self.root.pk), actions)
        self.assertIn(
            (audit.GRANT_ROLE, roles.REVIEW_COORDINATOR, self.root.pk), actions
        )

    def test_revokes_and_bulk_grants_are_logged_too(self):
        officer = OfficerFactory(username="off")
        self.client.force_login(self.sysadmin)
        self.client.post(
            f"/admin/bulk/accounts/user/assign_role/?id={officer.pk}",
            {"role": role(roles.TRAINER).pk},
        )
        self.assertTrue(officer.groups.filter(name=roles.TRAINER).exists())
        self.client.force_login(self.root)
        officer.is_superuser = True
        officer.save()
        officer.is_superuser = False
        officer.save()
        officer.groups.clear()
        entries = ModelLogEntry.objects.filter(object_id=str(officer.pk))
        seen = [(e.action, e.data.get("role", "")) for e in entries.order_by("pk")]
        self.assertIn((audit.GRANT_ROLE, roles.TRAINER), seen)
        self.assertEqual(
            entries.get(action=audit.GRANT_ROLE, data__role=roles.TRAINER).user_id,
            self.sysadmin.pk,
        )
        self.assertIn((audit.GRANT_SUPERUSER, ""), seen)
        self.assertIn((audit.REVOKE_SUPERUSER, ""), seen)
        self.assertIn((audit.REVOKE_ROLE, roles.ENFORCEMENT_OFFICER), seen)
        self.assertIn((audit.REVOKE_ROLE, roles.TRAINER), seen)

    def test_the_grants_show_in_the_accounts_history(self):
        officer = OfficerFactory(username="off")
        self.client.force_login(self.root)
        response = self.client.get(
            reverse("wagtailusers_users:history", args=[officer.pk])
        )
        self.assertContains(response, roles.ENFORCEMENT_OFFICER)
