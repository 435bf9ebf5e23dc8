"""StreamField blocks of regulation explainers (法规解读), each with icon and template."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from courses.choosers import article_chooser_viewset, penalty_provision_chooser_viewset

ArticleChooserBlock = article_chooser_viewset.get_block_class(
    name="ArticleChooserBlock", module_path="courses.blocks"
)
PenaltyProvisionChooserBlock = penalty_provision_chooser_viewset.get_block_class(
    name="PenaltyProvisionChooserBlock", module_path="courses.blocks"
)

_TEXT = ["bold", "italic", "ol", "ul", "link"]


class ArticleTextBlock(blocks.StructBlock):
    """条文: the article's text as the law-article spine holds it, never pasted."""

    article = ArticleChooserBlock(label=_("article"))

    class Meta:
        icon = "list-ol"
        label = _("Article text")
        template = "blocks/article_text_block.html"


class KeyPointsBlock(blocks.StructBlock):
    """要点解读."""

    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=80)
    body = blocks.RichTextBlock(label=_("interpretation"), features=_TEXT)

    class Meta:
        icon = "pick"
        label = _("Key points")
        template = "blocks/key_points_block.html"


class ComparisonBlock(blocks.StructBlock):
    """新旧对照: what the provision said before and says now (two columns)."""

    old_label = blocks.CharBlock(label=_("old version label"), default="修改前")
    old_text = blocks.TextBlock(label=_("old text"))
    new_label = blocks.CharBlock(label=_("new version label"), default="修改后")
    new_text = blocks.TextBlock(label=_("new text"))
    note = blocks.RichTextBlock(label=_("what changed"), features=_TEXT, required=False)

    class Meta:
        icon = "doc-empty"
        label = _("Old and new compared")
        template = "blocks/comparison_block.html"


class CaseBlock(blocks.StructBlock):
    """典型案例."""

    title = blocks.CharBlock(label=_("case title"), max_length=120)
    facts = blocks.RichTextBlock(label=_("facts"), features=_TEXT)
    handling = blocks.RichTextBlock(label=_("how it was handled"), features=_TEXT)
    lesson = blocks.TextBlock(label=_("lesson"), required=False)

    class Meta:
        icon = "folder-open-inverse"
        label = _("Typical case")
        template = "blocks/case_block.html"


class EnforcementTipBlock(blocks.RichTextBlock):
    """执法提示: what an inspector checks and how to cite it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", _TEXT)
        super().__init__(**kwargs)

    class Meta:
        icon = "help"
        label = _("Enforcement tip")
        template = "blocks/enforcement_tip_block.html"


class EnterpriseNoticeBlock(blocks.RichTextBlock):
    """企业须知: what an enterprise must do to comply."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", _TEXT)
        super().__init__(**kwargs)

    class Meta:
        icon = "info-circle"
        label = _("What enterprises must know")
        template = "blocks/enterprise_notice_block.html"


class PenaltiesBlock(blocks.StructBlock):
    """Related penalty provisions with their fine ranges and discretion tiers."""

    provisions = blocks.ListBlock(
        PenaltyProvisionChooserBlock(label=_("penalty provision")),
        label=_("penalty provisions"),
    )

    class Meta:
        icon = "warning"
        label = _("Related penalty provisions")
        template = "blocks/penalties_block.html"


class ExplainerStreamBlock(blocks.StreamBlock):
    article = ArticleTextBlock()
    key_points = KeyPointsBlock()
    comparison = ComparisonBlock()
    case = CaseBlock()
    enforcement_tip = EnforcementTipBlock()
    enterprise_notice = EnterpriseNoticeBlock()
    penalties = PenaltiesBlock()
