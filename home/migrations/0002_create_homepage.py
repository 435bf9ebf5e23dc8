"""Replace Wagtail's welcome page with the platform's HomePage as the site root."""

from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("home", "HomePage")

    Page.objects.filter(depth=2, content_type__model="page", slug="home").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="home")
    locale = Locale.objects.order_by("pk").first()
    homepage = HomePage.objects.create(
        title="安全生产法治培训平台",
        draft_title="安全生产法治培训平台",
        slug="home",
        content_type=content_type,
        path="00010001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": homepage, "port": 80},
    )
    Page.objects.filter(depth=1).update(numchild=1)


def remove_homepage(apps, schema_editor):
    apps.get_model("home", "HomePage").objects.filter(slug="home", depth=2).delete()


class Migration(migrations.Migration):
    run_before = [("accounts", "0002_roles")]
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
