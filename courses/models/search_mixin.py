"""A model mixin that keeps a jieba-segmented copy of its text for the search index."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.search import segment


class SegmentedSearchMixin(models.Model):
    """Fills ``search_text`` on every save from :meth:`get_search_source`.

    Add ``index.SearchField("search_text")`` to the model's ``search_fields``; query it
    with :func:`courses.search.segment_query`.
    """

    search_text = models.TextField(_("search text"), blank=True, editable=False)

    class Meta:
        abstract = True

    def get_search_source(self) -> str:
        """The plain text to segment; pages override it to add their body."""
        return getattr(self, "title", "")

    def shown_in_search(self) -> bool:
        """Whether the site search lists this (live, public) page now."""
        return True

    def search_meta(self) -> str:
        """A short line shown under the result (a date, a state)."""
        return ""

    def save(self, *args, **kwargs):
        self.search_text = segment(self.get_search_source())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        return super().save(*args, **kwargs)
