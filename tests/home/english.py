"""Find English words and raw codes in what an admin page shows a person.

Text nodes and the attributes people read (title, placeholder, aria-label, alt,
tooltips) are scanned; scripts, styles, code blocks, hidden or undisplayed
elements, key caps (kbd) and URLs are not. A word is a run of ASCII letters (two
or more); format names in capitals (PDF, XLSX), identifiers with digits or hyphens
(article keys such as aqsc-fa-2021-97) and the values the test data itself holds
(user names, host names) are allowed.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SKIP_TAGS = {
    "script",
    "style",
    "code",
    "pre",
    "textarea",
    "svg",
    "template",
    "noscript",
    # Key caps (Ctrl, Alt, Esc in the shortcuts dialog) read as the keyboard prints them.
    "kbd",
}
VOID_TAGS = {"input", "br", "img", "hr", "meta", "link", "source", "col", "wbr"}
READ_ATTRIBUTES = {
    "title",
    "placeholder",
    "aria-label",
    "alt",
    "data-w-tooltip-content-value",
}
# An element a script has switched off (jQuery's .hide(): style="display: none;").
NOT_DISPLAYED = re.compile(r"display\s*:\s*none")
WORD = re.compile(r"[A-Za-z][A-Za-z_.]*[A-Za-z_]")
# Format and protocol names people read as they are.
ALLOWED = {"JavaScript", "Excel", "WebSocket", "English", "http", "https"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.texts: list[tuple[str, str]] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag in VOID_TAGS:
            return
        if (
            self.stack
            or tag in SKIP_TAGS
            or "hidden" in attributes
            or NOT_DISPLAYED.search(attributes.get("style") or "")
        ):
            self.stack.append(tag)
            return
        for name in READ_ATTRIBUTES & attributes.keys():
            if attributes[name]:
                self.texts.append((f"@{name}", attributes[name]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1] == tag and tag not in VOID_TAGS:
            self.stack.pop()

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        elif tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if not self.stack and data.strip():
            self.texts.append(("", data.strip()))


def _is_identifier(text: str, start: int, end: int) -> bool:
    """Part of a key, file name, URL or number: 'aqsc-fa-2021-97', 'a.xlsx'."""
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    return bool(
        (before and (before.isdigit() or before in "-_/@.:#"))
        or (after and (after.isdigit() or after in "-_/@:"))
    )


def english_words(html: str, allowed: set[str] = frozenset()) -> list[str]:
    """The English words a person reads on ``html``, each with its context."""
    parser = _TextParser()
    parser.feed(html)
    found = []
    for where, text in parser.texts:
        for match in WORD.finditer(text):
            word = match.group()
            if (
                word in ALLOWED
                or word in allowed
                or (word.isupper() and len(word) <= 5)
                or _is_identifier(text, match.start(), match.end())
            ):
                continue
            found.append(f"{where}{word!r} in {text[:100]!r}")
    return found


def links(html: str) -> list[str]:
    parser = _TextParser()
    parser.feed(html)
    sidebar = re.findall(r'"url": ?"(/admin/[^"]*)"', html)
    return [*parser.links, *sidebar]
