"""The page tree's root and the root collection are shown in the admin (explorer,
breadcrumbs, the group screen's permission rows): name them in Chinese instead of
Wagtail's "Root"."""

from django.db import migrations

ROOT_TITLE = "全部页面"
ROOT_COLLECTION = "全部文件"


def rename_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(
        title=ROOT_TITLE, draft_title=ROOT_TITLE
    )
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name="Root").update(name=ROOT_COLLECTION)


def restore_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title=ROOT_TITLE).update(
        title="Root", draft_title="Root"
    )
    Collection = apps.get_model("wagtailcore", "Collection")
    Collection.objects.filter(depth=1, name=ROOT_COLLECTION).update(name="Root")


class Migration(migrations.Migration):
    dependencies = [("home", "0002_importjob")]

    operations = [migrations.RunPython(rename_root, restore_root)]
