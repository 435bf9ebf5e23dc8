"""The default site is listed in 设置 › 站点 and named in Wagtail's own pages: give it
the platform's name instead of an empty 站点名称 (one someone has set is kept)."""

from django.db import migrations

SITE_NAME = "安全生产法治培训平台"


def name_site(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Site.objects.filter(is_default_site=True, site_name="").update(site_name=SITE_NAME)


def unname_site(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    Site.objects.filter(is_default_site=True, site_name=SITE_NAME).update(site_name="")


class Migration(migrations.Migration):
    dependencies = [("home", "0003_root_page_title")]

    operations = [migrations.RunPython(name_site, unname_site)]
