"""Delete draft pages that were started and abandoned.

Wagtail's autosave creates a page as soon as an add form is typed into; a person
who then leaves the form leaves a draft behind. A draft counts as abandoned when it
was never published, is not under review and has not been saved for ``--days``
(default 14). ``--dry-run`` lists them without deleting. Run it from cron or a
scheduled task.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, WorkflowState


def abandoned_drafts(*, days: int, now=None):
    """Never-published pages, not in a workflow, untouched for ``days`` days."""
    cutoff = (now or timezone.now()) - timedelta(days=days)
    in_review = WorkflowState.objects.active().values_list("object_id", flat=True)
    return (
        Page.objects.filter(
            live=False,
            first_published_at__isnull=True,
            latest_revision_created_at__lt=cutoff,
            depth__gt=2,
        )
        .exclude(pk__in=[int(pk) for pk in in_review if str(pk).isdigit()])
        .order_by("path")
    )


class Command(BaseCommand):
    help = "删除从未发布、不在审核中、且长时间未保存的草稿页面（被放弃的新建页面）。"

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=14, help="多少天未保存算放弃")
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args, days, dry_run, **options):
        drafts = list(abandoned_drafts(days=days))
        for page in drafts:
            self.stdout.write(f"  {page.pk} {page.get_admin_display_title()}")
        if dry_run:
            self.stdout.write(
                self.style.SUCCESS(f"仅检查：{len(drafts)} 个被放弃的草稿，未删除。")
            )
            return
        with transaction.atomic():
            # Deleting a parent removes its descendants: skip those already gone.
            for page in drafts:
                if Page.objects.filter(pk=page.pk).exists():
                    page.specific.delete()
        self.stdout.write(self.style.SUCCESS(f"已删除 {len(drafts)} 个被放弃的草稿。"))
