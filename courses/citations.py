"""Parsing citations of the law as people write them (pure; no database).

``《中华人民共和国安全生产法》第九十九条第一项；《安全生产法》第二十八条、第三十六条第二款``
gives three citations; an article without a title takes the title before it. Paragraph
(款) and item (项) are kept as written; only the article is resolved to a record.

Forms written in 决定书 are read too: numbers in brackets (第（三）项, 第(三)项), a
trailing 之规定/的规定, and a list continuing the article before it (第二十八条第一款、
第四款; 第九十九条第三项、第四项). A refused text names the part it could not read.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

NUMERAL = r"[零〇一二两三四五六七八九十百千\d]+"


def _bracketed(name: str) -> str:
    """A number as written, bare or in brackets: 三, （三）, (三)."""
    return rf"\s*[（(]?\s*(?P<{name}>{NUMERAL})\s*[）)]?\s*"


CITATION_RE = re.compile(
    rf"(?:《(?P<title>[^》]+)》\s*)?"
    rf"第(?P<number>{NUMERAL})条"
    rf"(?:之(?P<suffix>{NUMERAL}))?"
    rf"(?:第{_bracketed('paragraph')}款)?"
    rf"(?:第{_bracketed('item')}项)?"
    # …or a paragraph/item continuing the article before it (、第四款 / 、第四项)
    rf"|第{_bracketed('more')}(?P<kind>[款项])"
)
# What may stand between citations: punctuation, conjunctions and the words around a
# citation in a decision (违反…之规定, 依据…的规定).
SEPARATORS = re.compile(
    r"(?:[；;、，,。\s]|之规定|的规定|规定|违反了|违反|依据|根据|依照|按照|和|及)+"
)

MSG_UNREADABLE = _("Unreadable citation of the law: “%(text)s”")
MSG_NO_TITLE = _(
    "The citation “%(text)s” names no regulation (write it as 《法规名称》第X条)"
)
MSG_EMPTY = _("No article of the law is given")


class CitationError(ValueError):
    """A citation text that cannot be read; the message is translated."""


@dataclass(frozen=True)
class Citation:
    title: str
    number: int
    suffix: int = 0
    paragraph: int | None = None
    item: int | None = None
    raw: str = ""

    @property
    def article_label(self) -> str:
        label = f"第{to_chinese(self.number)}条"
        if self.suffix:
            label += f"之{to_chinese(self.suffix)}"
        return label

    def __str__(self) -> str:
        return self.raw or f"《{self.title}》{self.article_label}"


def to_int(numeral: str) -> int:
    """ "九十七" or "97" → 97."""
    if numeral.isdigit():
        return int(numeral)
    import cn2an  # imports pkg_resources and a YAML parser: only when a number is read

    return int(cn2an.cn2an(numeral.replace("两", "二"), "smart"))


def to_chinese(number: int) -> str:
    """97 → "九十七"."""
    import cn2an

    return cn2an.an2cn(number)


def parse_citations(text: str) -> list[Citation]:
    """Every citation in ``text``; raises CitationError on anything unreadable."""
    text = (text or "").strip()
    if not text:
        raise CitationError(str(MSG_EMPTY))
    citations: list[Citation] = []
    title = ""
    position = 0
    for match in CITATION_RE.finditer(text):
        _check_gap(text[position : match.start()])
        position = match.end()
        if match["more"]:
            if not citations:
                raise CitationError(MSG_UNREADABLE % {"text": match.group(0).strip()})
            before = citations[-1]
            more = to_int(match["more"])
            paragraph, item = (
                (more, None) if match["kind"] == "款" else (before.paragraph, more)
            )
            citations.append(
                Citation(
                    title=before.title,
                    number=before.number,
                    suffix=before.suffix,
                    paragraph=paragraph,
                    item=item,
                    raw=f"《{before.title}》{before.article_label}"
                    + (f"第{to_chinese(paragraph)}款" if paragraph else "")
                    + (f"第{to_chinese(item)}项" if item else ""),
                )
            )
            continue
        title = (match["title"] or title).strip()
        raw = match.group(0).strip()
        if not title:
            raise CitationError(MSG_NO_TITLE % {"text": raw})
        citations.append(
            Citation(
                title=title,
                number=to_int(match["number"]),
                suffix=to_int(match["suffix"]) if match["suffix"] else 0,
                paragraph=to_int(match["paragraph"]) if match["paragraph"] else None,
                item=to_int(match["item"]) if match["item"] else None,
                raw=raw if match["title"] else f"《{title}》{raw}",
            )
        )
    _check_gap(text[position:])
    if not citations:
        raise CitationError(MSG_UNREADABLE % {"text": text})
    return citations


def _check_gap(between: str) -> None:
    if SEPARATORS.sub("", between):
        raise CitationError(MSG_UNREADABLE % {"text": between.strip()})
