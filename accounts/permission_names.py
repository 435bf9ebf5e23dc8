"""Permission names in the platform's language.

Django stores each permission's name once, in English ("Can add case file"), and
Wagtail's group screen shows that stored name. After every migrate the names are
rewritten from the models' translated verbose names and permission labels, so the
system administrator reads "可添加案卷" on the role pages.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

DEFAULT_ACTIONS = {
    "add": _("Can add %(name)s"),
    "change": _("Can change %(name)s"),
    "delete": _("Can delete %(name)s"),
    "view": _("Can view %(name)s"),
}
NAME_MAX_LENGTH = 255


def permission_label(permission) -> str | None:
    """The translated name for ``permission``, or None when its model is gone."""
    model = permission.content_type.model_class()
    if model is None:
        return None
    opts = model._meta
    action, _sep, model_name = permission.codename.partition("_")
    if model_name == opts.model_name and action in DEFAULT_ACTIONS:
        return str(DEFAULT_ACTIONS[action] % {"name": opts.verbose_name})
    custom = dict(opts.permissions).get(permission.codename)
    return str(custom) if custom else None


def translate_permission_names(using: str = "default") -> int:
    """Rewrite stored permission names in ``LANGUAGE_CODE``; returns how many changed."""
    from django.contrib.auth.models import Permission

    changed = []
    with translation.override(settings.LANGUAGE_CODE):
        for permission in Permission.objects.using(using).select_related(
            "content_type"
        ):
            label = permission_label(permission)
            if label and label[:NAME_MAX_LENGTH] != permission.name:
                permission.name = label[:NAME_MAX_LENGTH]
                changed.append(permission)
    Permission.objects.using(using).bulk_update(changed, ["name"], batch_size=500)
    return len(changed)
