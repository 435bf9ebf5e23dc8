from django.contrib.auth.models import Group, Permission
from django.test import TestCase
from wagtail.models import GroupPagePermission, Page

from accounts import roles
from tests.accounts.factories import (
    CoordinatorFactory,
    OfficerFactory,
    TrainerFactory,
    UserFactory,
    WorkerFactory,
)


def perm_names(group: Group) -> set[str]:
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


class RoleGroupsTests(TestCase):
    def test_every_role_exists_as_a_group(self):
        self.assertEqual(
            set(Group.objects.values_list("name", flat=True)) & set(roles.ROLES),
            set(roles.ROLES),
        )

    def test_wagtail_demo_groups_are_replaced(self):
        self.assertFalse(
            Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
        )

    def test_each_role_holds_exactly_its_permissions(self):
        spec = roles.role_permission_spec()
        for role in roles.ROLES:
            with self.subTest(role=role):
                self.assertEqual(perm_names(Group.objects.get(name=role)), spec[role])

    def test_every_declared_permission_exists(self):
        # A typo in a role spec would otherwise be skipped silently.
        for role, names in roles.role_permission_spec().items():
            for name in names:
                app_label, codename = name.split(".")
                with self.subTest(role=role, permission=name):
                    self.assertTrue(
                        Permission.objects.filter(
                            content_type__app_label=app_label, codename=codename
                        ).exists()
                    )

    def test_enterprise_workers_hold_no_permission_at_all(self):
        group = Group.objects.get(name=roles.ENTERPRISE_WORKER)
        self.assertEqual(group.permissions.count(), 0)
        self.assertFalse(GroupPagePermission.objects.filter(group=group).exists())

    def test_sync_removes_a_permission_granted_by_hand(self):
        group = Group.objects.get(name=roles.ENFORCEMENT_OFFICER)
        group.permissions.add(Permission.objects.get(codename="delete_user"))
        roles.sync_roles()
        self.assertNotIn("accounts.delete_user", perm_names(group))


class RolePermissionsInPracticeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.worker = WorkerFactory()
        cls.officer = OfficerFactory()
        cls.trainer = TrainerFactory()
        cls.coordinator = CoordinatorFactory()
        cls.sysadmin = UserFactory(role=roles.SYSTEM_ADMIN)
        cls.home = Page.objects.get(depth=2).specific

    def test_enterprise_worker_cannot_enter_the_admin(self):
        self.client.force_login(self.worker)
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(self.worker.has_perm("wagtailadmin.access_admin"))

    def test_staff_roles_enter_the_admin(self):
        for user in (self.officer, self.trainer, self.coordinator, self.sysadmin):
            with self.subTest(user=user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get("/admin/").status_code, 200)

    def test_trainer_edits_pages_but_publishes_only_through_moderation(self):
        perms = self.home.permissions_for_user(self.trainer)
        self.assertTrue(perms.can_edit())
        self.assertFalse(perms.can_publish())

    def test_coordinator_approves_and_publishes(self):
        self.assertTrue(self.home.permissions_for_user(self.coordinator).can_publish())

    def test_officer_cannot_edit_pages_or_people(self):
        self.assertFalse(self.home.permissions_for_user(self.officer).can_edit())
        self.assertFalse(self.officer.has_perm("accounts.change_user"))
        self.assertFalse(self.officer.has_perm("accounts.change_enterprise"))

    def test_only_the_system_administrator_manages_users(self):
        self.assertTrue(self.sysadmin.has_perm("accounts.change_user"))
        for user in (self.trainer, self.coordinator, self.officer, self.worker):
            with self.subTest(user=user.username):
                self.assertFalse(user.has_perm("accounts.add_user"))
