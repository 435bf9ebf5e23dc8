"""Grading: pure functions over plain data (no ORM, no request).

Answer keys and responses are JSON-shaped values, one shape per question type:

=========  ===================================  ====================================
type       key                                  response
=========  ===================================  ====================================
single     "B"                                  "B"
multiple   ["A", "C"]                           ["C", "A"]
judge      true / false                         true / false (or "对" / "错")
blank      [["安全生产", "安全"], ["三"]]       ["安全生产", "3"] (one per blank;
           one list of accepted answers per     each compared after normalisation)
           blank
case       {"violated": "A", "penalty": "D"}    {"violated": "A", "penalty": "C"}
=========  ===================================  ====================================

Letters are the options' original letters: shuffling changes only the order shown.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

SINGLE = "single"
MULTIPLE = "multiple"
JUDGE = "judge"
BLANK = "blank"
CASE = "case"
QUESTION_TYPES = (SINGLE, MULTIPLE, JUDGE, BLANK, CASE)

# Partial credit for 多选 (a quiz setting).
PARTIAL_NONE = "none"  # all or nothing
PARTIAL_PROPORTIONAL = "proportional"  # no wrong pick: share of the correct ones
PARTIAL_HALF = "half"  # no wrong pick, some missing: half the points
PARTIAL_RULES = (PARTIAL_NONE, PARTIAL_PROPORTIONAL, PARTIAL_HALF)

HIGHEST = "highest"
LAST = "last"

OPTION_LETTERS = "ABCDEF"
CASE_PARTS = ("violated", "penalty")
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Grade:
    """The outcome of one answer: points earned out of points possible."""

    score: Decimal
    max_score: Decimal
    answered: bool

    @property
    def correct(self) -> bool:
        return self.answered and self.score == self.max_score


# --- normalisation ---------------------------------------------------------------

_SPACES = re.compile(r"\s+")
# 、 ，and , separate items the same way; ；and ; too. 。and a final . are dropped.
_SEPARATORS = str.maketrans({"、": ",", "，": ",", "；": ";", "。": ""})


def normalise_text(value: object) -> str:
    """Canonical form of a 填空 answer: full-width → half-width (NFKC), no spaces,
    Chinese and Western separators unified, case-insensitive."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    text = _SPACES.sub("", text).translate(_SEPARATORS)
    return text.rstrip(".").casefold()


def normalise_letters(value: object) -> list[str]:
    """Option letters from a response or a cell: "a、Ｃ", ["c", "A"] → ["A", "C"]."""
    if isinstance(value, (list, tuple)):
        text = "".join(str(v) for v in value)
    else:
        text = str(value or "")
    text = unicodedata.normalize("NFKC", text).upper()
    return sorted({ch for ch in text if ch in OPTION_LETTERS})


def normalise_judge(value: object) -> bool | None:
    """True / False from a response: booleans, 对/错, 正确/错误, √/×."""
    if isinstance(value, bool):
        return value
    text = unicodedata.normalize("NFKC", str(value or "")).strip().casefold()
    if text in {"对", "正确", "√", "true", "t", "1", "是"}:
        return True
    if text in {"错", "错误", "×", "x", "false", "f", "0", "否"}:
        return False
    return None


# --- grading ---------------------------------------------------------------------


def grade(
    qtype: str,
    key: object,
    response: object,
    *,
    points: Decimal | int = 1,
    partial: str = PARTIAL_NONE,
) -> Grade:
    """Grade one response against its key under the question type's rule."""
    points = Decimal(points)
    if qtype not in _GRADERS:
        raise ValueError(f"unknown question type {qtype!r}")
    answered = is_answered(qtype, response)
    if not answered:
        return Grade(Decimal(0), points, False)
    share = _GRADERS[qtype](key, response, partial)
    score = (points * share).quantize(_CENT, rounding=ROUND_HALF_UP)
    return Grade(score, points, True)


def is_answered(qtype: str, response: object) -> bool:
    """Whether anything was given (an empty answer scores 0 and is "not answered")."""
    if response is None:
        return False
    if qtype == JUDGE:
        return normalise_judge(response) is not None
    if qtype == BLANK:
        return isinstance(response, list) and any(normalise_text(r) for r in response)
    if qtype == CASE:
        return isinstance(response, dict) and any(response.get(p) for p in CASE_PARTS)
    if qtype == MULTIPLE:
        return bool(normalise_letters(response))
    return bool(normalise_letters(response)[:1])


def _grade_single(key, response, partial) -> Decimal:
    given = normalise_letters(response)
    return Decimal(len(given) == 1 and given == normalise_letters(key))


def _grade_multiple(key, response, partial) -> Decimal:
    wanted, given = set(normalise_letters(key)), set(normalise_letters(response))
    if given == wanted:
        return Decimal(1)
    if given - wanted or partial == PARTIAL_NONE:
        return Decimal(0)
    if partial == PARTIAL_HALF:
        return Decimal("0.5")
    return Decimal(len(given)) / Decimal(len(wanted))


def _grade_judge(key, response, partial) -> Decimal:
    return Decimal(normalise_judge(response) == normalise_judge(key))


def _grade_blank(key, response, partial) -> Decimal:
    blanks = list(key or [])
    if not blanks:
        return Decimal(0)
    given = list(response) + [""] * (len(blanks) - len(response))
    right = sum(
        1
        for accepted, answer in zip(blanks, given, strict=False)
        if normalise_text(answer) in {normalise_text(a) for a in accepted}
    )
    return Decimal(right) / Decimal(len(blanks))


def _grade_case(key, response, partial) -> Decimal:
    right = sum(
        1
        for part in CASE_PARTS
        if normalise_letters(response.get(part))
        and normalise_letters(response.get(part)) == normalise_letters(key.get(part))
    )
    return Decimal(right) / Decimal(len(CASE_PARTS))


_GRADERS = {
    SINGLE: _grade_single,
    MULTIPLE: _grade_multiple,
    JUDGE: _grade_judge,
    BLANK: _grade_blank,
    CASE: _grade_case,
}


# --- attempts --------------------------------------------------------------------


def total(grades: Iterable[Grade]) -> tuple[Decimal, Decimal]:
    """(score, max_score) of a paper."""
    score = max_score = Decimal(0)
    for g in grades:
        score += g.score
        max_score += g.max_score
    return score, max_score


def percent(score: Decimal, max_score: Decimal) -> Decimal:
    """Score as a percentage with one decimal (0 for an empty paper)."""
    if not max_score:
        return Decimal(0)
    return (Decimal(100) * score / max_score).quantize(Decimal("0.1"), ROUND_HALF_UP)


def has_passed(score: Decimal, max_score: Decimal, pass_mark: Decimal | int) -> bool:
    """Pass mark is a percentage of the paper's points."""
    return bool(max_score) and percent(score, max_score) >= Decimal(pass_mark)


def combine(scores: Sequence[Decimal], policy: str) -> Decimal | None:
    """The result that counts across attempts (in the order taken)."""
    if not scores:
        return None
    return max(scores) if policy == HIGHEST else scores[-1]


def attempt_deadline(
    started_at: datetime,
    *,
    time_limit: timedelta | None,
    closes_at: datetime | None,
) -> datetime | None:
    """min(start + limit, close); None when neither exists (untimed, never closes)."""
    candidates = [d for d in (closes_at,) if d is not None]
    if time_limit:
        candidates.append(started_at + time_limit)
    return min(candidates) if candidates else None


def accepts_answers(
    now: datetime, deadline: datetime | None, *, grace: timedelta
) -> bool:
    """Saves are taken until the deadline plus the grace for network latency."""
    return deadline is None or now <= deadline + grace


def key_problems(qtype: str, key: object, n_options: int) -> list[str]:
    """What is wrong with an answer key for its type (empty when it is usable)."""
    from django.utils.translation import gettext as _

    letters = OPTION_LETTERS[:n_options]
    if key in (None, "", [], {}):
        return [_("An answer key is required.")]
    if qtype in (SINGLE, MULTIPLE) and n_options < 2:
        return [_("Choice questions need at least two options.")]
    if qtype == SINGLE and not (isinstance(key, str) and key in letters):
        return [_("The key must be one option letter.")]
    if qtype == MULTIPLE and not (
        isinstance(key, list) and len(key) >= 2 and set(key) <= set(letters)
    ):
        return [_("The key must list at least two option letters.")]
    if qtype == JUDGE and not isinstance(key, bool):
        return [_("The key must be true or false.")]
    if qtype == BLANK and not (
        isinstance(key, list)
        and key
        and all(
            isinstance(b, list) and b and all(isinstance(a, str) for a in b)
            for b in key
        )
    ):
        return [_("The key must give the accepted answers for each blank.")]
    if qtype == CASE and not (
        isinstance(key, dict) and all(key.get(p) in letters for p in CASE_PARTS)
    ):
        return [_("The key must name the violated article and the penalty options.")]
    return []


MAX_BLANK_LENGTH = 200


def _is_text(value: object, *, limit: int = MAX_BLANK_LENGTH) -> bool:
    """A string a database text column takes: not too long, no NUL (PostgreSQL
    refuses it), no lone surrogate (not encodable as UTF-8)."""
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_letter(value: object, letters: set[str]) -> bool:
    # Check the type before the set lookup: a list is unhashable.
    return isinstance(value, str) and value in letters


def clean_response(qtype: str, response: object, *, n_options: int, n_blanks: int):
    """A response as stored, or ValueError when it cannot be an answer to the
    question (wrong shape or type, letters that are not options, oversized or
    unstorable text). None clears an answer. Every check looks at types first, so
    no shape a client sends (nested lists, objects, NUL bytes) raises anything else."""
    if response is None:
        return None
    letters = set(OPTION_LETTERS[:n_options])
    if qtype == SINGLE:
        if response == "":
            return None
        if not _is_letter(response, letters):
            raise ValueError("single")
        return response
    if qtype == MULTIPLE:
        if not (
            isinstance(response, list)
            and len(response) <= len(OPTION_LETTERS)
            and all(_is_letter(r, letters) for r in response)
        ):
            raise ValueError("multiple")
        return sorted(set(response))
    if qtype == JUDGE:
        if response == "":
            return None
        if not (isinstance(response, bool) or _is_text(response, limit=8)):
            raise ValueError("judge")
        value = normalise_judge(response)
        if value is None:
            raise ValueError("judge")
        return value
    if qtype == BLANK:
        if not (
            isinstance(response, list)
            and len(response) <= n_blanks
            and all(_is_text(r) for r in response)
        ):
            raise ValueError("blank")
        return response
    if qtype == CASE:
        if not (
            isinstance(response, dict)
            and set(response) <= set(CASE_PARTS)
            and all(
                v is None or v == "" or _is_letter(v, letters)
                for v in response.values()
            )
        ):
            raise ValueError("case")
        return {p: response.get(p) or "" for p in CASE_PARTS}
    raise ValueError(qtype)


@dataclass(frozen=True)
class CoverageRow:
    group: str
    assigned: int
    passed: int
    failed: int
    not_taken: int


def coverage(
    assignees: Iterable[tuple[int, str]], results: dict[int, bool]
) -> list[CoverageRow]:
    """Per group: how many of the assigned people passed, failed or have not taken
    the quiz. ``results`` maps a person to whether their counted result passed."""
    rows: dict[str, list[int]] = {}
    for person, group in assignees:
        counts = rows.setdefault(group, [0, 0, 0, 0])
        counts[0] += 1
        if person not in results:
            counts[3] += 1
        elif results[person]:
            counts[1] += 1
        else:
            counts[2] += 1
    return [CoverageRow(group, *counts) for group, counts in rows.items()]


def answer_text(qtype: str, answer) -> str:
    """An answer key as the bank's Excel file writes it (对/错, A、C, …)."""
    if qtype == JUDGE:
        return "对" if answer else "错"
    if qtype == MULTIPLE:
        return "、".join(answer or [])
    if qtype == BLANK:
        return "；".join("|".join(accepted) for accepted in answer or [])
    if qtype == CASE:
        return f"{answer.get('violated', '')}；{answer.get('penalty', '')}"
    return str(answer or "")
