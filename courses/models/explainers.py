"""Regulation explainers (法规解读): an index page and article-by-article pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.blocks import ExplainerStreamBlock
from courses.models.law import Regulation
from courses.models.search_mixin import SegmentedSearchMixin


class ExplainerPageTag(TaggedItemBase):
    """Industry tags of an explainer (危化, 工贸, 粉尘涉爆, 有限空间, 涉氨制冷 …)."""

    content_object = ParentalKey(
        "courses.ExplainerPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class RegulationIndexPage(Page):
    """法规解读: lists the explainers, grouped by regulation, filterable by tag."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.ExplainerPage"]

    class Meta:
        verbose_name = _("regulation explainer index")

    def get_context(self, request, *args, **kwargs):
        """Live explainers (optionally of one industry tag) and the law library."""
        context = super().get_context(request, *args, **kwargs)
        explainers = (
            ExplainerPage.objects.live()
            .public()
            .child_of(self)
            .select_related("regulation")
            .prefetch_related("tags")
            .order_by("regulation__title", "first_article_number", "title")
        )
        tag = request.GET.get("tag", "").strip()
        if tag:
            explainers = explainers.filter(tags__name=tag)
        context.update(
            explainers=explainers,
            tag=tag,
            tags=ExplainerPage.tags.most_common()[:20],
            regulations=Regulation.objects.current(),
        )
        return context


class ExplainerPage(SegmentedSearchMixin, Page):
    """法规解读: one regulation explained article by article."""

    regulation = models.ForeignKey(
        Regulation,
        verbose_name=_("regulation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="explainers",
    )
    summary = models.TextField(_("summary"), blank=True, max_length=300)
    body = StreamField(ExplainerStreamBlock(), verbose_name=_("body"))
    tags = ClusterTaggableManager(
        verbose_name=_("industry tags"), through=ExplainerPageTag, blank=True
    )
    # The articles the published body quotes (条文 blocks), kept on publish so that an
    # article's page can list its explainers without reading every StreamField.
    quoted_articles = models.ManyToManyField(
        "courses.Article",
        verbose_name=_("quoted articles"),
        blank=True,
        editable=False,
        related_name="explainers",
    )
    # The number of the first article the body quotes, for ordering in the index.
    first_article_number = models.PositiveSmallIntegerField(
        null=True, blank=True, editable=False
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("regulation"),
        FieldPanel("summary"),
        FieldPanel("tags"),
        FieldPanel("body"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.FilterField("regulation"),
    ]

    parent_page_types = ["courses.RegulationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("regulation explainer")
        verbose_name_plural = _("regulation explainers")

    def articles(self) -> list:
        """The articles the body quotes (条文 blocks), in body order."""
        return [
            block.value["article"]
            for block in self.body
            if block.block_type == "article" and block.value["article"]
        ]

    def get_search_source(self) -> str:
        parts = [self.title, self.summary]
        parts += [article.text for article in self.articles()]
        parts += [self._block_text(block) for block in self.body]
        parts += [tag.name for tag in self.tags.all()]
        return "\n".join(p for p in parts if p)

    @staticmethod
    def _block_text(block) -> str:
        return " ".join(
            str(text) for text in block.block.get_searchable_content(block.value)
        )

    def save(self, *args, **kwargs):
        numbers = [article.number for article in self.articles()]
        self.first_article_number = numbers[0] if numbers else None
        result = super().save(*args, **kwargs)
        self.quoted_articles.set([article.pk for article in self.articles()])
        return result
