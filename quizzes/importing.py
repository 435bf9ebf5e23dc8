"""Question-bank Excel files: reading them safely and validating every row.

Pure apart from the two lookups the caller passes in (citations → articles, stems
already in the bank), so the command, the admin upload and the tests share it.
The file is read (and refused when hostile) by ``home.sheets``; row numbers are
Excel's, as the reader reports them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from home import sheets
from home.sheets import RowError, SheetData
from quizzes.scoring import (
    BLANK,
    CASE,
    JUDGE,
    MULTIPLE,
    OPTION_LETTERS,
    SINGLE,
    normalise_text,
)

OPTION_COLUMNS = [f"选项{letter}" for letter in OPTION_LETTERS]
COLUMNS = [
    "题型",
    "题干",
    *OPTION_COLUMNS,
    "答案",
    "解析",
    "知识点",
    "法规条款",
    "难度",
]
REQUIRED_COLUMNS = ["题型", "题干", "答案"]

TYPE_BY_NAME = {
    "单选": SINGLE,
    "单选题": SINGLE,
    "多选": MULTIPLE,
    "多选题": MULTIPLE,
    "判断": JUDGE,
    "判断题": JUDGE,
    "填空": BLANK,
    "填空题": BLANK,
    "案例分析": CASE,
    "案例分析题": CASE,
}
NAME_BY_TYPE = {
    SINGLE: "单选",
    MULTIPLE: "多选",
    JUDGE: "判断",
    BLANK: "填空",
    CASE: "案例分析",
}
DEFAULT_DIFFICULTY = 3

# Row messages (Chinese: they are shown to the bureau's trainers as they are).
E_UNKNOWN_TYPE = "未知题型“{value}”，应为单选、多选、判断、填空或案例分析"
E_NO_STEM = "题干不能为空"
E_DUPLICATE_IN_FILE = "题干与第{row}行重复"
E_DUPLICATE_IN_BANK = "题库中已有相同题干的题目"
E_NO_ANSWER = "答案不能为空"
E_TOO_FEW_OPTIONS = "{type}题至少需要两个选项"
E_OPTION_GAP = "选项须从A起连续填写，{letter}为空"
E_TOO_MANY_OPTIONS = "选项过多：最多六个选项（A–F），“{column}”不能填写"
E_NO_OPTIONS_ALLOWED = "{type}题不应填写选项"
E_ANSWER_NOT_LETTERS = "答案“{value}”应为选项字母（如 A 或 A、C）"
E_ANSWER_NOT_IN_OPTIONS = "答案“{letters}”不在选项中（共有选项 {options}）"
E_SINGLE_ONE_ANSWER = "单选题只能有一个答案"
E_MULTIPLE_ANSWERS = "多选题至少需要两个正确选项"
E_JUDGE_ANSWER = "判断题答案应为“对”或“错”，而不是“{value}”"
E_BLANK_COUNT = "题干中有{marks}处填空，答案却有{blanks}组（各空之间用“；”分隔）"
E_BLANK_NO_MARK = "填空题题干中应以“____”或“（ ）”标出填空位置"
E_CASE_ANSWER = "案例分析题答案应为“违反条款选项；处罚依据选项”，如“A；D”"
E_CASE_OPTION_CITATION = "案例分析题的选项应为法规条款：{error}"
E_CASE_NO_PROVISION = "选项{letter}“{value}”不是处罚条款（未找到对应的罚则）"
E_DIFFICULTY = "难度应为1–5的整数，而不是“{value}”"
E_UNKNOWN_COLUMN = "无法识别的列“{column}”"

# File messages: the shared reader's.
F_TOO_LARGE = sheets.F_TOO_LARGE
F_NOT_XLSX = sheets.F_NOT_XLSX
F_ENCRYPTED = sheets.F_ENCRYPTED
F_BOMB = sheets.F_BOMB
F_UNSAFE_XML = sheets.F_UNSAFE_XML
F_EMPTY = sheets.F_EMPTY
F_TOO_MANY_ROWS = sheets.F_TOO_MANY_ROWS

_BLANK_MARK = re.compile(r"_{2,}|（\s*）|\(\s*\)")
_LIST_SPLIT = re.compile(r"[、，,；;\n]+")


# A file that cannot be read at all: the shared reader's error.
ImportFileError = sheets.SheetError


@dataclass
class ParsedQuestion:
    row: int
    qtype: str
    stem: str
    options: list[str]
    answer: Any
    explanation: str = ""
    knowledge_points: list[str] = field(default_factory=list)
    citations: str = ""
    articles: list[Any] = field(default_factory=list)
    case_article: Any = None
    case_provision: Any = None
    difficulty: int = DEFAULT_DIFFICULTY


PROGRESS_EVERY = 200


@dataclass
class ImportResult:
    questions: list[ParsedQuestion]
    errors: list[RowError]

    @property
    def ok(self) -> bool:
        return not self.errors


# A resolver maps a 法规条款 cell to (articles, error messages).
CitationResolver = Callable[[str], tuple[list[Any], list[str]]]
# A provision resolver maps one citation to (penalty provision or None, article).
ProvisionResolver = Callable[[str], Any]


def clean_cell(value: object) -> str:
    """A cell as text: NFKC (full-width letters and digits → ASCII) is applied only
    where we compare; here just strip and turn pandas' "nan" leftovers into ""."""
    text = "" if value is None else str(value)
    return text.strip()


def stem_key(stem: str) -> str:
    """How two stems are compared for duplicates (width, spaces, punctuation)."""
    return normalise_text(stem)


def validate_rows(
    records: Iterable[dict[str, str] | tuple[int, dict[str, str]]],
    *,
    resolve_citations: CitationResolver,
    existing_stems: set[str] = frozenset(),
    resolve_provision: ProvisionResolver | None = None,
    extra_columns: Iterable[str] = (),
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Check every row; return the parsed questions and every error found.

    ``records`` are the sheet's rows as ``(excel_row, {column: text})`` (what
    :func:`read_xlsx` gives), or bare dicts numbered from Excel row 2.
    ``existing_stems`` holds :func:`stem_key` of stems in the bank.
    ``progress`` is told how many records have been checked, every
    ``PROGRESS_EVERY`` records.
    """
    questions: list[ParsedQuestion] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    extra = [c for c in extra_columns if c.startswith("选项")]
    for index, record in enumerate(records):
        if progress is not None and index and index % PROGRESS_EVERY == 0:
            progress(index)
        row, record = record if isinstance(record, tuple) else (index + 2, record)
        cells = {k: clean_cell(v) for k, v in record.items()}
        if not any(cells.values()):
            continue
        row_errors: list[RowError] = []

        def fail(column: str, message: str, _errors=row_errors, _row=row) -> None:
            _errors.append(RowError(_row, column, message))

        parsed = _parse_row(row, cells, extra, fail, resolve_citations)
        if parsed is not None and parsed.stem:
            key = stem_key(parsed.stem)
            if key in seen:
                fail("题干", E_DUPLICATE_IN_FILE.format(row=seen[key]))
            elif key in existing_stems:
                fail("题干", E_DUPLICATE_IN_BANK)
            seen.setdefault(key, row)
        if parsed is not None and parsed.qtype == CASE and not row_errors:
            _resolve_case(parsed, fail, resolve_citations, resolve_provision)
        errors.extend(row_errors)
        if parsed is not None and not row_errors:
            questions.append(parsed)
    return ImportResult(questions, errors)


def _parse_row(row, cells, extra, fail, resolve_citations) -> ParsedQuestion | None:
    type_name = cells.get("题型", "")
    qtype = TYPE_BY_NAME.get(unicodedata.normalize("NFKC", type_name).strip())
    if qtype is None:
        fail("题型", E_UNKNOWN_TYPE.format(value=type_name))
    stem = cells.get("题干", "")
    if not stem:
        fail("题干", E_NO_STEM)
    for column in extra:
        if cells.get(column):
            fail(column, E_TOO_MANY_OPTIONS.format(column=column))
    options = _parse_options(cells, qtype, fail)
    answer = _parse_answer(cells.get("答案", ""), qtype, options, stem, fail)
    difficulty = _parse_difficulty(cells.get("难度", ""), fail)
    citations = cells.get("法规条款", "")
    articles: list[Any] = []
    if citations:
        articles, problems = resolve_citations(citations)
        for problem in problems:
            fail("法规条款", problem)
    if qtype is None:
        return None
    return ParsedQuestion(
        row=row,
        qtype=qtype,
        stem=stem,
        options=options,
        answer=answer,
        explanation=cells.get("解析", ""),
        knowledge_points=split_list(cells.get("知识点", "")),
        citations=citations,
        articles=list(articles),
        difficulty=difficulty,
    )


def split_list(text: str) -> list[str]:
    """ "风险分级、隐患排查；培训" → ["风险分级", "隐患排查", "培训"] (unique, in order)."""
    items = [p.strip() for p in _LIST_SPLIT.split(text or "")]
    return list(dict.fromkeys(p for p in items if p))


def _parse_options(cells, qtype, fail) -> list[str]:
    filled = [(c, cells.get(c, "")) for c in OPTION_COLUMNS]
    last = max((i for i, (_c, v) in enumerate(filled) if v), default=-1)
    options = [v for _c, v in filled[: last + 1]]
    if qtype in (JUDGE, BLANK):
        if options:
            fail("选项A", E_NO_OPTIONS_ALLOWED.format(type=NAME_BY_TYPE[qtype]))
        return []
    for i, value in enumerate(options):
        if not value:
            fail(OPTION_COLUMNS[i], E_OPTION_GAP.format(letter=OPTION_LETTERS[i]))
    if qtype in (SINGLE, MULTIPLE, CASE) and len(options) < 2:
        fail("选项A", E_TOO_FEW_OPTIONS.format(type=NAME_BY_TYPE[qtype]))
    return options


def _letters_in_order(text: str) -> list[str] | None:
    """Letters of an answer cell in the order written, or None if anything else
    than letters and separators is in it."""
    text = unicodedata.normalize("NFKC", text).upper()
    letters = []
    for ch in text:
        if ch.isspace() or ch in ",;、/|":
            continue
        if ch not in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
            return None
        letters.append(ch)
    return letters


def _parse_answer(text, qtype, options, stem, fail):
    if not text:
        fail("答案", E_NO_ANSWER)
        return None
    if qtype == JUDGE:
        value = unicodedata.normalize("NFKC", text).strip()
        if value in ("对", "正确"):
            return True
        if value in ("错", "错误"):
            return False
        fail("答案", E_JUDGE_ANSWER.format(value=text))
        return None
    if qtype == BLANK:
        return _parse_blank_answer(text, stem, fail)
    if qtype not in (SINGLE, MULTIPLE, CASE):
        return None
    letters = _letters_in_order(text)
    if not letters:
        fail("答案", E_ANSWER_NOT_LETTERS.format(value=text))
        return None
    available = OPTION_LETTERS[: len(options)]
    outside = [x for x in letters if x not in available]
    if outside and options:
        fail(
            "答案",
            E_ANSWER_NOT_IN_OPTIONS.format(
                letters="、".join(outside), options=f"A–{available[-1]}"
            ),
        )
        return None
    if qtype == SINGLE:
        if len(set(letters)) != 1:
            fail("答案", E_SINGLE_ONE_ANSWER)
            return None
        return letters[0]
    if qtype == MULTIPLE:
        if len(set(letters)) < 2:
            fail("答案", E_MULTIPLE_ANSWERS)
            return None
        return sorted(set(letters))
    if len(letters) != 2:
        fail("答案", E_CASE_ANSWER)
        return None
    return {"violated": letters[0], "penalty": letters[1]}


def _parse_blank_answer(text, stem, fail):
    blanks = [
        [a.strip() for a in re.split(r"[|｜/／]", part) if a.strip()]
        for part in re.split(r"[;；\n]", text)
    ]
    blanks = [b for b in blanks if b]
    marks = len(_BLANK_MARK.findall(stem or ""))
    if stem and marks == 0:
        fail("题干", E_BLANK_NO_MARK)
        return None
    if stem and marks != len(blanks):
        fail("答案", E_BLANK_COUNT.format(marks=marks, blanks=len(blanks)))
        return None
    return blanks


def _parse_difficulty(text, fail) -> int:
    if not text:
        return DEFAULT_DIFFICULTY
    value = unicodedata.normalize("NFKC", text).strip()
    # A number typed into a text cell, or read back from a numeric one: "3", "3.0".
    match = re.fullmatch(r"([1-5])(?:\.0+)?", value)
    if not match:
        fail("难度", E_DIFFICULTY.format(value=text))
        return DEFAULT_DIFFICULTY
    return int(match.group(1))


def _resolve_case(parsed, fail, resolve_citations, resolve_provision) -> None:
    """Both parts of a 案例分析 answer point at real law: the violated option is an
    article, the penalty option a penalty provision."""
    resolved = []
    for i, option in enumerate(parsed.options):
        articles, problems = resolve_citations(option)
        for problem in problems:
            fail(OPTION_COLUMNS[i], E_CASE_OPTION_CITATION.format(error=problem))
        resolved.append(articles[0] if articles else None)
    if not parsed.answer or any(r is None for r in resolved):
        return
    violated = OPTION_LETTERS.index(parsed.answer["violated"])
    penalty = OPTION_LETTERS.index(parsed.answer["penalty"])
    parsed.case_article = resolved[violated]
    if resolve_provision is not None:
        provision = resolve_provision(parsed.options[penalty])
        if provision is None:
            fail(
                OPTION_COLUMNS[penalty],
                E_CASE_NO_PROVISION.format(
                    letter=OPTION_LETTERS[penalty], value=parsed.options[penalty]
                ),
            )
        parsed.case_provision = provision


# --- reading and writing the file ------------------------------------------------


def read_xlsx(
    data, limits: sheets.Limits | None = None
) -> tuple[list[tuple[int, dict[str, str]]], list[str]]:
    """The first sheet's rows as ``(excel_row, {column: text})``, and its columns."""
    sheet = sheets.read_xlsx(
        data, required=REQUIRED_COLUMNS, limits=limits, skip_examples=True
    )
    if not sheet.rows:
        raise ImportFileError(
            sheets.F_ONLY_EXAMPLES if sheet.skipped_examples else F_EMPTY
        )
    return sheet.rows, sheet.columns


def write_xlsx(rows: Iterable[dict[str, str]], *, columns=COLUMNS) -> bytes:
    """An xlsx in the import layout (the shared writer: text stays text)."""
    return sheets.build_xlsx(
        [
            SheetData(
                name="题库",
                headers=list(columns),
                rows=[[row.get(column, "") for column in columns] for row in rows],
                widths={"题干": 60, "解析": 60},
            )
        ]
    )


# One example per type: what the downloadable template shows.
TEMPLATE_ROWS = [
    {
        "题型": "单选",
        "题干": "生产经营单位的主要负责人是本单位安全生产的（ ）。",
        "选项A": "第一责任人",
        "选项B": "直接责任人",
        "选项C": "监督责任人",
        "选项D": "间接责任人",
        "答案": "A",
        "解析": "安全生产法第五条：主要负责人是本单位安全生产第一责任人。",
        "知识点": "主要负责人职责",
        "法规条款": "《中华人民共和国安全生产法》第五条",
        "难度": "1",
    },
    {
        "题型": "多选",
        "题干": "安全设备应当符合国家标准或者行业标准的环节包括（ ）。",
        "选项A": "设计",
        "选项B": "制造",
        "选项C": "检测",
        "选项D": "广告宣传",
        "答案": "A、B、C",
        "解析": "第三十六条列举设计、制造、安装、使用、检测、维修、改造和报废。",
        "知识点": "安全设备",
        "法规条款": "《安全生产法》第三十六条",
        "难度": "2",
    },
    {
        "题型": "判断",
        "题干": "未经安全生产教育和培训合格的从业人员，可以先上岗后补训。",
        "答案": "错",
        "解析": "第二十八条：未经培训合格的从业人员，不得上岗作业。",
        "知识点": "教育培训",
        "法规条款": "《安全生产法》第二十八条",
        "难度": "1",
    },
    {
        "题型": "填空",
        "题干": "生产经营单位的特种作业人员必须经专门的安全作业培训，取得____，方可上岗作业。",
        "答案": "相应资格|资格",
        "解析": "第三十条。多个空用“；”分隔，同一空的多个可接受答案用“|”分隔。",
        "知识点": "特种作业",
        "法规条款": "《安全生产法》第三十条",
        "难度": "2",
    },
    {
        "题型": "案例分析",
        "题干": "某公司安排未经安全培训的新员工直接上岗。请选择其违反的条款和处罚依据。",
        "选项A": "《安全生产法》第二十八条",
        "选项B": "《安全生产法》第三十六条",
        "选项C": "《安全生产法》第九十九条第一项",
        "选项D": "《安全生产法》第九十七条第三项",
        "答案": "A；D",
        "解析": "答案写“违反条款选项；处罚依据选项”。",
        "知识点": "教育培训、行政处罚",
        "法规条款": "《安全生产法》第二十八条",
        "难度": "3",
    },
]


DIFFICULTY_NOTE = "1–5 的整数：1 很容易，2 较容易，3 中等（不填按 3），4 较难，5 很难。"
TEMPLATE_NOTES = [
    ("题型", "单选、多选、判断、填空或案例分析。"),
    ("题干", "题目正文；同一题库中题干不能重复。填空题用 ____ 标出空位。"),
    ("选项A", "单选、多选、案例分析填写选项，至少两个，最多到选项F；判断、填空不填。"),
    (
        "答案",
        "单选写一个字母（A）；多选写多个字母（A、B、C）；判断写“对”或“错”；"
        "填空每空一个答案，多个空用“；”分隔，同一空的多个可接受答案用“|”分隔；"
        "案例分析写“违反条款选项；处罚依据选项”（A；D）。",
    ),
    ("解析", "答题后显示的讲解，建议写明依据的条款。"),
    ("知识点", "多个知识点用“、”分隔。"),
    ("法规条款", "如《安全生产法》第二十八条；须是法规库中已有的条款。"),
    ("难度", DIFFICULTY_NOTE),
]


def template_xlsx() -> bytes:
    """The download template: instructions, a dropdown for 题型 and 难度, and one
    example per type (marked 【示例】, skipped on import)."""
    return sheets.build_template(
        name="题库",
        headers=COLUMNS,
        examples=[[row.get(c, "") for c in COLUMNS] for row in TEMPLATE_ROWS],
        choices={
            "题型": list(NAME_BY_TYPE.values()),
            "难度": ["1", "2", "3", "4", "5"],
        },
        instructions=TEMPLATE_NOTES,
        required=REQUIRED_COLUMNS,
        widths={"题干": 50, "解析": 40, "答案": 14, "法规条款": 30, "知识点": 16},
    )
