"""Create the platform's role groups with their permissions.

Wagtail's demo groups "Editors" and "Moderators" are replaced by our roles; its default
moderation workflow is renamed and handed to 法制审核 (the 评查组织者 role).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from accounts import roles


def create_roles(apps, schema_editor):
    using = schema_editor.connection.alias
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = None
    roles.sync_roles(apps, using=using)

    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    coordinator = Group.objects.using(using).get(name=roles.REVIEW_COORDINATOR)
    for task in GroupApprovalTask.objects.using(using).filter(
        name="Moderators approval"
    ):
        task.name = "法制审核"
        task.save(update_fields=["name"])
        task.groups.set([coordinator])
    Workflow.objects.using(using).filter(name="Moderators approval").update(
        name="内容审核"
    )
    Group.objects.using(using).filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
