"""Admin choosers for articles and penalty provisions (modal lists with a search box).

The StreamField blocks in ``courses.blocks`` are built from these viewsets, so an
explainer always points at the article record, never at pasted text.
"""

import re

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.viewsets.chooser import ChooserViewSet

from courses.citations import to_int
from courses.models.law import Article, PenaltyProvision, Regulation

_NUMBER = re.compile(r"^第?([零〇一二两三四五六七八九十百千\d]+)条?$")


class ArticleFilterForm(BaseFilterForm):
    """Narrow the list by regulation and by article number (97, 第九十七条) or text."""

    regulation = forms.ModelChoiceField(
        label=_("regulation"), queryset=Regulation.objects.all(), required=False
    )
    q = forms.CharField(
        label=_("Article number or text"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 97 or 主要负责人")}),
    )

    def filter(self, objects):
        regulation = self.cleaned_data.get("regulation")
        if regulation:
            objects = objects.filter(regulation=regulation)
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            match = _NUMBER.match(query)
            condition = Q(text__contains=query) | Q(chapter_title__contains=query)
            if match:
                condition |= Q(number=to_int(match.group(1)))
            objects = objects.filter(condition)
        return objects


class ArticleChooseView(chooser_views.ChooseView):
    filter_form_class = ArticleFilterForm


class ArticleChooseResultsView(chooser_views.ChooseResultsView):
    filter_form_class = ArticleFilterForm


class ArticleChooserViewSet(ChooserViewSet):
    model = Article
    icon = "list-ol"
    choose_one_text = _("Choose an article")
    choose_another_text = _("Choose another article")
    edit_item_text = _("Edit article")
    choose_view_class = ArticleChooseView
    choose_results_view_class = ArticleChooseResultsView
    per_page = 20

    def get_object_list(self):
        return Article.objects.select_related("regulation").in_order()


class PenaltyProvisionFilterForm(BaseFilterForm):
    q = forms.CharField(label=_("Article number or text"), required=False)

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            self.is_searching, self.search_query = True, query
            match = _NUMBER.match(query)
            condition = Q(summary__contains=query)
            if match:
                condition |= Q(article__number=to_int(match.group(1)))
            objects = objects.filter(condition)
        return objects


class PenaltyProvisionChooseView(chooser_views.ChooseView):
    filter_form_class = PenaltyProvisionFilterForm


class PenaltyProvisionChooseResultsView(chooser_views.ChooseResultsView):
    filter_form_class = PenaltyProvisionFilterForm


class PenaltyProvisionChooserViewSet(ChooserViewSet):
    model = PenaltyProvision
    icon = "warning"
    choose_one_text = _("Choose a penalty provision")
    choose_another_text = _("Choose another penalty provision")
    choose_view_class = PenaltyProvisionChooseView
    choose_results_view_class = PenaltyProvisionChooseResultsView
    per_page = 20

    def get_object_list(self):
        return PenaltyProvision.objects.select_related("article__regulation")


article_chooser_viewset = ArticleChooserViewSet("article_chooser")
penalty_provision_chooser_viewset = PenaltyProvisionChooserViewSet(
    "penalty_provision_chooser"
)
