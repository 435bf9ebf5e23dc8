"""The page form every page type uses: slugs people never have to fix.

Titles are Chinese; a slug made from one is either Chinese (an unreadable URL) or,
with ``WAGTAIL_ALLOW_UNICODE_SLUGS = False``, empty. A new page whose slug is blank,
not ASCII or already taken under the same parent gets a numbered one
(``explainerpage-3``, or the title's ASCII words with a number). That also keeps
autosave from failing on a half-typed form. A slug error that remains (an edited
page's slug taken) is repeated at the top of the form, not only on the 推荐 tab.
"""

from __future__ import annotations

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.pages import WagtailAdminPageForm
from wagtail.models import Page

SLUG_ERROR_AT_TOP = _("The page's address (slug, on the Promote tab): %(error)s")


def numbered_slug(parent: Page | None, page: Page, title: str = "") -> str:
    """The first free ``<base>-<n>`` under ``parent``; base is the title's ASCII
    words or the page type's name."""
    base = slugify(title or "")[:40].strip("-") or page._meta.model_name
    siblings = (
        set(parent.get_children().values_list("slug", flat=True)) if parent else set()
    )
    n = len(siblings) + 1
    while f"{base}-{n}" in siblings:
        n += 1
    return f"{base}-{n}"


class PlatformPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields and self.instance.pk is None:
            self.fields["slug"].required = False

    def clean_slug(self):
        slug = self.cleaned_data.get("slug") or ""
        if self.instance.pk is not None:
            return slug
        if (
            slug
            and slug.isascii()
            and Page._slug_is_available(slug, self.parent_page, self.instance)
        ):
            return slug
        return numbered_slug(self.parent_page, self.instance, self.data.get("title"))

    def clean(self):
        cleaned_data = super().clean()
        for error in self.errors.get("slug", []):
            self.add_error(None, SLUG_ERROR_AT_TOP % {"error": error})
        return cleaned_data
