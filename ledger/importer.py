"""Import past activities from an Excel file (the bureau's 活动台账 template).

The file goes through the shared hardened reader (``home.sheets``): a hostile or
unreadable file is one Chinese message, never a crash. Every row is checked; every
bad row is reported with its spreadsheet row number, its column and the reason, and nothing is written unless every row is valid
(``dry_run`` writes nothing at all). The management command ``import_activities``
and the admin upload page both call ``import_activities``.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import Enterprise
from courses.services import resolve_citations
from home import sheets
from home.sheets import RowError
from ledger.models import Activity, ActivityType, ResponsibilityItem
from ledger.services import activity_link

COL_TITLE = "活动名称"
COL_TYPE = "活动类型"
COL_DATE = "日期"
COL_PLACE = "地点"
COL_ORGANISER = "组织单位"
COL_OFFICERS = "执法人员"
COL_ENTERPRISES = "覆盖企业"
COL_PARTICIPANTS = "参与人数"
COL_ARTICLES = "法规条款"
COL_MATERIALS = "发放材料"
COL_ITEMS = "责任清单事项"
COL_NOTES = "备注"
COLUMNS = [
    COL_TITLE,
    COL_TYPE,
    COL_DATE,
    COL_PLACE,
    COL_ORGANISER,
    COL_OFFICERS,
    COL_ENTERPRISES,
    COL_PARTICIPANTS,
    COL_ARTICLES,
    COL_MATERIALS,
    COL_ITEMS,
    COL_NOTES,
]
REQUIRED = [COL_TITLE, COL_TYPE, COL_DATE, COL_ORGANISER]

# How the bureau writes each type in its own ledgers.
TYPE_NAMES = {
    "送法进企": ActivityType.LAW_TO_ENTERPRISES,
    "企业走访帮扶": ActivityType.VISIT,
    "走访帮扶": ActivityType.VISIT,
    "执法大讲堂": ActivityType.LECTURE,
    "岗位大练兵": ActivityType.SKILLS_DRILL,
    "跟班实训/专家入企": ActivityType.EXPERT_SHADOWING,
    "跟班实训": ActivityType.EXPERT_SHADOWING,
    "专家入企": ActivityType.EXPERT_SHADOWING,
    "安全生产月": ActivityType.SAFETY_MONTH,
    "防震减灾日": ActivityType.DISASTER_DAY,
    "其他": ActivityType.OTHER,
}
SEPARATORS = re.compile(r"[、，,；;\n]+")
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")

EXAMPLE_ROW = [
    "送法进企（化工园区专场）",
    "送法进企",
    "2025-03-18",
    "东丽区化工园区会议室",
    "执法支队",
    "张执法、刘安全",
    "津东化工储运有限公司、东丽精细化学品有限公司",
    "60",
    "《安全生产法》第二十八条；《安全生产法》第三十六条",
    "宣传手册200份",
    "1",
    "",
]


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)
    # The file as a whole could not be read (hostile, encrypted, not xlsx…).
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error


@dataclass
class _Row:
    number: int
    values: dict = field(default_factory=dict)
    relations: dict = field(default_factory=dict)


TEMPLATE_NOTES = [
    (COL_TITLE, "活动名称；同一名称和日期的活动不会重复导入。"),
    (COL_TYPE, "从下拉列表中选择。"),
    (COL_DATE, "写成 2025-03-18。"),
    (COL_OFFICERS, "多人用“、”分隔，须是平台上的执法人员。"),
    (COL_ENTERPRISES, "多家用“、”分隔，须与企业名录中的名称一致。"),
    (COL_PARTICIPANTS, "整数。"),
    (COL_ARTICLES, "多条用“；”分隔，如《安全生产法》第二十八条。"),
    (COL_ITEMS, "普法责任清单中的事项序号，多项用“、”分隔。"),
]


def template_xlsx() -> bytes:
    """The downloadable template: instructions, a 活动类型 dropdown and one
    example row (marked 【示例】, skipped on import)."""
    return sheets.build_template(
        name=str(_("Activities")),
        headers=COLUMNS,
        examples=[EXAMPLE_ROW],
        choices={COL_TYPE: list(dict.fromkeys(TYPE_NAMES))},
        instructions=TEMPLATE_NOTES,
        required=REQUIRED,
        widths={
            COL_TITLE: 30,
            COL_PLACE: 22,
            COL_ENTERPRISES: 36,
            COL_ARTICLES: 36,
            COL_OFFICERS: 18,
        },
    )


def import_activities(file, *, dry_run: bool = False) -> ImportResult:
    """Validate every row of ``file`` (a path or an uploaded file) and, if all are
    valid and this is not a dry run, create the activities in one transaction."""
    result = ImportResult(dry_run=dry_run)
    try:
        sheet = sheets.read_xlsx(file, skip_examples=True)
    except sheets.SheetError as error:
        result.file_error = str(error)
        return result
    missing = [c for c in REQUIRED if c not in sheet.columns]
    if missing:
        for column in missing:
            result.errors.append(RowError(1, column, _("The column is missing.")))
        return result
    checker = _Checker()
    rows = []
    for number, record in sheet.rows:
        cells = {c: record.get(c, "") for c in COLUMNS}
        if not any(cells.values()):
            continue
        rows.append(checker.check(number, cells, result.errors))
    result.rows = len(rows)
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        for row in rows:
            activity = Activity(**row.values)
            activity.full_clean()
            activity.save()
            activity_link(activity=activity, **row.relations)
    result.created = len(rows)
    return result


class _Checker:
    """Row checks with lookups cached across the file."""

    def __init__(self):
        self.seen = set()
        self.staff = get_user_model().objects.filter(enforcement_group__isnull=False)

    def check(self, number: int, cells: dict, errors: list) -> _Row:
        row = _Row(number)

        def fail(column, message):
            errors.append(RowError(number, column, message))

        for column in REQUIRED:
            if not cells[column]:
                fail(column, _("This cell is required."))
        activity_type = TYPE_NAMES.get(cells[COL_TYPE])
        if cells[COL_TYPE] and activity_type is None:
            fail(
                COL_TYPE,
                _("Unknown type “%(value)s”; use one of: %(choices)s")
                % {"value": cells[COL_TYPE], "choices": "、".join(TYPE_NAMES)},
            )
        date = parse_date(cells[COL_DATE])
        if cells[COL_DATE] and date is None:
            fail(COL_DATE, _("Not a date: “%s” (write 2025-03-18).") % cells[COL_DATE])
        count = cells[COL_PARTICIPANTS] or "0"
        if not count.isdigit():
            fail(COL_PARTICIPANTS, _("Not a whole number: “%s”.") % count)
        key = (cells[COL_TITLE], date, activity_type)
        if date and activity_type and cells[COL_TITLE]:
            if (
                key in self.seen
                or Activity.objects.filter(
                    title=cells[COL_TITLE], date=date, activity_type=activity_type
                ).exists()
            ):
                fail(COL_TITLE, _("This activity is already recorded."))
            self.seen.add(key)
        officers = self._people(cells[COL_OFFICERS], fail)
        enterprises = self._enterprises(cells[COL_ENTERPRISES], fail)
        articles = []
        if cells[COL_ARTICLES]:
            pairs, problems = resolve_citations(cells[COL_ARTICLES])
            articles = [article for _citation, article in pairs]
            for problem in problems:
                fail(COL_ARTICLES, problem)
        items = self._items(cells[COL_ITEMS], date, fail)
        row.values = {
            "title": cells[COL_TITLE],
            "activity_type": activity_type,
            "date": date,
            "place": cells[COL_PLACE],
            "organiser": cells[COL_ORGANISER],
            "participant_count": int(count) if count.isdigit() else 0,
            "materials": cells[COL_MATERIALS],
            "notes": cells[COL_NOTES],
        }
        row.relations = {
            "officers": officers,
            "enterprises": enterprises,
            "attendees": [],
            "articles": articles,
            "items": items,
        }
        return row

    def _people(self, text, fail):
        found = []
        for name in split(text):
            matches = list(self.staff.filter(Q(name=name) | Q(username=name))[:2])
            if not matches:
                fail(COL_OFFICERS, _("No enforcement officer named “%s”.") % name)
            elif len(matches) > 1:
                fail(
                    COL_OFFICERS,
                    _("More than one officer is named “%s”; use the username.") % name,
                )
            else:
                found.append(matches[0])
        return found

    def _enterprises(self, text, fail):
        found = []
        for name in split(text):
            enterprise = Enterprise.objects.filter(
                Q(name=name) | Q(credit_code=name.upper())
            ).first()
            if enterprise is None:
                fail(COL_ENTERPRISES, _("No registered enterprise “%s”.") % name)
            else:
                found.append(enterprise)
        return found

    def _items(self, text, date, fail):
        numbers = split(text)
        if not numbers or date is None:
            return []
        found = []
        for number in numbers:
            item = None
            if number.isdigit():
                item = ResponsibilityItem.objects.filter(
                    responsibility_list__year=date.year, number=int(number)
                ).first()
            if item is None:
                fail(
                    COL_ITEMS,
                    _("The %(year)s list has no item “%(number)s”.")
                    % {"year": date.year, "number": number},
                )
            else:
                found.append(item)
        return found


def split(text: str) -> list[str]:
    return [part.strip() for part in SEPARATORS.split(text or "") if part.strip()]


def parse_date(text: str) -> dt.date | None:
    """A date as people type it, or as Excel hands it over (2025-03-18 00:00:00)."""
    text = (text or "").strip()
    if " " in text:
        text = text.split(" ", 1)[0]
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
