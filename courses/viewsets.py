"""Wagtail admin for the law-article spine (registered in wagtail_hooks)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from courses.models import Article, PenaltyProvision, Regulation


class RegulationViewSet(ModelViewSet):
    model = Regulation
    icon = "doc-full"
    menu_label = _("Regulations")
    list_display = ["title", "short_title", "level", "status", "effective_on"]
    list_filter = ["level", "status"]
    search_fields = ["title", "short_title", "issuing_body"]
    form_fields = [
        "title",
        "short_title",
        "key",
        "level",
        "issuing_body",
        "promulgated_on",
        "effective_on",
        "status",
        "version_label",
        "history",
        "previous_version",
        "replaced_by",
    ]


class ArticleViewSet(ModelViewSet):
    model = Article
    icon = "list-ol"
    menu_label = _("Articles")
    list_display = ["__str__", "chapter_title", "key"]
    list_filter = ["regulation", "chapter_title"]
    search_fields = ["text", "key"]
    list_per_page = 50
    form_fields = [
        "regulation",
        "chapter_number",
        "chapter_title",
        "section_title",
        "number",
        "suffix",
        "text",
        "key",
    ]


class PenaltyProvisionViewSet(ModelViewSet):
    model = PenaltyProvision
    icon = "warning"
    menu_label = _("Penalty provisions")
    list_display = ["__str__", "summary", "unit_fine_max", "person_fine_max"]
    list_filter = ["article__regulation"]
    search_fields = ["summary"]


class LawViewSetGroup(ViewSetGroup):
    menu_label = _("Law library")
    menu_icon = "doc-full-inverse"
    menu_order = 150
    items = (
        RegulationViewSet("regulations"),
        ArticleViewSet("articles"),
        PenaltyProvisionViewSet("penalty_provisions"),
    )
