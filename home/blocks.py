from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class SectionBlock(blocks.StructBlock):
    """A card on the home page leading into one module of the platform."""

    title = blocks.CharBlock(label=_("title"), max_length=40)
    summary = blocks.TextBlock(label=_("summary"), max_length=200, required=False)
    page = blocks.PageChooserBlock(label=_("linked page"), required=False)
    url = blocks.CharBlock(
        label=_("link URL"),
        required=False,
        help_text=_("Used when no page is chosen, e.g. /my/learning/"),
    )
    staff_only = blocks.BooleanBlock(
        label=_("Bureau staff only"), required=False, default=False
    )

    class Meta:
        icon = "grip"
        label = _("section")
        template = "blocks/section_block.html"
