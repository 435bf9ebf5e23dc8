"""The README lists every check with the label staff see and the article it rests on."""

import re
from pathlib import Path

from peer_review.catalogue import CHECK_LABELS

README = Path(__file__).resolve().parents[2] / "README.md"


def table_rows() -> dict[str, tuple[str, str]]:
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*\| `([A-Z_]+)` \| (.+?) \| (.+) \|\s*$", line)
        if m:
            rows[m[1]] = (m[2], m[3])
    return rows


def test_every_check_is_listed_with_its_label_and_article():
    rows = table_rows()
    assert set(rows) == set(CHECK_LABELS), set(CHECK_LABELS) ^ set(rows)
    for code, (name, basis) in rows.items():
        assert name.startswith(CHECK_LABELS[code].split("（")[0]), code
        assert re.search(r"第[一二三四五六七八九十百零]+[条、至]|provision", basis), (
            code
        )
