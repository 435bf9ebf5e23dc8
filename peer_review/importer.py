"""Import of case files from Excel in DESIGN.md's layout, validated row by row.

``read_workbook`` reads the sheet as text through the shared hardened reader
(``home.sheets``: a hostile file is a ``SheetError``, never a crash); ``validate``
checks every row and returns
either the rows ready to save or every error with its row number (as Excel shows it),
column and reason. Nothing is saved unless every row is valid
(``services.casefiles_import``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import EnforcementGroup, Enterprise, User
from accounts.validators import validate_credit_code
from courses.citations import to_chinese
from courses.models import PenaltyProvision
from courses.services import resolve_citations
from home import sheets
from home.sheets import RowError
from peer_review.catalogue import (
    DocumentType,
    LicenceAction,
    PartyType,
    Procedure,
    ServiceMethod,
)
from peer_review.checks import Officer
from peer_review.models import CaseFile, CaseOfficer

REQUIRED_COLUMNS = [
    "案号",
    "案件类型",
    "执法小组",
    "承办人",
    "当事人",
    "统一社会信用代码",
    "违法行为",
    "违反条款",
    "处罚依据",
    "罚款金额",
    "立案日期",
    "调查终结日期",
    "告知日期",
    "听证日期",
    "决定日期",
    "送达日期",
    "执行日期",
    "结案日期",
]
# Optional columns a fuller register may carry; the checks use them when present.
OPTIONAL_COLUMNS = [
    "裁量阶次",
    "其他处罚",
    "送达方式",
    "违法行为发生日期",
    "陈述申辩日期",
    "听证告知日期",
    "听证申请日期",
    "听证通知日期",
    "法制审核日期",
    "集体讨论日期",
    "缴款日期",
    "卷内文书",
    "重大案件",
    # The facts the law turns on (each optional: a blank cell means "not recorded",
    # and a check that needs it reports 无法判断 naming the column).
    "当事人类型",
    "没收金额",
    "许可证件处理",
    "违法行为持续",
    "违法行为终了日期",
    "危害后果",
    "先行登记保存日期",
    "保存证据处理决定日期",
    "责令改正日期",
    "整改期限",
    "复查日期",
    "逾期未改正",
    "放弃陈述申辩",
    "放弃听证",
    "延期决定期限",
    "延期批准人",
    "电子送达确认",
    "延期缴纳批准",
    "告知拟罚款金额",
    "听证主持人",
]
DATE_COLUMNS = {
    "立案日期": "filed_on",
    "调查终结日期": "investigation_ended_on",
    "告知日期": "notified_on",
    "听证日期": "hearing_on",
    "决定日期": "decided_on",
    "送达日期": "served_on",
    "执行日期": "executed_on",
    "结案日期": "closed_on",
    "违法行为发生日期": "occurred_on",
    "陈述申辩日期": "statement_on",
    "听证告知日期": "hearing_right_notified_on",
    "听证申请日期": "hearing_requested_on",
    "听证通知日期": "hearing_notice_on",
    "法制审核日期": "legal_review_on",
    "集体讨论日期": "collective_discussion_on",
    "缴款日期": "paid_on",
    "违法行为终了日期": "violation_ended_on",
    "先行登记保存日期": "preserved_on",
    "保存证据处理决定日期": "preservation_decided_on",
    "责令改正日期": "correction_ordered_on",
    "整改期限": "correction_due_on",
    "复查日期": "rechecked_on",
    "延期决定期限": "decision_extended_to",
}
# Yes/no columns: blank is "not recorded" (None), never "no".
TRISTATE_COLUMNS = {
    "违法行为持续": "continuing",
    "危害后果": "harm_to_life_or_health",
    "逾期未改正": "uncorrected",
    "放弃陈述申辩": "statement_waived",
    "放弃听证": "hearing_waived",
    "电子送达确认": "electronic_consent",
}
# The model fields the importer fills from one column each: the model's own limits
# (a length, a number of digits) are reported under that column.
FIELD_COLUMNS = {
    **{field: column for column, field in DATE_COLUMNS.items()},
    **{field: column for column, field in TRISTATE_COLUMNS.items()},
    "number": "案号",
    "party_name": "当事人",
    "party_credit_code": "统一社会信用代码",
    "violation": "违法行为",
    "violated_citation": "违反条款",
    "penalty_citation": "处罚依据",
    "fine": "罚款金额",
    "confiscated_amount": "没收金额",
    "proposed_fine": "告知拟罚款金额",
    "other_penalties": "其他处罚",
    "extension_approved_by": "延期批准人",
    "hearing_chair": "听证主持人",
    "major_case": "重大案件",
    "payment_deferred": "延期缴纳批准",
}
# The filled-in row of the download template: a sound general-procedure file.
EXAMPLE_ROW = {
    "案号": "津东应急罚〔2025〕1号",
    "案件类型": "一般程序",
    "执法小组": "执法一组",
    "承办人": "张执法（120110000001）、刘安全（120110000002）",
    "当事人": "津东化工储运有限公司",
    "当事人类型": "单位",
    "统一社会信用代码": "91120110000000001A",
    "违法行为": "未按规定对从业人员进行安全生产教育和培训",
    "违反条款": "《安全生产法》第二十八条",
    "处罚依据": "《中华人民共和国安全生产法》第九十七条第三项",
    "罚款金额": "27000",
    "重大案件": "否",
    "延期缴纳批准": "否",
    "裁量阶次": "一般",
    "送达方式": "直接送达",
    "卷内文书": "立案审批表、现场检查记录、询问笔录、证据材料、调查终结报告、"
    "行政处罚告知书、行政处罚决定书、送达回证、结案审批表、陈述申辩记录、罚款缴纳凭证",
    "违法行为发生日期": "2025-01-03",
    "违法行为持续": "否",
    "立案日期": "2025-01-06",
    "调查终结日期": "2025-01-20",
    "告知日期": "2025-01-22",
    "陈述申辩日期": "2025-01-24",
    "放弃陈述申辩": "否",
    "决定日期": "2025-01-31",
    "送达日期": "2025-02-07",
    "缴款日期": "2025-02-17",
    "执行日期": "2025-02-17",
    "结案日期": "2025-02-20",
}
PROCEDURES = {label: value for value, label in Procedure.choices}
SERVICE_METHODS = {label: value for value, label in ServiceMethod.choices}
DOCUMENT_TYPES = {label: value for value, label in DocumentType.choices}
YES = {"是", "Y", "y", "1", "TRUE", "True", "true", "有"}
NO = {"否", "N", "n", "0", "FALSE", "False", "false", "无"}
PARTY_TYPES = {label: value for value, label in PartyType.choices}
LICENCE_ACTIONS = {label: value for value, label in LicenceAction.choices} | {
    "暂扣": LicenceAction.SUSPEND,
    "吊销": LicenceAction.REVOKE,
    "撤销": LicenceAction.CANCEL,
}
SEPARATORS = re.compile(r"[、，,；;]")


@dataclass
class CaseRow:
    """A validated row, ready for ``services.casefiles_import``."""

    fields: dict
    officers: list[tuple[str, str, User | None]] = field(default_factory=list)


def read_workbook(source) -> sheets.Sheet:
    """The first sheet as text with Excel row numbers (bytes, a path or an upload).
    Raises ``home.sheets.SheetError`` (Chinese message) for a file that cannot be
    read, is hostile, or lacks a required column."""
    return sheets.read_xlsx(source, required=REQUIRED_COLUMNS, skip_examples=True)


TIER_NAMES = ["轻微", "一般", "较重", "严重"]
TEMPLATE_NOTES = [
    ("案号", "如 津东应急罚〔2025〕1号；同一文件中不能重复。"),
    ("案件类型", "一般程序或简易程序。"),
    ("承办人", "多人用“、”分隔，执法证号写在括号内：张执法（120110000001）。"),
    ("统一社会信用代码", "18 位。"),
    ("违反条款", "如《安全生产法》第二十八条；须是法规库中已有的条款。"),
    ("处罚依据", "如《中华人民共和国安全生产法》第九十七条第三项。"),
    ("罚款金额", "单位：元，只写数字。"),
    (
        "裁量阶次",
        "处罚依据在裁量基准中的阶次（轻微、一般、较重、严重），须与该条款的阶次一致。",
    ),
    ("送达方式", "从下拉列表中选择。"),
    ("卷内文书", "卷内已有的文书，多项用“、”分隔，名称须与下拉列表一致。"),
    ("重大案件", "是或否。"),
    (
        "告知拟罚款金额",
        "行政处罚告知书中的拟罚款金额，单位：元；重新告知的，填最后一次告知的金额。",
    ),
    ("听证主持人", "举行听证的填写：姓名（执法证号）。"),
]


def template_xlsx() -> bytes:
    """The register template: instructions, dropdowns for the coded columns
    (案件类型, 裁量阶次, 送达方式, 卷内文书, 重大案件) and the example row
    (marked 【示例】, skipped on import); dates and codes are text cells."""
    from courses.models import DiscretionTier

    columns = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    tiers = list(dict.fromkeys(DiscretionTier.objects.values_list("name", flat=True)))
    notes = [(c, n) for c, n in TEMPLATE_NOTES if c in columns]
    notes += [(c, "写成 2025-03-18。") for c in DATE_COLUMNS if c in columns]
    return sheets.build_template(
        name="执法案卷",
        headers=columns,
        examples=[[EXAMPLE_ROW.get(column, "") for column in columns]],
        choices={
            "案件类型": list(PROCEDURES),
            "裁量阶次": tiers or TIER_NAMES,
            "送达方式": list(SERVICE_METHODS),
            "卷内文书": list(DOCUMENT_TYPES),
            "重大案件": ["是", "否"],
        },
        open_choices=["卷内文书"],
        instructions=notes,
        required=REQUIRED_COLUMNS,
        widths={
            **dict.fromkeys(DATE_COLUMNS, 13),
            "案号": 24,
            "承办人": 30,
            "当事人": 26,
            "统一社会信用代码": 22,
            "违法行为": 30,
            "违反条款": 26,
            "处罚依据": 32,
            "卷内文书": 40,
        },
    )


def sheet_from_rows(rows: list[dict]) -> sheets.Sheet:
    """Rows already in memory (column → value) as if read from a file starting at
    Excel row 2: the demo year goes through the same validation."""
    columns = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    return sheets.Sheet(
        columns=columns,
        rows=[
            (number, {c: sheets.cell_text(row.get(c)) for c in columns})
            for number, row in enumerate(rows, start=2)
        ],
    )


def parse_date(text: str) -> date:
    text = text.strip()
    for fmt in (
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y.%m.%d",
        "%Y年%m月%d日",
        "%Y-%m-%d %H:%M:%S",
    ):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


class _Row:
    """Validates one row, collecting an error per bad cell."""

    def __init__(self, number: int, values: dict, errors: list[RowError]):
        self.number = number  # Excel's row, as the reader found it
        self.values = values
        self.errors = errors

    def cell(self, column: str) -> str:
        return str(self.values.get(column, "")).strip()

    def error(self, column: str, reason) -> None:
        self.errors.append(RowError(self.number, column, str(reason)))

    def required(self, column: str) -> str:
        value = self.cell(column)
        if not value:
            self.error(column, _("required"))
        return value


def _quiet_date(text: str) -> date | None:
    try:
        return parse_date(text) if text.strip() else None
    except ValueError:
        return None


def provision_for(article, item: str) -> PenaltyProvision | None:
    """The penalty provision of ``article`` (and item); when that version has none,
    the provision entered on the same article of the same version imported again
    (same 施行 date) or of a version whose article reads the same."""
    provision = PenaltyProvision.objects.filter(article=article, item=item).first()
    if provision is not None:
        return provision
    regulation = article.regulation
    candidates = PenaltyProvision.objects.filter(
        item=item,
        article__number=article.number,
        article__suffix=article.suffix,
        article__regulation__title=regulation.title,
    ).select_related("article__regulation")
    text = "".join(article.text.split())
    for candidate in candidates:
        other = candidate.article
        same_version = (
            regulation.effective_on is not None
            and other.regulation.effective_on == regulation.effective_on
        )
        if same_version or "".join(other.text.split()) == text:
            return candidate
    return None


def _same_name(name: str) -> str:
    """A party's name for comparison: spaces and bracket widths do not matter."""
    return re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")


def _amount(row: _Row, column: str) -> Decimal | None:
    text = row.cell(column).replace(",", "").replace("，", "").removesuffix("元")
    if not text:
        return None
    try:
        value = Decimal(text)
        if value < 0 or not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        row.error(column, _("not an amount in yuan"))
        return None
    return value


def _yes_no(row: _Row, column: str) -> bool | None:
    text = row.cell(column)
    if not text:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    row.error(column, _("must be 是 or 否 (or left blank)"))
    return None


def _resolve_one(row: _Row, column: str, on: date | None = None):
    text = row.cell(column)
    if not text:
        row.error(column, _("required"))
        return None, None
    resolved, problems = resolve_citations(text, on=on)
    for problem in problems:
        row.error(column, problem)
    if problems or not resolved:
        return None, None
    return resolved[0]


def _validate_row(row: _Row, groups, seen: set[str]) -> CaseRow | None:
    before = len(row.errors)
    fields: dict = {}
    number = row.required("案号")
    if number and number in seen:
        row.error("案号", _("repeated in this workbook"))
    elif number and CaseFile.objects.filter(number=number).exists():
        row.error("案号", _("a case file with this number already exists"))
    seen.add(number)
    fields["number"] = number

    procedure = row.required("案件类型")
    if procedure and procedure not in PROCEDURES:
        row.error("案件类型", _("must be 一般程序 or 简易程序"))
    fields["procedure"] = PROCEDURES.get(procedure, Procedure.GENERAL)

    group_name = row.required("执法小组")
    group = groups.get(group_name)
    if group_name and group is None:
        row.error("执法小组", _("no such enforcement group"))
    fields["group"] = group

    officers = []
    for part in filter(None, (p.strip() for p in SEPARATORS.split(row.cell("承办人")))):
        officer = Officer.parse(part)
        if officer is None:
            row.error("承办人", _("cannot read “%(text)s”") % {"text": part})
            continue
        name, cert = officer.name, officer.certificate_number
        user = User.objects.filter(name=name, enforcement_group=group).first()
        officers.append((name, cert, user))
    if not officers:
        row.error("承办人", _("required"))

    fields["party_name"] = row.required("当事人")
    code = row.cell("统一社会信用代码").upper()
    if code:
        try:
            validate_credit_code(code)
        except ValidationError as error:
            row.error("统一社会信用代码", " ".join(error.messages))
    fields["party_credit_code"] = code
    fields["party"] = (
        Enterprise.objects.filter(credit_code=code).first() if code else None
    )
    if (
        fields["party"] is not None
        and fields["party_name"]
        and _same_name(fields["party"].name) != _same_name(fields["party_name"])
    ):
        row.error(
            "当事人",
            _(
                "“%(name)s” differs from “%(enterprise)s”, the enterprise the credit "
                "code %(code)s belongs to: correct the name or the code"
            )
            % {
                "name": fields["party_name"],
                "enterprise": fields["party"].name,
                "code": code,
            },
        )
    fields["violation"] = row.required("违法行为")

    # Citations resolve to the version in force when the case was decided (filed).
    on = _quiet_date(row.cell("决定日期")) or _quiet_date(row.cell("立案日期"))
    fields["violated_citation"] = row.cell("违反条款")
    _citation, fields["violated_article"] = _resolve_one(row, "违反条款", on)
    fields["penalty_citation"] = row.cell("处罚依据")
    citation, article = _resolve_one(row, "处罚依据", on)
    provision = None
    if article is not None:
        item = f"第{to_chinese(citation.item)}项" if citation.item else ""
        provision = provision_for(article, item)
        if provision is None:
            row.error(
                "处罚依据",
                _("%(citation)s is not a penalty provision in the law library")
                % {"citation": citation},
            )
    fields["provision"] = provision

    fields["fine"] = _amount(row, "罚款金额")
    fields["confiscated_amount"] = _amount(row, "没收金额")
    party_type = row.cell("当事人类型")
    if party_type and party_type not in PARTY_TYPES:
        row.error("当事人类型", _("must be 单位 or 个人 (or left blank)"))
    fields["party_type"] = PARTY_TYPES.get(party_type, "")
    licence = row.cell("许可证件处理")
    if licence and licence not in LICENCE_ACTIONS:
        row.error("许可证件处理", _("must be 暂扣, 吊销 or 撤销 (or left blank)"))
    fields["licence_action"] = LICENCE_ACTIONS.get(licence, "")
    for column, name in TRISTATE_COLUMNS.items():
        fields[name] = _yes_no(row, column)
    fields["extension_approved_by"] = row.cell("延期批准人")
    fields["proposed_fine"] = _amount(row, "告知拟罚款金额")
    chair = row.cell("听证主持人")
    if chair and Officer.parse(chair) is None:
        row.error("听证主持人", _("cannot read “%(text)s”") % {"text": chair})
    fields["hearing_chair"] = chair
    fields["payment_deferred"] = _yes_no(row, "延期缴纳批准")
    fields["evidence_preserved"] = bool(row.cell("先行登记保存日期"))

    tier_name = row.cell("裁量阶次")
    fields["tier"] = None
    if tier_name and provision is not None:
        fields["tier"] = provision.tiers.filter(name=tier_name).first()
        if fields["tier"] is None:
            row.error("裁量阶次", _("no such tier for this provision"))

    for column, name in DATE_COLUMNS.items():
        text = row.cell(column)
        fields[name] = None
        if text:
            try:
                fields[name] = parse_date(text)
            except ValueError:
                row.error(column, _("not a date (YYYY-MM-DD)"))
    if not fields["filed_on"]:
        row.error("立案日期", _("required"))

    method = row.cell("送达方式")
    if method and method not in SERVICE_METHODS:
        row.error("送达方式", _("unknown service method"))
    fields["service_method"] = SERVICE_METHODS.get(method, "")
    fields["other_penalties"] = row.cell("其他处罚")
    fields["major_case"] = _yes_no(row, "重大案件")
    checklist = []
    for name in filter(
        None, (p.strip() for p in SEPARATORS.split(row.cell("卷内文书")))
    ):
        if name not in DOCUMENT_TYPES:
            row.error("卷内文书", _("unknown document “%(name)s”") % {"name": name})
        else:
            checklist.append(DOCUMENT_TYPES[name])
    fields["checklist"] = checklist
    if len(row.errors) == before:
        _model_limits(row, fields, officers)
    if len(row.errors) > before:
        return None
    return CaseRow(fields=fields, officers=officers)


def _model_limits(row: _Row, fields: dict, officers: list) -> None:
    """What the database would refuse at save (a 听证主持人 longer than its field, a
    fine of more digits than the column holds), named by column here, so that the
    import fails as a list of cells and never at save."""
    checked = set(FIELD_COLUMNS)
    try:
        CaseFile(**fields).clean_fields(
            exclude=[f.name for f in CaseFile._meta.fields if f.name not in checked]
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                row.error(FIELD_COLUMNS[field], message)
    for name, cert, _user in officers:
        try:
            CaseOfficer(name=name, certificate_number=cert).clean_fields(
                exclude=["case", "user", "sort_order"]
            )
        except ValidationError as error:
            row.error("承办人", f"{name}：" + "；".join(error.messages))


def validate(sheet: sheets.Sheet) -> tuple[list[CaseRow], list[RowError]]:
    """Every row checked; rows are only usable when the error list is empty."""
    errors: list[RowError] = []
    groups = {g.name: g for g in EnforcementGroup.objects.all()}
    seen: set[str] = set()
    rows = []
    for number, values in sheet.rows:
        row = _validate_row(_Row(number, values, errors), groups, seen)
        if row is not None:
            rows.append(row)
    return rows, errors
