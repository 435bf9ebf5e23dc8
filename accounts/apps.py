from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


def _sync_roles_after_migrate(sender, using="default", **kwargs):
    # Permissions are created per app by auth's own post_migrate handler; create them
    # all first so that every app's contribution can be granted in one pass.
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from accounts.permission_names import translate_permission_names
    from accounts.roles import sync_roles

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_roles(using=using)
    translate_permission_names(using=using)


class AccountsConfig(AppConfig):
    # Two AppConfig subclasses live here: this one is the accounts app itself.
    default = True
    name = "accounts"
    verbose_name = _("People and organisations")
    role_permissions: dict[str, set[str]] = {}

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts import audit, session_timeout

        audit.connect(self.get_model("User"))
        user_logged_in.connect(
            session_timeout.stamp_login, dispatch_uid="accounts.session_timeout"
        )
        post_migrate.connect(
            _sync_roles_after_migrate,
            sender=self,
            dispatch_uid="accounts.sync_roles_after_migrate",
        )


class PlatformUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's users app with the platform's user fields in its forms."""

    user_viewset = "accounts.viewsets.UserViewSet"
    group_viewset = "accounts.viewsets.GroupViewSet"
