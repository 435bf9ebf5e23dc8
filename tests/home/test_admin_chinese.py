"""The bureau's admin speaks Chinese to every role, under its own name.

One class loads the demo (without last year's history) once; each role then walks
the admin from its home page through the menu and the links it finds, and every
page must show no English word and no raw code.
"""

from __future__ import annotations

import re
from collections import Counter

from django.test import TestCase

from accounts.models import User
from demo.management.commands.seed_demo import PARTS
from tests.home.english import english_words, links

ROLES = ("trainer", "coordinator", "officer1", "sysadmin")
SKIP = re.compile(
    r"logout|delete|unpublish|/revert|/copy/|/move/|export|\.xlsx|\.pdf|\.img|\.json|"
    r"download|/lock/|/unlock/|/workflow/|/usage/|/preview|retire|disable|/reset|"
    r"template|/console/\d+/\w+/$|/documents/\d+/$|/respond/|/verify/|/bulk/|"
    r"/impersonate|/cancel|/history/"
)
MAX_PAGES = 110
PER_SHAPE = 2


def _shape(url: str) -> str:
    return re.sub(r"\d+", "N", url)


class AdminSpeaksChineseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        for name, seed in PARTS.items():
            if name != "last_year":
                seed(log=lambda message: None, size="small")

    def walk(self, username: str) -> dict[str, list[str]]:
        self.client.force_login(User.objects.get(username=username))
        allowed = set(User.objects.values_list("username", flat=True)) | {"localhost"}
        seen, shapes, queue, found = set(), Counter(), ["/admin/"], {}
        while queue and len(seen) < MAX_PAGES:
            url = queue.pop(0)
            if url in seen or shapes[_shape(url)] >= PER_SHAPE:
                continue
            seen.add(url)
            shapes[_shape(url)] += 1
            response = self.client.get(url)
            self.assertLess(response.status_code, 500, url)
            if response.status_code != 200 or "html" not in response["Content-Type"]:
                continue
            html = response.content.decode()
            if words := english_words(html, allowed):
                found[url] = sorted(set(words))[:8]
            queue += [
                link.split("#")[0]
                for link in links(html)
                if link.startswith("/admin/")
                and "?" not in link
                and not SKIP.search(link)
            ]
        self.assertGreater(len(seen), 5, f"{username} reached almost no page")
        return found

    def test_no_english_or_raw_code_on_any_page_a_role_uses(self):
        for username in ROLES:
            with self.subTest(username):
                self.maxDiff = None
                self.assertEqual(self.walk(username), {})

    def test_the_admin_carries_the_bureau_name_not_wagtail(self):
        self.client.force_login(User.objects.get(username="trainer"))
        html = self.client.get("/admin/").content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
        self.assertTrue(title.endswith("安全生产法治培训平台"), title)
        self.assertNotIn("Wagtail", title)
        self.assertIn("img/bureau-logo.svg", html)
        self.assertFalse(re.search(r"https?://[a-z.]*wagtail\.org", html), "links")
        self.assertIn("/admin/help/", html)
        # The 设置 menu (a 系统管理员's) does not end with "Wagtail v8.0.1".
        self.client.force_login(User.objects.get(username="sysadmin"))
        html = self.client.get("/admin/").content.decode()
        self.assertIn('"name": "settings"', html)
        self.assertNotIn("Wagtail v", html)
        self.assertNotIn('"footer_text": "Wagtail', html)
        self.assertContains(self.client.get("/admin/help/"), "使用说明")

    def test_a_role_group_page_warns_that_deploys_reset_hand_made_changes(self):
        from django.contrib.auth.models import Group

        # Role groups are edited by a superuser only (the 系统管理员 is sent back).
        superuser = User.objects.filter(
            is_superuser=True
        ).first() or User.objects.create_superuser("root-test", password="x")
        self.client.force_login(superuser)
        role = Group.objects.get(name="培训管理员")
        response = self.client.get(f"/admin/groups/edit/{role.pk}/")
        self.assertContains(response, "每次部署都会重新设置")
        other = Group.objects.create(name="临时小组")
        response = self.client.get(f"/admin/groups/edit/{other.pk}/")
        self.assertNotContains(response, "每次部署都会重新设置")

    def test_the_home_page_shows_each_roles_work_panels(self):
        expected = {
            "officer1": ["我的评查任务", "未完成练兵"],
            "coordinator": ["逾期整改", "未完成练兵"],
            "trainer": ["今日直播", "未完成练兵"],
        }
        for username, headings in expected.items():
            with self.subTest(username):
                self.client.force_login(User.objects.get(username=username))
                response = self.client.get("/admin/")
                for heading in headings:
                    self.assertContains(response, heading)
