from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import SectionBlock


class HomePage(Page):
    """The site's front page: a short introduction and one card per module."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link"])
    sections = StreamField(
        [("section", SectionBlock())], verbose_name=_("section"), blank=True
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("sections")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("Home page")

    def get_context(self, request, *args, **kwargs):
        """Hide staff-only sections from visitors and enterprise workers."""
        context = super().get_context(request, *args, **kwargs)
        user = request.user
        is_staff_member = user.is_authenticated and (
            user.is_superuser or user.has_perm("wagtailadmin.access_admin")
        )
        context["visible_sections"] = [
            block
            for block in self.sections
            if is_staff_member or not block.value.get("staff_only")
        ]
        return context
