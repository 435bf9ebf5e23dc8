"""The platform's roles, each a Django group whose permissions are kept in code.

``sync_roles`` makes every role group hold exactly its permissions. The accounts data
migration calls it, and so does every ``migrate`` afterwards (post_migrate), so a module
that arrives later adds its permissions through its AppConfig's ``role_permissions``.
"""

from django.apps import apps as global_apps
from django.db.models import Q

ENFORCEMENT_OFFICER = "执法人员"
ENTERPRISE_WORKER = "企业人员"
TRAINER = "培训管理员"
REVIEW_COORDINATOR = "评查组织者"  # also 法制审核: moderates published content
SYSTEM_ADMIN = "系统管理员"

ROLES = (
    ENFORCEMENT_OFFICER,
    ENTERPRISE_WORKER,
    TRAINER,
    REVIEW_COORDINATOR,
    SYSTEM_ADMIN,
)
# Who may grant what: a user who is not a superuser grants only roles ranked at or
# below their own highest role (accounts/grants.py). 评查组织者 reads every case file and
# publishes content, so it ranks above 系统管理员, who manages accounts but may not
# hand itself, or anyone, the reviewers' reach. Superuser status is above them all and
# only a superuser grants it.
ROLE_ORDER = (
    ENTERPRISE_WORKER,
    ENFORCEMENT_OFFICER,
    TRAINER,
    SYSTEM_ADMIN,
    REVIEW_COORDINATOR,
)
ROLE_RANK = {name: rank for rank, name in enumerate(ROLE_ORDER)}
STAFF_ROLES = frozenset(
    {ENFORCEMENT_OFFICER, TRAINER, REVIEW_COORDINATOR, SYSTEM_ADMIN}
)

ADMIN_ACCESS = "wagtailadmin.access_admin"
# Wagtail checks image and document permissions per collection, not per model.
COLLECTION_APPS = ("wagtailimages", "wagtaildocs")

_MEDIA = {
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
}

BASE_PERMISSIONS: dict[str, set[str]] = {
    ENFORCEMENT_OFFICER: {ADMIN_ACCESS},
    ENTERPRISE_WORKER: set(),
    TRAINER: {
        ADMIN_ACCESS,
        *_MEDIA,
        "accounts.view_enforcementgroup",
        "accounts.add_enterprise",
        "accounts.change_enterprise",
        "accounts.view_enterprise",
    },
    REVIEW_COORDINATOR: {
        ADMIN_ACCESS,
        *_MEDIA,
        "accounts.view_enforcementgroup",
        "accounts.view_enterprise",
    },
    SYSTEM_ADMIN: {
        ADMIN_ACCESS,
        "accounts.add_user",
        "accounts.change_user",
        "accounts.delete_user",
        "accounts.view_user",
        "auth.add_group",
        "auth.change_group",
        "auth.view_group",
        "accounts.add_enforcementgroup",
        "accounts.change_enforcementgroup",
        "accounts.delete_enforcementgroup",
        "accounts.view_enforcementgroup",
        "accounts.add_enterprise",
        "accounts.change_enterprise",
        "accounts.delete_enterprise",
        "accounts.view_enterprise",
        "wagtailcore.add_site",
        "wagtailcore.change_site",
        "wagtailcore.view_site",
        "wagtailredirects.add_redirect",
        "wagtailredirects.change_redirect",
        "wagtailredirects.delete_redirect",
    },
}

# Page permissions granted on the root of the page tree (so on every page).
# Trainers write and submit; 法制审核 (the coordinator role) approves and publishes
# through the "内容审核" workflow.
PAGE_PERMISSIONS: dict[str, set[str]] = {
    TRAINER: {"add_page", "change_page", "lock_page", "unlock_page"},
    REVIEW_COORDINATOR: {"add_page", "change_page", "publish_page", "unlock_page"},
    SYSTEM_ADMIN: set(),
    ENFORCEMENT_OFFICER: set(),
    ENTERPRISE_WORKER: set(),
}


def role_permission_spec(app_configs=None) -> dict[str, set[str]]:
    """Each role's model permissions: the base set plus every app's contribution."""
    spec = {role: set(perms) for role, perms in BASE_PERMISSIONS.items()}
    for config in app_configs or global_apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            spec[role] |= set(perms)
    return spec


def _permission_q(names: set[str]) -> Q:
    q = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".", 1)
        q |= Q(content_type__app_label=app_label, codename=codename)
    return q


def sync_roles(apps=global_apps, using: str = "default") -> None:
    """Create the role groups and give each exactly its permissions.

    ``apps`` is a migration's historical registry or the real one. Permissions whose
    app is not migrated yet are skipped; the post_migrate run adds them.
    """
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    spec = role_permission_spec()
    for role in ROLES:
        group, _created = Group.objects.using(using).get_or_create(name=role)
        perms = Permission.objects.using(using).filter(_permission_q(spec[role]))
        group.permissions.set(perms)
        _sync_collection_permissions(apps, using, group, perms)
    _sync_page_permissions(apps, using)


def _sync_collection_permissions(apps, using: str, group, perms) -> None:
    """Images and documents are permitted per collection: grant the root one."""
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model(
        "wagtailcore", "GroupCollectionPermission"
    )
    root = Collection.objects.using(using).filter(depth=1).first()
    if root is None:
        return
    media = perms.filter(content_type__app_label__in=COLLECTION_APPS)
    GroupCollectionPermission.objects.using(using).filter(group=group).exclude(
        collection=root, permission__in=media
    ).delete()
    for permission in media:
        GroupCollectionPermission.objects.using(using).get_or_create(
            group=group, collection=root, permission=permission
        )


def _sync_page_permissions(apps, using: str) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.using(using).filter(depth=1).first()
    if root is None:
        return
    for role, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.using(using).get(name=role)
        wanted = Permission.objects.using(using).filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        )
        GroupPagePermission.objects.using(using).filter(group=group).exclude(
            page=root, permission__in=wanted
        ).delete()
        for permission in wanted:
            GroupPagePermission.objects.using(using).get_or_create(
                group=group, page=root, permission=permission
            )
