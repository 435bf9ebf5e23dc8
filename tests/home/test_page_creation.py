"""New pages get numbered ASCII slugs; abandoned drafts are cleaned up."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Page

from home.forms import PlatformPageForm, numbered_slug
from home.models import HomePage


class NumberedSlugTests(TestCase):
    def test_a_chinese_title_gets_the_page_types_name_and_a_free_number(self):
        root = Page.objects.get(depth=1)
        page = HomePage(title="安全生产法解读")
        slug = numbered_slug(root, page, page.title)
        self.assertTrue(slug.startswith("homepage-"), slug)
        self.assertTrue(slug.isascii())
        self.assertFalse(root.get_children().filter(slug=slug).exists())

    def test_every_page_type_uses_the_platform_form(self):
        from django.urls import reverse

        from courses.models import ExplainerPage

        reverse("wagtailadmin_home")  # the admin's URLs (and hooks) are loaded

        self.assertTrue(
            issubclass(
                ExplainerPage.get_edit_handler().get_form_class(), PlatformPageForm
            )
        )


class AbandonedDraftTests(TestCase):
    def test_old_never_published_drafts_are_deleted_and_others_kept(self):
        home = HomePage.objects.first() or Page.objects.get(depth=2)
        old = home.add_child(
            instance=Page(title="放弃的草稿", slug="abandoned", live=False)
        )
        old.save_revision()
        recent = home.add_child(
            instance=Page(title="新草稿", slug="recent", live=False)
        )
        recent.save_revision()
        Page.objects.filter(pk=old.pk).update(
            latest_revision_created_at=timezone.now() - timedelta(days=30)
        )
        out = StringIO()
        call_command("clean_abandoned_drafts", "--dry-run", stdout=out)
        self.assertIn("仅检查：1 个", out.getvalue())
        self.assertTrue(Page.objects.filter(pk=old.pk).exists())
        call_command("clean_abandoned_drafts", stdout=StringIO())
        self.assertFalse(Page.objects.filter(pk=old.pk).exists())
        self.assertTrue(Page.objects.filter(pk=recent.pk).exists())
        self.assertTrue(Page.objects.filter(pk=home.pk).exists())
