"""Writes and lookups of the courses module used by other modules."""

from django.utils.translation import gettext_lazy as _

from courses.citations import Citation, CitationError, parse_citations
from courses.models import Article

MSG_NOT_FOUND = _("No such article of the law: %(citation)s")


def resolve_citations(text: str) -> tuple[list[tuple[Citation, Article]], list[str]]:
    """Parse ``text`` and find each cited article.

    Returns the resolved (citation, article) pairs and one message per citation that
    cannot be read or found, so an importer can name every problem in a cell.
    """
    try:
        citations = parse_citations(text)
    except CitationError as error:
        return [], [str(error)]
    resolved, errors = [], []
    for citation in citations:
        article = Article.objects.resolve_citation(citation)
        if article is None:
            errors.append(MSG_NOT_FOUND % {"citation": citation})
        else:
            resolved.append((citation, article))
    return resolved, errors
