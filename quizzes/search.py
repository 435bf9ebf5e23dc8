"""Chinese search terms: jieba splits a query into words that are matched one by one."""

from __future__ import annotations

import re
from functools import lru_cache

_PUNCTUATION = re.compile(r"^[\s\W_]+$")
# Function words that would only narrow a search by accident.
_STOPWORDS = frozenset("的 了 和 与 及 或 是 在 对 为 把 被".split())


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    return jieba


def search_terms(query: str, *, limit: int = 8) -> list[str]:
    """Words of ``query`` worth matching: jieba's segmentation without punctuation,
    spaces and duplicates ("安全 培训教育" → ["安全", "培训", "教育"])."""
    query = (query or "").strip()
    if not query:
        return []
    words = []
    for word in _jieba().lcut(query):
        word = word.strip()
        if (
            word
            and word not in _STOPWORDS
            and not _PUNCTUATION.match(word)
            and word not in words
        ):
            words.append(word)
    return words[:limit]
