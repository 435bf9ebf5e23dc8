"""The site's search: regulation articles, and every published page type that keeps
a segmented copy of its text (explainers, courses, lessons, live classes, quizzes).

Page types are found through :class:`SegmentedSearchMixin`, so a module above
courses (livestreams, quizzes) joins the search by using the mixin, without courses
importing it. Candidates come from the search backend (pages) or a substring match
(articles: Chinese words are substrings of the raw text); they are then ranked and
highlighted by the pure functions of :mod:`courses.search`.
"""

from dataclasses import dataclass
from functools import reduce
from operator import and_, or_

from django.db.models import Q
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from wagtail.models import get_page_models

from courses.models import Article, RegulationStatus
from courses.models.search_mixin import SegmentedSearchMixin
from courses.search import (
    article_term_groups,
    mark,
    query_terms,
    rank,
    snippet,
    term_groups,
)

CANDIDATES_PER_SOURCE = 100
KIND_ARTICLE = _("Article of the law")


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title: SafeString
    url: str
    snippet: SafeString
    meta: str
    score: int


def searchable_page_models() -> list[type]:
    """Concrete page types that keep a segmented search text."""
    return [
        model
        for model in get_page_models()
        if issubclass(model, SegmentedSearchMixin) and not model._meta.abstract
    ]


def site_search(query: str, *, limit: int = 50) -> list[SearchHit]:
    """Everything published that contains every word of ``query`` (or a synonym of
    it; in an article, also the law's broader word for it), best match first."""
    terms = query_terms(query)
    if not terms:
        return []
    groups = term_groups(terms)
    hits = [*_article_hits(article_term_groups(terms))]
    for model in searchable_page_models():
        hits += _page_hits(model, terms, groups)
    hits.sort(key=lambda hit: -hit.score)
    return hits[:limit]


def _page_hits(model, terms, groups) -> list[SearchHit]:
    pages = model.objects.live().public().search(" ".join(terms), operator="and")
    hits = []
    for page in pages[:CANDIDATES_PER_SOURCE]:
        if not page.shown_in_search():
            continue
        text = page.get_search_source()
        hits.append(
            SearchHit(
                kind=str(model._meta.verbose_name),
                title=mark(page.title, groups),
                url=page.url,
                snippet=snippet(text.removeprefix(page.title), groups),
                meta=page.search_meta(),
                score=rank(title=page.title, text=text, groups=groups),
            )
        )
    return hits


def _article_hits(groups) -> list[SearchHit]:
    contains_each = [
        reduce(or_, (Q(text__contains=word) for word in group)) for group in groups
    ]
    articles = (
        Article.objects.filter(reduce(and_, contains_each))
        .filter(regulation__status=RegulationStatus.CURRENT)
        .select_related("regulation")
        .order_by("regulation__title", "number", "suffix")
    )
    hits = []
    for article in articles[:CANDIDATES_PER_SOURCE]:
        title = article.label
        hits.append(
            SearchHit(
                kind=str(KIND_ARTICLE),
                title=mark(title, groups),
                url=article.get_absolute_url(),
                snippet=snippet(article.text, groups),
                meta=article.chapter_title,
                score=rank(title=title, text=article.text, groups=groups),
            )
        )
    return hits
