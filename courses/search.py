"""Chinese word segmentation for search, reusable by every module.

Neither SQLite's FTS5 nor PostgreSQL's text search splits Chinese into words, so a
sentence is one long "word" to them. We index text segmented by jieba (search mode:
both words and their sub-words, separated by spaces) and segment a query in precise
mode, so that each query word is one of the indexed words.
"""

import logging
import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _jieba():
    """jieba, imported on first use: it is large, and most processes never search."""
    import jieba

    # jieba attaches its own handler and announces its dictionary load at DEBUG level.
    jieba.setLogLevel(logging.WARNING)
    return jieba


# Punctuation and symbols carry no meaning for search and would become tokens.
_NOISE = re.compile(r"[^\w]+", re.UNICODE)


def _words(tokens) -> list[str]:
    return [t for t in (tok.strip() for tok in tokens) if t and not _NOISE.fullmatch(t)]


def segment(text: str) -> str:
    """Text as space-separated search-mode words, for the search index."""
    if not text:
        return ""
    return " ".join(_words(_jieba().cut_for_search(text)))


@lru_cache(maxsize=512)
def segment_query(query: str) -> str:
    """A user's query as space-separated precise-mode words (all must match)."""
    return " ".join(_words(_jieba().cut((query or "").strip())))
