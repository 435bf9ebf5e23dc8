from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Revision

from accounts import roles
from accounts.demo import DEMO_PASSWORD, PEOPLE
from accounts.models import EnforcementGroup, Enterprise, User


def snapshot() -> dict:
    """Everything seed_demo writes, in a comparable form."""
    return {
        "users": sorted(
            User.objects.values_list(
                "username",
                "name",
                "enforcement_group__name",
                "enterprise__name",
                "post_category",
                "certificate_number",
            )
        ),
        "memberships": sorted(
            User.groups.through.objects.values_list("user__username", "group__name")
        ),
        "groups": sorted(EnforcementGroup.objects.values_list("name", "sort_order")),
        "enterprises": sorted(
            Enterprise.objects.values_list(
                "credit_code", "name", "industry", "risk_tier"
            )
        ),
        "revisions": Revision.objects.count(),
        "role_groups": Group.objects.count(),
    }


class SeedDemoTests(TestCase):
    """seed_demo runs every module's seeder: slow, so it runs once for the class."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())
        cls.first = snapshot()

    def test_running_twice_leaves_the_same_data(self):
        call_command("seed_demo", stdout=StringIO())
        self.assertEqual(snapshot(), self.first)
        self.assertGreater(len(self.first["users"]), len(roles.ROLES))

    def test_every_role_has_a_demo_login(self):
        seeded_roles = {role for _u, _n, role, *_ in PEOPLE}
        self.assertEqual(seeded_roles, set(roles.ROLES))
        for username, _name, role, *_ in PEOPLE:
            with self.subTest(username=username):
                user = User.objects.get(username=username)
                self.assertTrue(user.check_password(DEMO_PASSWORD))
                self.assertEqual(
                    list(user.groups.values_list("name", flat=True)), [role]
                )

    def test_demo_people_pass_model_validation(self):
        for user in User.objects.all():
            user.full_clean()
        for enterprise in Enterprise.objects.all():
            enterprise.full_clean()
