"""Permission names are stored in Chinese after migrate (the group screen shows them)."""

from django.contrib.auth.models import Permission
from django.test import TestCase

from accounts.permission_names import translate_permission_names


class PermissionNamesTests(TestCase):
    def test_default_and_custom_permissions_read_in_chinese(self):
        add = Permission.objects.get(codename="add_casefile")
        verify = Permission.objects.get(codename="verify_issue")
        self.assertEqual(add.name, "可添加执法案卷")
        self.assertEqual(verify.name, "可复查整改并销号")

    def test_a_name_reset_by_hand_is_translated_again(self):
        Permission.objects.filter(codename="add_casefile").update(
            name="Can add case file"
        )
        self.assertGreaterEqual(translate_permission_names(), 1)
        self.assertEqual(
            Permission.objects.get(codename="add_casefile").name, "可添加执法案卷"
        )
