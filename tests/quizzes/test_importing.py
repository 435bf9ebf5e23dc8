"""The question-bank importer's validation core and file checks (no database)."""

import io
import zipfile

import pytest
from openpyxl import load_workbook

from quizzes import importing
from quizzes.importing import COLUMNS, ImportFileError, validate_rows, write_xlsx

KNOWN = {"《安全生产法》第二十八条": "A28", "《安全生产法》第九十七条第三项": "A97"}


def resolve(text):
    found, errors = [], []
    for part in importing.split_list(text):
        if part in KNOWN:
            found.append(KNOWN[part])
        else:
            errors.append(f"未找到法规条款“{part}”")
    return found, errors


def row(**cells):
    base = dict.fromkeys(COLUMNS, "")
    base.update(cells)
    return base


GOOD = [
    row(
        题型="单选",
        题干="生产经营单位应当对从业人员进行什么？",
        选项A="安全生产教育和培训",
        选项B="文艺培训",
        答案="Ａ",  # full-width letter
        法规条款="《安全生产法》第二十八条",
        难度="２",  # full-width digit typed as text
    ),
    row(
        题型="多选",
        题干="下列哪些属于从业人员的权利？",
        选项A="知情权",
        选项B="建议权",
        选项C="拒绝违章指挥",
        答案="a、c",
        难度="4.0",  # a number cell read back as text
    ),
    row(题型="判断", 题干="从业人员可以不参加安全培训。", 答案="错"),
    row(
        题型="填空",
        题干="未经安全生产教育和培训合格的从业人员，____上岗作业。",
        答案="不得|不准",
        知识点="教育培训、从业人员",
    ),
]


def test_valid_rows_parse_into_questions_with_normalised_answers():
    result = validate_rows(GOOD, resolve_citations=resolve)
    assert result.ok, [str(e) for e in result.errors]
    single, multiple, judge, blank = result.questions
    assert (single.answer, single.difficulty, single.articles) == ("A", 2, ["A28"])
    assert (multiple.answer, multiple.difficulty) == (["A", "C"], 4)
    assert judge.answer is False and judge.difficulty == 3
    assert blank.answer == [["不得", "不准"]]
    assert blank.knowledge_points == ["教育培训", "从业人员"]


def test_every_bad_row_is_reported_with_excel_row_column_and_chinese_reason():
    rows = [
        *GOOD,
        row(题型="问答", 题干="什么是安全？", 答案="略"),  # row 6
        row(题型="单选", 题干="", 选项A="甲", 选项B="乙", 答案="A"),  # row 7
        row(题型="单选", 题干="题七", 选项A="甲", 选项B="乙", 答案="E"),  # row 8
        row(题型="判断", 题干="题八", 答案="是"),  # row 9
        row(题型="单选", 题干="题九", 选项A="甲", 选项B="乙", 答案="A",
            法规条款="《安全生产法》第九百条"),  # row 10
        row(题型="判断", 题干="从业人员可以不参加安全培训。", 答案="对"),  # row 11
        row(题型="单选", 题干="题十一", 选项A="甲", 选项C="丙", 答案="A"),  # row 12
        row(题型="单选", 题干="题十二", 选项A="甲", 选项B="乙", 答案="A",
            难度="七"),  # row 13
    ]  # fmt: skip
    result = validate_rows(rows, resolve_citations=resolve)
    found = {(e.row, e.column) for e in result.errors}
    assert {
        (6, "题型"),
        (7, "题干"),
        (8, "答案"),
        (9, "答案"),
        (10, "法规条款"),
        (11, "题干"),
        (12, "选项B"),
        (13, "难度"),
    } <= found
    messages = {e.row: str(e) for e in result.errors}
    assert "未知题型“问答”" in messages[6]
    assert "答案“E”不在选项中" in messages[8]
    assert "判断题答案应为“对”或“错”" in messages[9]
    assert "第九百条" in messages[10]
    assert "与第4行重复" in messages[11]
    assert messages[13].startswith("第13行「难度」：")
    assert not result.ok


def test_duplicate_of_a_stem_already_in_the_bank_is_refused():
    existing = {importing.stem_key("从业人员可以不参加安全培训。")}
    result = validate_rows(GOOD, resolve_citations=resolve, existing_stems=existing)
    assert [(e.row, e.reason) for e in result.errors] == [
        (4, importing.E_DUPLICATE_IN_BANK)
    ]


def test_too_many_options_and_blank_counts_are_errors():
    rows = [
        row(题型="单选", 题干="题一", 选项A="甲", 选项B="乙", 答案="A",
            选项G="庚"),
        row(题型="填空", 题干="____和____", 答案="甲"),
        row(题型="填空", 题干="没有空", 答案="甲"),
    ]  # fmt: skip
    result = validate_rows(rows, resolve_citations=resolve, extra_columns=["选项G"])
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "选项G"),
        (3, "答案"),
        (4, "题干"),
    ]


def test_case_analysis_needs_an_article_and_a_penalty_provision():
    rows = [
        row(
            题型="案例分析",
            题干="某企业未对新员工进行安全培训即安排上岗。",
            选项A="《安全生产法》第二十八条",
            选项B="《安全生产法》第九十七条第三项",
            答案="A；B",
        )
    ]
    result = validate_rows(
        rows,
        resolve_citations=resolve,
        resolve_provision=lambda text: "P97" if "九十七" in text else None,
    )
    assert result.ok
    case = result.questions[0]
    assert case.answer == {"violated": "A", "penalty": "B"}
    assert (case.case_article, case.case_provision) == ("A28", "P97")
    wrong = validate_rows(
        [{**rows[0], "答案": "B；A"}],
        resolve_citations=resolve,
        resolve_provision=lambda text: "P97" if "九十七" in text else None,
    )
    assert [e.column for e in wrong.errors] == ["选项A"]


def test_blank_lines_are_skipped_and_row_numbers_stay_excel_numbers():
    rows = [row(), GOOD[2], row(题型="判断", 题干="x", 答案="?")]
    result = validate_rows(rows, resolve_citations=resolve)
    assert [q.row for q in result.questions] == [3]
    assert [e.row for e in result.errors] == [4]


# --- files ------------------------------------------------------------------------


def test_a_written_file_reads_back_row_for_row():
    data = write_xlsx(GOOD)
    records, columns = importing.read_xlsx(data)
    assert columns == COLUMNS
    assert records[0] == (2, {**dict.fromkeys(COLUMNS, ""), **GOOD[0]})
    assert validate_rows(records, resolve_citations=resolve).ok


def test_exported_cells_that_look_like_formulas_are_text():
    data = write_xlsx([row(题干='=HYPERLINK("http://x")', 解析="+1", 知识点="@a")])
    sheet = load_workbook(io.BytesIO(data)).active
    for cell in (sheet["B2"], sheet["J2"], sheet["K2"]):
        assert cell.data_type == "s", cell.value
    assert sheet["B2"].value.startswith("=")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,stem\n1,2\n", importing.F_NOT_XLSX),
        (b"", importing.F_NOT_XLSX),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, importing.F_ENCRYPTED),
    ],
)
def test_files_that_are_not_xlsx_get_a_clear_error(data, message):
    with pytest.raises(ImportFileError) as info:
        importing.read_xlsx(data)
    assert str(info.value) == message


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_bomb_is_refused_before_openpyxl_opens_it():
    bomb = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"<a>" + b" " * (50 * 2**20) + b"</a>",
        }
    )
    with pytest.raises(ImportFileError) as info:
        importing.read_xlsx(bomb)
    assert str(info.value) == importing.F_BOMB


def test_xml_entity_tricks_are_refused():
    xxe = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    lol = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><l>&b;</l>'
    for payload in (xxe, lol):
        data = _zip({"[Content_Types].xml": payload, "xl/workbook.xml": b"<w/>"})
        with pytest.raises(ImportFileError) as info:
            importing.read_xlsx(data)
        assert str(info.value) == importing.F_UNSAFE_XML


def test_empty_sheet_and_missing_columns_are_reported():
    with pytest.raises(ImportFileError) as info:
        importing.read_xlsx(write_xlsx([]))
    assert str(info.value) == importing.F_EMPTY
    with pytest.raises(ImportFileError) as info:
        importing.read_xlsx(write_xlsx([{"题干": "x"}], columns=["题干", "备注"]))
    assert "题型" in str(info.value) and "答案" in str(info.value)
