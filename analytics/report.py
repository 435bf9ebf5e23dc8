"""The training and law-education part of the annual report (法治政府建设年度报告).

Assembles: :mod:`frames` (data) → :mod:`metrics` (figures) → :mod:`charts` (PNG)
→ sentences, then the same content as .docx and PDF (:mod:`analytics.document`).

The report is a Chinese government document, so its sentences are written here in
Chinese as document text (like demo content), each one filled only with figures
computed from the data: every sentence has its form for zero and for a year whose
predecessor has no records, and changes are worded as 公文 word them (增长N倍,
个百分点) — nothing typed in.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.utils import timezone, translation

from analytics import charts, frames, metrics
from ledger.models import ActivityType
from livestreams.models import ClassStatus

YEAR_MIN, YEAR_MAX = 2000, 2100
NO_DATA = "{year}年平台没有任何直播课、普法台账、培训考试或案卷评查记录，未生成报告。"
UNMATCHED_SHOWN = 30  # names listed in the table; the rest are counted


class EmptyYear(ValueError):
    """The year has no records at all: a report of zeros would mislead."""


# --- the document's content ----------------------------------------------------------


@dataclass
class Chart:
    kind = "chart"
    title: str
    png: bytes
    source: str = ""
    number: int = 0

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode()

    @property
    def caption(self) -> str:
        return f"图{self.number}　{self.title}"


@dataclass
class Table:
    kind = "table"
    title: str
    rows: list[list[str]]  # the first row is the header
    source: str = ""
    unit: str = ""
    number: int = 0

    @property
    def caption(self) -> str:
        return f"表{self.number}　{self.title}"

    @property
    def header(self) -> list[str]:
        return self.rows[0]

    @property
    def body(self) -> list[list[str]]:
        return self.rows[1:]


@dataclass
class Subheading:
    kind = "subheading"
    text: str


@dataclass
class Section:
    heading: str
    blocks: list = field(default_factory=list)  # str | Subheading | Table | Chart

    @property
    def paragraphs(self) -> list[str]:
        return [b for b in self.blocks if isinstance(b, str)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    @property
    def charts(self) -> list[Chart]:
        return [b for b in self.blocks if isinstance(b, Chart)]


@dataclass
class AnnualReport:
    year: int
    figures: dict
    previous: dict
    sections: list[Section]
    generated_at: dt.datetime
    author: str = ""

    @property
    def title(self) -> str:
        return f"{self.year}年度安全生产法治培训与普法工作情况"

    @property
    def date_text(self) -> str:
        return chinese_date(timezone.localtime(self.generated_at).date())


def chinese_date(day: dt.date) -> str:
    """2026年1月8日: the 公文 date, no zero padding."""
    return f"{day.year}年{day.month}月{day.day}日"


# --- wording -------------------------------------------------------------------------


def _n(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}"


def _pct(rate: float) -> str:
    return f"{rate * 100:.1f}%"


def _times(ratio: float) -> str:
    text = f"{ratio:.1f}"
    return text[:-2] if text.endswith(".0") else text


def change(now, before) -> str:
    """A count against last year in 公文 words: "，比上年增长12.5%", "，比上年增长
    3倍" (now four times last year's), "，与上年持平", "，上年为零"; "" without a
    comparable figure (``before`` None: last year has no records)."""
    if before is None or now is None:
        return ""
    if now == before:
        return "，与上年持平"
    if before == 0:
        return "，上年为零"
    ratio = now / before
    if ratio >= 2:
        return f"，比上年增长{_times(ratio - 1)}倍"
    word = "增长" if ratio > 1 else "下降"
    return f"，比上年{word}{abs(ratio - 1) * 100:.1f}%"


def rate_change(now, before) -> str:
    """A rate against last year in 百分点: "，比上年提高3.2个百分点"."""
    if before is None or now is None:
        return ""
    points = round((now - before) * 100, 1)
    if points == 0:
        return "，与上年持平"
    word = "提高" if points > 0 else "降低"
    return f"，比上年{word}{abs(points):.1f}个百分点"


def _quarters(quarters) -> str:
    names = "一二三四"
    return "、".join(f"第{names[q - 1]}季度" for q in quarters)


# --- figures -------------------------------------------------------------------------


def year_figures(data: frames.Frames, *, today=None) -> dict:
    """Every figure the report states, computed from one year's frames.

    Keys starting with ``_`` carry frames for tables and charts. ``has_*`` say
    whether a part has any record at all (a year before the platform has none).
    """
    today = today or timezone.localdate()
    fig: dict = {}
    fig.update(_live_figures(data))
    fig.update(_ledger_figures(data))
    fig.update(_training_figures(data, today=today))
    fig.update(_review_figures(data, today=today))
    return fig


def _live_figures(data: frames.Frames) -> dict:
    classes = data["classes"]
    status = metrics.class_statuses(classes)
    held = classes[classes["status"].isin(metrics.HELD)]
    watch = metrics.watch_times(held, data["viewers"], data["sessions"])
    audience = metrics.class_audience(
        held, data["viewers"], data["sessions"], watch=watch
    )
    totals, _reach = metrics.year_audience(watch, data["enterprises"])
    peaks = audience["peak"].astype(int)
    return {
        "has_live": status["planned"] > 0,
        "classes_planned": status["planned"],
        "classes_held": status["held"],
        "classes_live": status["live"],
        "classes_not_started": status["scheduled"],
        "peak_min": int(peaks.min()) if len(peaks) else 0,
        "peak_max": int(peaks.max()) if len(peaks) else 0,
        "total_audience": totals["total_audience"],
        "unique_audience": totals["unique_people"],
        "repeat_viewers": totals["repeat_viewers"],
        "enterprises_reached": totals["enterprises_reached"],
        "registered_enterprises": totals["registered_enterprises"],
        "unmatched_enterprises": totals["unmatched_enterprises"],
        "front_line_reached": totals["front_line_people"],
        "management_reached": totals["management_people"],
        "_audience": audience.merge(
            held[["class_id", "status"]], on="class_id", how="left"
        ),
    }


def _ledger_figures(data: frames.Frames) -> dict:
    activities, letters, items = data["activities"], data["letters"], data["items"]
    by_type = metrics.activity_summary(activities)
    return {
        "has_ledger": bool(len(activities) or len(letters) or len(items)),
        "activities": int(activities["activity_id"].nunique()),
        "activities_by_type": dict(
            zip(by_type["activity_type"], by_type["events"], strict=True)
        ),
        "activity_enterprises": int(activities["enterprise_id"].dropna().nunique()),
        "activity_participants": int(
            activities.drop_duplicates("activity_id")["participants"].sum()
        ),
        "warning_letters": int(letters["letter_id"].nunique()),
        "items": metrics.item_summary(items),
        "_by_type": by_type,
    }


def _training_figures(data: frames.Frames, *, today) -> dict:
    attempts, training = data["attempts"], data["training"]
    study = data["assignments"]
    coverage = (
        metrics.training_coverage(study.assign(_all=1), by=["_all"], today=today)
        if len(study)
        else None
    )
    hours = data.data.get("study_hours", frames.empty("study_hours"))
    exams = metrics.exam_summary(attempts)
    return {
        "has_training": bool(
            len(attempts) or len(training) or len(study) or len(data["drills"])
        ),
        "training": metrics.training_summary(training),
        "assigned": int(coverage["assigned"].sum()) if coverage is not None else 0,
        "assigned_done": int(coverage["completed"].sum())
        if coverage is not None
        else 0,
        "assigned_overdue": (
            int(coverage["overdue"].sum()) if coverage is not None else 0
        ),
        "hours": metrics.hours_summary(hours),
        "drills": len(data["drills"]),
        "exams": exams["exams"],
        "exam_people": exams["people"],
        "exam_people_passed": exams["people_passed"],
        "exam_people_pass_rate": exams["people_pass_rate"],
        "exam_papers": exams["papers"],
        "exam_papers_passed": exams["papers_passed"],
        "exam_paper_pass_rate": exams["paper_pass_rate"],
    }


def _review_figures(data: frames.Frames, *, today) -> dict:
    rounds, issues = data["rounds"], data["issues"]
    held = rounds[rounds["files"] > 0]
    rect = metrics.rectification(issues, today=today)
    pareto = metrics.issue_pareto(issues)
    return {
        "has_reviews": bool(len(rounds)),
        "rounds_held": len(held),
        "rounds_quarters": sorted(set(held["quarter"].astype(int))),
        "rounds_not_held": len(rounds) - len(held),
        "case_files_reviewed": int(data["reviews"]["case_id"].nunique()),
        "issues": len(issues),
        "issues_rectified": int(rect["rectified"].sum()) if len(rect) else 0,
        "issues_overdue": int(rect["overdue"].sum()) if len(rect) else 0,
        "issues_by_category": dict(
            zip(pareto["label"], pareto["count"].astype(int), strict=True)
        ),
    }


def has_any_data(fig: dict) -> bool:
    return any(
        fig[k] for k in ("has_live", "has_ledger", "has_training", "has_reviews")
    )


# --- sentences -----------------------------------------------------------------------


class _Last:
    """Last year's figures for one part, or nothing to compare with."""

    def __init__(self, prev: dict, part: str):
        self.prev = prev if prev.get(part) else None

    def __call__(self, key: str, sub: str | None = None):
        if self.prev is None:
            return None
        value = self.prev.get(key)
        return value.get(sub) if sub and isinstance(value, dict) else value


def _no_last_year(last: _Last, what: str) -> list[str]:
    return [f"平台上年无{what}记录，本部分不作同比比较。"] if last.prev is None else []


LIVE_SOURCE = "数据来源：平台直播观看记录"


def _live_section(fig: dict, prev: dict) -> Section:
    section = Section("一、惠企安全空中课堂直播")
    last = _Last(prev, "has_live")
    blocks = section.blocks
    planned, held = fig["classes_planned"], fig["classes_held"]
    if not planned:
        blocks.append("本年度未在平台安排直播课。")
        return section
    if not held:
        blocks.append(f"全年在平台安排直播课{planned}期，均尚未开始，暂无观看数据。")
        return section
    blocks += _no_last_year(last, "直播课")
    live = f"（其中{fig['classes_live']}期正在直播）" if fig["classes_live"] else ""
    pending = (
        f"；另有{fig['classes_not_started']}期尚未开始，不计入以下统计"
        if fig["classes_not_started"]
        else ""
    )
    blocks.append(
        f"全年在平台安排直播课{planned}期，已举办{held}期{live}"
        f"{change(held, last('classes_held'))}{pending}。"
        + _audience_sentence(fig, last)
    )
    blocks.append(_reach_sentence(fig, last))
    rows = [
        ["期次", "日期", "状态", "同时在线峰值（人）", "观看人数（人）", "峰值时间"]
    ]
    labels = dict(ClassStatus.choices)
    for row in fig["_audience"].itertuples():
        rows.append(
            [
                row.label,
                _day(row.start),
                str(labels.get(row.status, row.status)),
                _n(row.peak),
                _n(row.viewers),
                _clock(row.peak_at),
            ]
        )
    blocks.append(Table("已举办直播课观看情况", rows, LIVE_SOURCE))
    names = fig["unmatched_enterprises"]
    if names:
        shown = names[:UNMATCHED_SHOWN]
        rows = [["序号", "观众填写的企业名称"]] + [
            [str(i), name] for i, name in enumerate(shown, 1)
        ]
        if len(names) > len(shown):
            rows.append(["…", f"另有{len(names) - len(shown)}个名称未列出"])
        blocks.append(Table("未能与企业名录匹配的企业名称", rows, LIVE_SOURCE))
    return section


def _audience_sentence(fig: dict, last: _Last) -> str:
    total = fig["total_audience"]
    if not total:
        return "已举办的直播课均无观看记录。"
    lo, hi = fig["peak_min"], fig["peak_max"]
    if fig["classes_held"] == 1:
        peak = f"同时在线观众峰值{_n(hi)}人"
    elif lo == hi:
        peak = f"各期同时在线观众峰值均为{_n(hi)}人"
    else:
        peak = f"各期同时在线观众峰值在{_n(lo)}人至{_n(hi)}人之间"
    repeat = fig["repeat_viewers"]
    if fig["classes_held"] < 2:
        again = ""
    elif repeat:
        again = f"，其中{_n(repeat)}人观看两期以上"
    else:
        again = "，每人均只观看了一期"
    return (
        f"{peak}；按期累计观看{_n(total)}人次{change(total, last('total_audience'))}，"
        f"去重后共{_n(fig['unique_audience'])}人"
        f"{change(fig['unique_audience'], last('unique_audience'))}{again}。"
    )


def _reach_sentence(fig: dict, last: _Last) -> str:
    reached, registered = fig["enterprises_reached"], fig["registered_enterprises"]
    unmatched = len(fig["unmatched_enterprises"])
    if reached:
        share = f"，占企业名录登记企业{_n(registered)}家的{_pct(reached / registered)}"
        text = (
            f"观众所在企业与企业名录匹配的有{_n(reached)}家"
            f"{change(reached, last('enterprises_reached'))}{share}"
        )
    else:
        text = "观众所在企业均未能与企业名录匹配"
    if unmatched:
        text += (
            f"；另有{_n(unmatched)}个观众填写的企业名称未能与企业名录匹配，"
            "单列于表中，不计入覆盖企业数"
        )
    front, managers = fig["front_line_reached"], fig["management_reached"]
    front_text = f"覆盖一线员工{_n(front)}人{change(front, last('front_line_reached'))}"
    if front and managers:
        return f"{text}。{front_text}；覆盖管理人员{_n(managers)}人。"
    if front:
        return f"{text}。{front_text}，没有管理人员观看。"
    if managers:
        return f"{text}。观众均为管理人员，共{_n(managers)}人，没有一线员工观看。"
    return f"{text}。"


def _day(at) -> str:
    if at is None or pd.isna(at):
        return "—"
    local = timezone.localtime(pd.Timestamp(at).to_pydatetime())
    return f"{local.month}月{local.day}日"


def _clock(at) -> str:
    """The time of day (the date is in its own column)."""
    if at is None or pd.isna(at):
        return "—"
    return f"{timezone.localtime(pd.Timestamp(at).to_pydatetime()):%H:%M}"


LEDGER_SOURCE = "数据来源：平台普法台账"


def _ledger_section(fig: dict, prev: dict) -> Section:
    section = Section("二、普法责任清单落实与普法活动")
    last = _Last(prev, "has_ledger")
    blocks = section.blocks
    if fig["has_ledger"]:
        blocks += _no_last_year(last, "普法台账")
    blocks.append(Subheading("（一）普法责任清单执行情况"))
    items = fig["items"]
    if not items["items"]:
        blocks.append("本年度平台未录入普法责任清单。")
    else:
        blocks.append(_items_sentence(items))
    blocks.append(Subheading("（二）普法活动与提示警示"))
    blocks.append(_activity_sentence(fig, last))
    letters = fig["warning_letters"]
    blocks.append(
        f"全年下发提示警示函{_n(letters)}份{change(letters, last('warning_letters'))}。"
        if letters
        else "本年度平台未记录下发提示警示函。"
    )
    by_type = fig["_by_type"]
    if len(by_type):
        labels = dict(ActivityType.choices)
        rows = [["活动类型", "场次", "覆盖企业（家）", "参与人数（人次）"]]
        for row in by_type.itertuples():
            rows.append(
                [
                    str(labels.get(row.activity_type, row.activity_type)),
                    _n(row.events),
                    _n(row.enterprises),
                    _n(row.participants),
                ]
            )
        rows.append(
            [
                "合计",
                _n(fig["activities"]),
                _n(fig["activity_enterprises"]),
                _n(fig["activity_participants"]),
            ]
        )
        blocks.append(Table("各类普法活动开展情况", rows, LEDGER_SOURCE))
    return section


def _items_sentence(items: dict) -> str:
    total = items["items"]
    if items["done"] == total:
        return f"本年度普法责任清单共{total}项，已全部完成。"
    parts = "、".join(
        f"{label}{items[key]}项"
        for key, label in (
            ("done", "已完成"),
            ("in_progress", "推进中"),
            ("not_started", "未开始"),
        )
        if items[key]
    )
    return (
        f"本年度普法责任清单共{total}项，{parts}，完成率{_pct(items['done'] / total)}。"
    )


def _activity_sentence(fig: dict, last: _Last) -> str:
    total = fig["activities"]
    if not total:
        return "本年度平台未记录普法活动。"
    labels = dict(ActivityType.choices)
    kinds = "、".join(
        f"{labels.get(k, k)}{n}场" for k, n in fig["activities_by_type"].items()
    )
    firms = fig["activity_enterprises"]
    reach = (
        f"，走访覆盖企业名录内企业{_n(firms)}家"
        f"{change(firms, last('activity_enterprises'))}"
        if firms
        else "，未记录覆盖的企业"
    )
    people = fig["activity_participants"]
    joined = f"，参与{_n(people)}人次" if people else ""
    return (
        f"全年开展普法活动{_n(total)}场{change(total, last('activities'))}，"
        f"其中{kinds}{reach}{joined}。"
    )


TRAINING_SOURCE = "数据来源：平台培训、学习与考试记录"


def _training_section(fig: dict, prev: dict) -> Section:
    section = Section("三、执法人员学法培训与岗位练兵")
    last = _Last(prev, "has_training")
    blocks = section.blocks
    if fig["has_training"]:
        blocks += _no_last_year(last, "培训考试")
    blocks.append(Subheading("（一）线下培训与必学任务"))
    t = fig["training"]
    blocks.append(
        f"全年组织线下培训{t['sessions']}期{change(t['sessions'], last('training', 'sessions'))}，"
        f"共{_n(t['hours'])}学时，参训{_n(t['attendances'])}人次（{_n(t['people'])}人）。"
        if t["sessions"]
        else "本年度平台未记录线下培训。"
    )
    assigned = fig["assigned"]
    if assigned:
        overdue = fig["assigned_overdue"]
        blocks.append(
            f"布置必学任务覆盖{_n(assigned)}人次，已完成{_n(fig['assigned_done'])}人次，"
            f"完成率{_pct(fig['assigned_done'] / assigned)}"
            + (f"，逾期未完成{_n(overdue)}人次。" if overdue else "，无逾期未完成。")
        )
    else:
        blocks.append("本年度未布置到期的必学任务。")
    blocks.append(Subheading("（二）学时完成情况"))
    blocks.append(_hours_sentence(fig, last))
    blocks.append(Subheading("（三）在线考试与岗位大练兵"))
    drills = fig["drills"]
    blocks.append(
        f"全年布置岗位大练兵{drills}次{change(drills, last('drills'))}。"
        if drills
        else "本年度平台未布置岗位大练兵。"
    )
    blocks.append(_exam_sentence(fig, last))
    return section


def _hours_sentence(fig: dict, last: _Last) -> str:
    h = fig["hours"]
    if not h["staff"]:
        return "平台未登记执法人员，学时不作统计。"
    return (
        f"按年度学时要求{_n(h['required'])}学时计，{h['staff']}名执法人员中"
        f"{h['met']}人达标（达标率{_pct(h['met_rate'])}"
        f"{rate_change(h['met_rate'], last('hours', 'met_rate'))}），"
        + (f"{h['below']}人未达标，" if h["below"] else "无人未达标，")
        + f"人均{h['mean']:.1f}学时。"
    )


def _exam_sentence(fig: dict, last: _Last) -> str:
    if not fig["exam_papers"]:
        return "本年度平台未组织执法人员在线考试。"
    return (
        f"组织在线考试{fig['exams']}场，{fig['exam_people']}名执法人员参加"
        f"{change(fig['exam_people'], last('exam_people'))}。按人计，"
        f"所参加考试全部合格的{fig['exam_people_passed']}人，合格率"
        f"{_pct(fig['exam_people_pass_rate'])}"
        f"{rate_change(fig['exam_people_pass_rate'], last('exam_people_pass_rate'))}；"
        f"按答卷计，共提交答卷{_n(fig['exam_papers'])}份，合格"
        f"{_n(fig['exam_papers_passed'])}份，合格率{_pct(fig['exam_paper_pass_rate'])}"
        f"{rate_change(fig['exam_paper_pass_rate'], last('exam_paper_pass_rate'))}。"
    )


REVIEW_SOURCE = "数据来源：平台案卷评查记录"


def _review_section(fig: dict, prev: dict) -> Section:
    section = Section("四、执法案卷交叉评查")
    last = _Last(prev, "has_reviews")
    blocks = section.blocks
    held = fig["rounds_held"]
    if not held:
        blocks.append("本年度平台未组织执法案卷交叉评查。")
        return section
    blocks += _no_last_year(last, "案卷评查")
    not_held = (
        f"另有{fig['rounds_not_held']}轮已设立、尚未分配案卷。"
        if fig["rounds_not_held"]
        else ""
    )
    reviewed = fig["case_files_reviewed"]
    blocks.append(
        f"全年在{_quarters(fig['rounds_quarters'])}组织执法小组交叉评查{held}轮"
        f"{change(held, last('rounds_held'))}，评查案卷{reviewed}卷"
        f"{change(reviewed, last('case_files_reviewed'))}。{not_held}"
        + _issue_sentence(fig, last)
    )
    if fig["issues"]:
        rows = [["问题类别", "数量（项）"]] + [
            [k, str(v)] for k, v in fig["issues_by_category"].items()
        ]
        rows.append(["合计", str(fig["issues"])])
        blocks.append(Table("评查发现问题分类", rows, REVIEW_SOURCE))
    return section


def _issue_sentence(fig: dict, last: _Last) -> str:
    issues = fig["issues"]
    if not issues:
        return "评查未发现问题。"
    by_category = "、".join(f"{k}{v}项" for k, v in fig["issues_by_category"].items())
    overdue = fig["issues_overdue"]
    return (
        f"发现问题{issues}项{change(issues, last('issues'))}（{by_category}），"
        f"已整改销号{fig['issues_rectified']}项，"
        + (f"逾期未整改{overdue}项。" if overdue else "无逾期未整改问题。")
    )


# --- assembly ------------------------------------------------------------------------


def validate_year(year) -> int:
    """The year as an int in range, else ValueError with the Chinese message."""
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValueError(f"年份须为四位数字，如{timezone.localdate().year}。") from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValueError(f"年份须在{YEAR_MIN}年至{YEAR_MAX}年之间。")
    return year


def build(year: int, *, today=None, progress=None) -> AnnualReport:
    """The report for ``year`` with last year's figures beside it.

    Raises :class:`EmptyYear` when the year has no records at all. ``progress``
    (optional callable taking a step name) is told each step.
    """
    step = progress or (lambda name: None)
    with translation.override("zh-hans"):
        step("frames")
        this = frames.load_report(frames.Scope(year=year))
        last = frames.load_report(frames.Scope(year=year - 1))
        step("figures")
        fig = year_figures(this, today=today)
        if not has_any_data(fig):
            raise EmptyYear(NO_DATA.format(year=year))
        prev = year_figures(last, today=today)
        step("charts")
        sections = [
            _live_section(fig, prev),
            _ledger_section(fig, prev),
            _training_section(fig, prev),
            _review_section(fig, prev),
        ]
        _attach_charts(sections, fig, this)
    _number(sections)
    public = {k: v for k, v in fig.items() if not k.startswith("_")}
    previous = {k: v for k, v in prev.items() if not k.startswith("_")}
    return AnnualReport(
        year, public, previous, sections, timezone.now(), author=settings.BUREAU_NAME
    )


def _number(sections: list[Section]) -> None:
    tables = [b for s in sections for b in s.blocks if isinstance(b, Table)]
    figures = [b for s in sections for b in s.blocks if isinstance(b, Chart)]
    for i, table in enumerate(tables, 1):
        table.number = i
    for i, chart in enumerate(figures, 1):
        chart.number = i


def _attach_charts(sections: list[Section], fig: dict, data: frames.Frames) -> None:
    audience = fig["_audience"]
    if len(audience) and fig["total_audience"]:
        figure = charts.peak_chart(audience, title="")
        sections[0].blocks.append(
            Chart(
                "各期直播观众人数（单位：人）", charts.render_print(figure), LIVE_SOURCE
            )
        )
    if len(data["attempts"]):
        dist = metrics.score_distribution(data["attempts"])
        figure = charts.bar_chart(
            dist, label="band", value="count", title="", ylabel="答卷（份）"
        )
        sections[2].blocks.append(
            Chart(
                "在线考试成绩分布（单位：份）",
                charts.render_print(figure),
                TRAINING_SOURCE,
            )
        )
    if fig["issues"]:
        figure = charts.pareto_chart(metrics.issue_pareto(data["issues"]), title="")
        sections[3].blocks.append(
            Chart(
                "评查问题帕累托图（单位：项）",
                charts.render_print(figure),
                REVIEW_SOURCE,
            )
        )


def file_stem(year: int) -> str:
    return f"{year}年度培训普法工作情况"


def write(report: AnnualReport, out_dir: Path) -> tuple[Path, Path]:
    """Both files into ``out_dir``: ``YEAR年度培训普法工作情况.docx`` / ``.pdf``."""
    from analytics import document

    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / file_stem(report.year)
    return (
        document.write_docx(report, stem.with_suffix(".docx")),
        document.write_pdf(report, stem.with_suffix(".pdf")),
    )
