"""Chinese word segmentation for search, reusable by every module.

Neither SQLite's FTS5 nor PostgreSQL's text search splits Chinese into words, so a
sentence is one long "word" to them. We index text segmented by jieba (search mode:
both words and their sub-words, separated by spaces) and segment a query in precise
mode, so that each query word is one of the indexed words.

jieba does not know the trade's words (危化品, 有限空间, 应急救援预案 …), so they are
added to its dictionary, and people say the same thing several ways, so a text that
contains any word of a synonym group is indexed under every word of the group: a query
with any of them finds it. Ranking and highlighting are pure functions over plain text.
"""

import logging
import re
import threading
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Synonym groups: the full term first, then what people type for it.
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("危险化学品", "危化品", "危化"),
    ("液氨", "涉氨", "氨制冷"),
    ("动火作业", "动火"),
    ("有限空间", "受限空间"),
    ("应急救援预案", "应急预案"),
    ("重大事故隐患", "重大隐患"),
    ("特种作业人员", "特种作业"),
    ("粉尘涉爆", "粉尘爆炸"),
    ("劳动防护用品", "劳保用品"),
    ("安全生产教育和培训", "安全培训", "安全教育培训"),
    ("主要负责人", "一把手"),
    ("重大危险源", "危险源"),
    ("安全警示标志", "警示标志"),
    ("高处作业", "登高作业"),
    ("临时用电", "临电"),
)

# The law's own, broader word for what people name more narrowly. The 安全生产法
# regulates 危险化学品 (液氨 among them) as 危险物品 (art. 117), and work such as
# 有限空间 entry as 危险作业 (art. 43): its articles never use the everyday word, so
# a query for it also matches the law's word in articles. Pages are not widened
# this way (they name the everyday word themselves), nor is the law's word narrowed
# (a search for 危险物品 does not list every page about 液氨).
LEGAL_TERMS: dict[str, tuple[str, ...]] = {
    "危险化学品": ("危险物品",),
    "液氨": ("危险化学品", "危险物品"),
    "有限空间": ("危险作业",),
}

# Words of the trade kept whole by the segmenter (every synonym is added too).
DOMAIN_WORDS: tuple[str, ...] = (
    "安全生产法",
    "安全生产责任制",
    "全员安全生产责任制",
    "双重预防",
    "隐患排查治理",
    "涉氨制冷",
    "冷库",
    "危险物品",
    "危险作业",
    "吊装",
    "爆破",
    "金属冶炼",
    "安全生产许可证",
    "注册安全工程师",
    "安全评价",
    "责令限期改正",
    "停产停业整顿",
    "行政处罚",
    "自由裁量",
    "执法检查",
    "普法",
    "空中课堂",
)

# Function words that would only narrow a search by accident.
STOPWORDS = frozenset("的 了 和 与 及 或 是 在 对 为 把 被 有 中 等".split())

_GROUP_OF = {word: group for group in SYNONYMS for word in group}

_load_lock = threading.Lock()


@lru_cache(maxsize=1)
def _jieba():
    """jieba with the domain words, loaded once per process (see :func:`warm`)."""
    with _load_lock:
        import jieba

        # jieba attaches its own handler and announces its dictionary load at DEBUG.
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        for word in {*DOMAIN_WORDS, *_GROUP_OF}:
            # A high frequency keeps the word whole in precise mode.
            jieba.add_word(word, freq=200_000)
        return jieba


def warm() -> None:
    """Load the dictionary now, so that no visitor waits for it on a first query."""
    _jieba()


@lru_cache(maxsize=1)
def warm_in_background() -> threading.Thread:
    """Load the dictionary in a daemon thread, once per process (the HTTP entry
    points, ``config.wsgi`` and ``config.asgi``, call this): the server starts at once
    and a query arriving meanwhile waits for the lock."""
    thread = threading.Thread(target=warm, name="jieba-warm", daemon=True)
    thread.start()
    return thread


# Punctuation and symbols carry no meaning for search and would become tokens.
_NOISE = re.compile(r"[^\w]+", re.UNICODE)


def _words(tokens) -> list[str]:
    return [t for t in (tok.strip() for tok in tokens) if t and not _NOISE.fullmatch(t)]


def synonyms_in(text: str) -> list[str]:
    """Every word of each synonym group that ``text`` mentions in some form."""
    found: list[str] = []
    for group in SYNONYMS:
        if any(word in text for word in group):
            found.extend(group)
    return found


def segment(text: str) -> str:
    """Text as space-separated search-mode words plus its synonyms, for the index."""
    if not text:
        return ""
    jieba = _jieba()
    words = _words(jieba.cut_for_search(text))
    # Search mode adds only the 2- and 3-character parts of the words it cut; add
    # every longer known word in the text too, wherever the cut fell (事故隐患 in
    # 重大事故隐患排查 cut as 重大事故 / 隐患排查治理).
    words += _long_words(text, jieba.dt.FREQ)
    seen = set(words)
    words += [w for w in synonyms_in(text) if w not in seen]
    return " ".join(words)


def _long_words(text: str, freq, longest: int = 9) -> list[str]:
    return [
        text[i : i + n]
        for i in range(len(text))
        for n in range(4, min(longest, len(text) - i) + 1)
        if freq.get(text[i : i + n])
    ]


@lru_cache(maxsize=512)
def segment_query(query: str) -> str:
    """A user's query as space-separated precise-mode words (all must match)."""
    return " ".join(_words(_jieba().cut((query or "").strip())))


def query_terms(query: str, *, limit: int = 8) -> list[str]:
    """Words of ``query`` worth matching, without function words and duplicates."""
    words: list[str] = []
    for word in segment_query(query or "").split():
        if word not in STOPWORDS and word not in words:
            words.append(word)
    return words[:limit]


def term_groups(terms: list[str]) -> list[tuple[str, ...]]:
    """Each query word with its synonyms: a text matches a word if it has any."""
    return [_GROUP_OF.get(term, (term,)) for term in terms]


def article_term_groups(terms: list[str]) -> list[tuple[str, ...]]:
    """:func:`term_groups` widened by the law's word for each (:data:`LEGAL_TERMS`):
    what an article must contain to match a query word."""
    groups = []
    for group in term_groups(terms):
        wider = [legal for word in group for legal in LEGAL_TERMS.get(word, ())]
        groups.append(tuple(dict.fromkeys((*group, *wider))))
    return groups


# --- ranking and highlighting (pure) -------------------------------------------

TITLE_WEIGHT = 10
MAX_COUNTED = 5


def rank(*, title: str, text: str, groups: list[tuple[str, ...]]) -> int:
    """How well a result matches: a word in the title counts far more than in the
    text, where a few mentions count and more add nothing."""
    score = 0
    for group in groups:
        if any(word in title for word in group):
            score += TITLE_WEIGHT
        score += min(MAX_COUNTED, sum(text.count(word) for word in group))
    return score


def _pattern(groups: list[tuple[str, ...]]) -> re.Pattern | None:
    words = sorted({w for group in groups for w in group if w}, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def mark(text: str, groups: list[tuple[str, ...]]) -> SafeString:
    """``text`` escaped, each matching word wrapped in ``<mark>``."""
    pattern = _pattern(groups)
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        last = match.end()
    parts.append(escape(text[last:]))
    # Every piece was escaped above.
    return mark_safe("".join(parts))


def snippet(text: str, groups: list[tuple[str, ...]], *, width: int = 90) -> SafeString:
    """About ``width`` characters of ``text`` around its first match, marked; the
    line (款 or 项) holding the match is preferred, so an article shows its item."""
    text = re.sub(r"[ \t\r\f\v]+", " ", text or "").strip()
    pattern = _pattern(groups)
    match = pattern.search(text) if pattern else None
    if match is None:
        piece = text[:width]
        return mark(piece + ("…" if len(text) > width else ""), groups)
    line_start = text.rfind("\n", 0, match.start()) + 1
    start = max(line_start, match.start() - width // 3)
    if match.start() - start > width // 2:
        start = match.start() - width // 3
    end = min(len(text), start + width)
    piece = text[start:end].replace("\n", " ")
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return mark(f"{prefix}{piece}{suffix}", groups)
