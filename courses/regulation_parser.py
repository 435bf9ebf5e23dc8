"""Reading a regulation's published text (pure: text in, structure or errors out).

The text, in Markdown or plain text: a title line; then the promulgation and
amendment history and perhaps a 目录 (the header, which becomes metadata); then
第X章 headings (perhaps 第X节) and 第X条 articles whose paragraphs and （一） items
follow on their own lines; amended laws may have 第X条之一. A file whose structure
contradicts itself is refused with every problem's line number and reason.
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from courses.citations import to_chinese, to_int

NUMERAL = r"[零〇一二两三四五六七八九十百千\d]+"
_SPACE = r"[\s\u3000]"
CHAPTER_RE = re.compile(rf"^第(?P<n>{NUMERAL})章(?:{_SPACE}+(?P<title>.*))?$")
SECTION_RE = re.compile(rf"^第(?P<n>{NUMERAL})节(?:{_SPACE}+(?P<title>.*))?$")
ARTICLE_RE = re.compile(
    rf"^第(?P<n>{NUMERAL})条(?:之(?P<suffix>{NUMERAL}))?(?:{_SPACE}+(?P<text>.*))?$"
)
TOC_RE = re.compile(r"^目\s*录$")
DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
EFFECTIVE_RE = re.compile(r"自(\d{4})年(\d{1,2})月(\d{1,2})日起施行")
_MARKUP = re.compile(r"^(#+\s*|>\s*)|\*\*|__")


@dataclass
class ParsedArticle:
    number: int
    suffix: int
    chapter_number: int
    chapter_title: str
    section_title: str
    line: int
    paragraphs: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass
class ParsedRegulation:
    title: str
    header: list[str]
    articles: list[ParsedArticle]
    # The 施行 date given by whoever imports the text, for a text whose header
    # states none (an amended law's published header often carries only the
    # amending decision's date): it wins over anything read from the text.
    stated_effective_on: date | None = None

    @property
    def history(self) -> str:
        return "\n".join(
            line
            for line in self.header
            if not TOC_RE.match(line) and not line.startswith("<!--")
        )

    @property
    def effective_on(self) -> date | None:
        """The last 自…起施行 date of the header (the version's own); without one,
        the 附则's 本法自…起施行 when it is not older than the version's latest change
        (an amended law keeps its first date there, which is not the version's)."""
        if self.stated_effective_on is not None:
            return self.stated_effective_on
        found = EFFECTIVE_RE.findall("\n".join(self.header))
        if found:
            return date(*map(int, found[-1]))
        for article in reversed(self.articles):
            found = EFFECTIVE_RE.findall(article.text)
            if found:
                day = date(*map(int, found[-1]))
                promulgated = self.promulgated_on
                return day if promulgated is None or day >= promulgated else None
        return None

    @property
    def promulgated_on(self) -> date | None:
        """The last date in the header's history before 起施行 (its latest change)."""
        text = EFFECTIVE_RE.sub("", "\n".join(self.header))
        found = DATE_RE.findall(text)
        return date(*map(int, found[-1])) if found else None


@dataclass(frozen=True)
class LineError:
    line: int
    reason: str

    def __str__(self) -> str:
        if self.line:
            return _("Line %(line)d: %(reason)s") % {
                "line": self.line,
                "reason": self.reason,
            }
        return self.reason


class RegulationFormatError(ValueError):
    """The text's structure contradicts itself; ``errors`` lists each problem."""

    def __init__(self, errors: list[LineError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


def _clean(line: str) -> str:
    return _MARKUP.sub("", line.strip()).strip().replace("\u3000", " ").strip()


def _label(number: int, suffix: int) -> str:
    label = f"第{to_chinese(number)}条"
    return label + (f"之{to_chinese(suffix)}" if suffix else "")


def parse_regulation(text: str) -> ParsedRegulation:
    """Parse a regulation's text; raise :class:`RegulationFormatError` if malformed."""
    parser = _Parser()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _clean(raw)
        if line:
            parser.feed(number, line)
    return parser.finish()


class _Parser:
    def __init__(self):
        self.title = ""
        self.header: list[str] = []
        self.articles: list[ParsedArticle] = []
        self.errors: list[LineError] = []
        self.seen: set[tuple[int, int]] = set()
        self.chapter = (0, "")
        self.section = ""
        self.in_toc = False
        self.toc_last_chapter = 0
        self.body_started = False
        # Line of the chapter/section heading still waiting for its first article.
        self._expect_article: int | None = None

    def error(self, line: int, reason: str) -> None:
        self.errors.append(LineError(line, reason))

    def feed(self, n: int, line: str) -> None:
        if not self.title:
            self.title = line.strip("《》")
            return
        if m := ARTICLE_RE.match(line):
            self.body_started, self.in_toc = True, False
            self.article(n, m)
        elif m := CHAPTER_RE.match(line):
            self.chapter_heading(n, m)
        elif m := SECTION_RE.match(line):
            if not self.in_toc:
                self.section = line
                self.body_started = True
                self._expect_article = n
        elif not self.body_started:
            self.in_toc = self.in_toc or bool(TOC_RE.match(line))
            if not self.in_toc or TOC_RE.match(line):
                self.header.append(line)
        elif self._expect_article is not None:
            self.error(n, _("Text outside any article: “%s”") % line[:30])
        else:
            self.articles[-1].paragraphs.append(line)

    def chapter_heading(self, n: int, m) -> None:
        number = to_int(m["n"])
        if self.in_toc and number > self.toc_last_chapter:
            self.toc_last_chapter = number  # a 目录 entry, not the body
            return
        self.in_toc = False
        self.body_started = True
        if number != self.chapter[0] + 1:
            self.error(
                n,
                _("Chapter %(got)s is out of sequence: chapter %(want)s expected")
                % {"got": m["n"], "want": to_chinese(self.chapter[0] + 1)},
            )
        self.chapter = (number, m.group(0))
        self.section = ""
        self._expect_article = n

    def article(self, n: int, m) -> None:
        number = to_int(m["n"])
        suffix = to_int(m["suffix"]) if m["suffix"] else 0
        self._expect_article = None
        label = _label(number, suffix)
        if (number, suffix) in self.seen:
            self.error(n, _("%s appears twice") % label)
        else:
            self.check_sequence(n, number, suffix, label)
        self.seen.add((number, suffix))
        article = ParsedArticle(
            number, suffix, self.chapter[0], self.chapter[1], self.section, n
        )
        if m["text"]:
            article.paragraphs.append(m["text"].strip())
        self.articles.append(article)

    def check_sequence(self, n: int, number: int, suffix: int, label: str) -> None:
        """The next article is N+1, or N之(k+1) after N (之k)."""
        if not self.articles:
            if (number, suffix) != (1, 0):
                self.error(
                    n, _("%s is out of sequence: it must start at 第一条") % label
                )
            return
        last = self.articles[-1]
        if (number, suffix) not in {
            (last.number + 1, 0),
            (last.number, last.suffix + 1),
        }:
            self.error(
                n,
                _("%(label)s is out of sequence: it follows %(previous)s")
                % {"label": label, "previous": _label(last.number, last.suffix)},
            )

    def finish(self) -> ParsedRegulation:
        if not self.title:
            self.error(0, _("The file is empty."))
        elif not self.articles:
            self.error(0, _("The file contains no articles (第X条)."))
        for article in self.articles:
            if not article.paragraphs:
                self.error(
                    article.line,
                    _("%s has no text") % _label(article.number, article.suffix),
                )
        if self.errors:
            raise RegulationFormatError(sorted(self.errors, key=lambda e: e.line))
        return ParsedRegulation(self.title, self.header, self.articles)
