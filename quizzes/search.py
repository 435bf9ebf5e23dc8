"""Chinese search terms for the question bank, on the project's jieba segmentation
(courses.search), matched one by one."""

from courses.search import segment_query

# Function words that would only narrow a search by accident.
_STOPWORDS = frozenset("的 了 和 与 及 或 是 在 对 为 把 被".split())


def search_terms(query: str, *, limit: int = 8) -> list[str]:
    """Words of ``query`` worth matching: the segmented query without function words
    and duplicates ("安全 培训教育" → ["安全", "培训", "教育"])."""
    words: list[str] = []
    for word in segment_query(query or "").split():
        if word not in _STOPWORDS and word not in words:
            words.append(word)
    return words[:limit]
