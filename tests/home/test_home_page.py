from django.conf import settings
from django.test import TestCase
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from home.services import home_section_ensure
from tests.accounts.factories import CoordinatorFactory, OfficerFactory, WorkerFactory


class HomePageTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        home_section_ensure(title="法规解读", summary="逐条学习", url="/fagui/")
        home_section_ensure(title="管理后台", url="/admin/", staff_only=True)

    def test_is_the_site_root(self):
        home = HomePage.objects.get()
        self.assertEqual(home.get_site().root_page.specific, home)
        self.assertPageIsRoutable(home)

    def test_renders_in_chinese_by_default(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="zh-hans">')
        self.assertContains(response, "安全生产法治培训平台")
        self.assertContains(response, "登录")
        self.assertContains(response, "法规解读")

    def test_renders_in_english_after_switching(self):
        response = self.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        self.assertEqual(response.status_code, 302)
        response = self.client.get("/")
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "Work Safety Law Training Platform")
        self.assertContains(response, "Log in")
        self.assertNotContains(response, "登录")

    def test_english_browser_switches_back_to_chinese(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
        self.assertContains(self.client.get("/"), "登录")

    def test_staff_only_sections_are_hidden_from_visitors_and_workers(self):
        self.assertNotContains(self.client.get("/"), "管理后台")
        self.client.force_login(WorkerFactory())
        self.assertNotContains(self.client.get("/"), 'href="/admin/"')

    def test_staff_see_staff_only_sections(self):
        self.client.force_login(OfficerFactory())
        self.assertContains(self.client.get("/"), 'href="/admin/"')


class HomeSectionEnsureTests(TestCase):
    def test_updates_a_section_in_place_and_publishes_only_on_change(self):
        home_section_ensure(title="直播课堂", url="/live/")
        home = home_section_ensure(title="直播课堂", url="/live/")
        revisions = home.revisions.count()
        home = home_section_ensure(title="直播课堂", url="/live/new/")
        titles = [block.value["title"] for block in home.sections]
        self.assertEqual(titles.count("直播课堂"), 1)
        self.assertEqual(home.revisions.count(), revisions + 1)
        self.assertEqual(HomePage.objects.get().sections[-1].value["url"], "/live/new/")


class AdminInChineseTests(TestCase):
    def test_admin_dashboard_is_in_chinese_without_gravatar(self):
        self.client.force_login(OfficerFactory())
        response = self.client.get("/admin/")
        self.assertContains(response, 'lang="zh-hans"')
        self.assertNotContains(response, "gravatar.com")


class WagtailGapTranslationTests(TestCase):
    """Strings Wagtail's own zh_Hans catalogue leaves untranslated come from
    locale_wagtail/ and reach users in Chinese."""

    def test_gap_strings_are_translated(self):
        from django.utils import translation

        with translation.override("zh-hans"):
            self.assertEqual(translation.gettext("Date updated"), "更新日期")
            self.assertEqual(translation.gettext("admin theme"), "管理后台主题")
            self.assertEqual(translation.gettext("Invalid schedule"), "无效的发布计划")

    def test_page_explorer_column_is_chinese_in_the_admin(self):
        from wagtail.models import Page

        self.client.force_login(CoordinatorFactory())
        response = self.client.get(f"/admin/pages/{Page.objects.get(depth=1).pk}/")
        self.assertContains(response, "更新日期")
        self.assertNotContains(response, "Date updated")


class DefaultSiteTests(TestCase):
    def test_the_default_site_is_named_in_chinese(self):
        """设置 › 站点 lists it by name: never an empty 站点名称."""
        from wagtail.models import Site

        site = Site.objects.get(is_default_site=True)
        self.assertEqual(site.site_name, "安全生产法治培训平台")
