"""The training and law-education part of the annual report (法治政府建设年度报告).

Assembles: :mod:`frames` (data) → :mod:`metrics` (figures) → :mod:`charts` (PNG)
→ paragraphs, then writes the same content as .docx (python-docx, the format the
bureau edits and files) and PDF (WeasyPrint with the CJK font).

The report is a Chinese government document, so its sentences are written here in
Chinese as document text (like demo content), each one filled only with figures
computed from the data — nothing typed in.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from django.template.loader import render_to_string
from django.utils import timezone

from analytics import charts, frames, metrics

NOT_RECORDED = "本年度平台未记录"


@dataclass
class Chart:
    title: str
    png: bytes

    @property
    def data_uri(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode()


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: list[list[str]] | None = None
    charts: list[Chart] = field(default_factory=list)


@dataclass
class AnnualReport:
    year: int
    figures: dict
    previous: dict
    sections: list[Section]
    generated_at: dt.datetime

    @property
    def title(self) -> str:
        return f"{self.year}年度安全生产法治培训与普法工作情况"


# --- figures -------------------------------------------------------------------------


def year_figures(data: frames.Frames, *, today=None) -> dict:
    """Every figure the report states, computed from one year's frames.

    A module that has not landed gives None (stated as not recorded), never 0.
    """
    today = today or timezone.localdate()
    missing = data.missing
    fig: dict = {}
    fig.update(_live_figures(data) if "livestreams" not in missing else {})
    if "ledger" not in missing:
        fig.update(metrics.ledger_counts(data["activities"], data["letters"]))
    if "quizzes" not in missing:
        results = metrics.exam_results(data["attempts"])
        fig["exam_attempts"] = int(results["attempts"].sum()) if len(results) else 0
        fig["staff_trained"] = int(data["attempts"]["user_id"].nunique())
        fig["exam_pass_rate"] = (
            float(results["pass_rate"].iloc[0]) if len(results) else None
        )
        fig["drills"] = len(data["drills"])
    if "peer_review" not in missing:
        issues = data["issues"]
        fig["case_files_reviewed"] = int(data["reviews"]["case_id"].nunique())
        fig["issues"] = len(issues)
        rect = metrics.rectification(issues, today=today)
        fig["issues_rectified"] = int(rect["rectified"].sum()) if len(rect) else 0
        fig["issues_overdue"] = int(rect["overdue"].sum()) if len(rect) else 0
        pareto = metrics.issue_pareto(issues)
        fig["issues_by_category"] = dict(
            zip(pareto["label"], pareto["count"].astype(int), strict=True)
        )
    return fig


def _live_figures(data: frames.Frames) -> dict:
    classes, viewers, sessions = data["classes"], data["viewers"], data["sessions"]
    # Held: classes that have begun; one scheduled for later is not reported.
    classes = classes[classes["start"] <= pd.Timestamp.now(tz="UTC")]
    watch = metrics.watch_times(classes, viewers, sessions)
    audience = metrics.class_audience(classes, viewers, sessions, watch=watch)
    totals, _reach = metrics.year_audience(watch, data["enterprises"])
    peaks = audience["peak"].astype(int)
    return {
        "live_classes": len(classes),
        "peak_min": int(peaks.min()) if len(peaks) else 0,
        "peak_max": int(peaks.max()) if len(peaks) else 0,
        "peak_per_class": list(
            zip(audience["label"], peaks, audience["peak_at"], strict=True)
        ),
        "total_audience": totals["total_audience"],
        "unique_audience": totals["unique_people"],
        "repeat_viewers": totals["repeat_viewers"],
        "enterprises_reached": totals["enterprises_reached"],
        "front_line_reached": totals["front_line_people"],
        "_audience": audience,
        "_watch": watch,
    }


# --- sentences -----------------------------------------------------------------------


def _n(value) -> str:
    return NOT_RECORDED if value is None else f"{value:,}"


def _pct(value) -> str:
    return NOT_RECORDED if value is None else f"{value:.1%}"


def _change(key: str, fig: dict, prev: dict) -> str:
    """ "（同比增长12.5%）", "（同比持平）" or "" when last year has no base."""
    now, before = fig.get(key), prev.get(key)
    if not isinstance(now, int | float) or not before:
        return ""
    delta = (now - before) / before
    if abs(delta) < 0.0005:
        return "（同比持平）"
    word = "增长" if delta > 0 else "下降"
    return f"（同比{word}{abs(delta):.1%}）"


def _live_section(fig: dict, prev: dict) -> Section:
    section = Section("一、惠企安全空中课堂直播")
    if "live_classes" not in fig:
        section.paragraphs.append(f"直播课数据：{NOT_RECORDED}。")
        return section
    section.paragraphs.append(
        f"全年在平台开设直播课{_n(fig['live_classes'])}期"
        f"{_change('live_classes', fig, prev)}，各期同时在线观众峰值在"
        f"{_n(fig['peak_min'])}人至{_n(fig['peak_max'])}人之间。"
        f"按期累计观看{_n(fig['total_audience'])}人次"
        f"{_change('total_audience', fig, prev)}，去重后共{_n(fig['unique_audience'])}人"
        f"{_change('unique_audience', fig, prev)}，其中{_n(fig['repeat_viewers'])}人观看两期以上。"
    )
    section.paragraphs.append(
        f"直播覆盖企业{_n(fig['enterprises_reached'])}家"
        f"{_change('enterprises_reached', fig, prev)}，"
        f"覆盖一线员工{_n(fig['front_line_reached'])}人"
        f"{_change('front_line_reached', fig, prev)}。"
    )
    section.table = [["期次", "同时在线峰值", "峰值时间"]] + [
        [label, f"{peak:,}", _time(at)] for label, peak, at in fig["peak_per_class"]
    ]
    return section


def _time(at) -> str:
    if at is None or pd.isna(at):
        return "—"
    return timezone.localtime(pd.Timestamp(at).to_pydatetime()).strftime(
        "%m月%d日 %H:%M"
    )


def _ledger_section(fig: dict, prev: dict) -> Section:
    section = Section("二、送法进企与普法宣传")
    if "outreach_events" not in fig:
        section.paragraphs.append(f"送法进企活动：{NOT_RECORDED}。")
        return section
    section.paragraphs.append(
        f"组织“送法进企”活动{_n(fig['outreach_events'])}场"
        f"{_change('outreach_events', fig, prev)}，走访企业{_n(fig['enterprises_visited'])}家"
        f"{_change('enterprises_visited', fig, prev)}，下发提示警示函"
        f"{_n(fig['warning_letters'])}份{_change('warning_letters', fig, prev)}。"
    )
    return section


def _training_section(fig: dict, prev: dict) -> Section:
    section = Section("三、执法人员培训与岗位练兵")
    if "staff_trained" not in fig:
        section.paragraphs.append(f"考试与练兵数据：{NOT_RECORDED}。")
        return section
    section.paragraphs.append(
        f"全年组织岗位大练兵{_n(fig['drills'])}次{_change('drills', fig, prev)}，"
        f"{_n(fig['staff_trained'])}名执法人员参加在线考试"
        f"{_change('staff_trained', fig, prev)}，共提交{_n(fig['exam_attempts'])}份答卷，"
        f"考试通过率{_pct(fig['exam_pass_rate'])}。"
    )
    return section


def _review_section(fig: dict, prev: dict) -> Section:
    section = Section("四、执法案卷交叉评查")
    if "issues" not in fig:
        section.paragraphs.append(f"案卷评查数据：{NOT_RECORDED}。")
        return section
    by_category = "、".join(f"{k}{v}项" for k, v in fig["issues_by_category"].items())
    section.paragraphs.append(
        f"各季度开展执法小组交叉评查，全年评查案卷{_n(fig['case_files_reviewed'])}卷"
        f"{_change('case_files_reviewed', fig, prev)}，发现问题{_n(fig['issues'])}项"
        f"{_change('issues', fig, prev)}"
        + (f"（{by_category}）" if by_category else "")
        + f"，已整改销号{_n(fig['issues_rectified'])}项，"
        f"逾期未整改{_n(fig['issues_overdue'])}项。"
    )
    section.table = [["问题类别", "数量"]] + [
        [k, str(v)] for k, v in fig["issues_by_category"].items()
    ]
    return section


# --- assembly ------------------------------------------------------------------------


def build(year: int, *, today=None, progress=None) -> AnnualReport:
    """The report for ``year`` with last year's figures beside it.

    ``progress`` (optional callable taking a step name) is told each step, so the
    command can drive a progress bar and the task can record its status.
    """
    step = progress or (lambda name: None)
    step("frames")
    this = frames.load(frames.Scope(year=year))
    last = frames.load(frames.Scope(year=year - 1))
    step("figures")
    fig = year_figures(this, today=today)
    prev = year_figures(last, today=today)
    step("charts")
    sections = [
        _live_section(fig, prev),
        _ledger_section(fig, prev),
        _training_section(fig, prev),
        _review_section(fig, prev),
    ]
    _attach_charts(sections, fig, this)
    public = {k: v for k, v in fig.items() if not k.startswith("_")}
    previous = {k: v for k, v in prev.items() if not k.startswith("_")}
    return AnnualReport(year, public, previous, sections, timezone.now())


def _attach_charts(sections: list[Section], fig: dict, data: frames.Frames) -> None:
    if "_audience" in fig and len(fig["_audience"]):
        sections[0].charts.append(
            Chart(
                "各期直播观众峰值", charts.render(charts.peak_chart(fig["_audience"]))
            )
        )
    if "staff_trained" in fig and len(data["attempts"]):
        dist = metrics.score_distribution(data["attempts"])
        figure = charts.bar_chart(
            dist, label="band", value="count", title="考试成绩分布", ylabel="人次"
        )
        sections[2].charts.append(Chart("考试成绩分布", charts.render(figure)))
    if fig.get("issues"):
        figure = charts.pareto_chart(metrics.issue_pareto(data["issues"]))
        sections[3].charts.append(Chart("评查问题帕累托图", charts.render(figure)))


def write_docx(report: AnnualReport, path: Path) -> Path:
    """The report as a Word document with the CJK font set for East Asian text."""
    import io

    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = "宋体"
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "宋体")
    document.add_heading(report.title, level=1)
    for section in report.sections:
        document.add_heading(section.heading, level=2)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph).paragraph_format.first_line_indent = Pt(
                24
            )
        if section.table:
            table = document.add_table(rows=0, cols=len(section.table[0]))
            table.style = "Table Grid"
            for row in section.table:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
        for chart in section.charts:
            document.add_picture(io.BytesIO(chart.png), width=Cm(15))
            document.add_paragraph(chart.title)
    document.add_paragraph(
        f"本部分数据由平台于{timezone.localtime(report.generated_at):%Y年%m月%d日}自动统计生成。"
    )
    document.save(path)
    return path


def write_pdf(report: AnnualReport, path: Path) -> Path:
    """The report as PDF through WeasyPrint, with the registered CJK font."""
    from weasyprint import HTML

    _family, font_path = charts.cjk_font()
    html = render_to_string(
        "analytics/annual_report.html",
        {"report": report, "font_url": Path(font_path).as_uri()},
    )
    HTML(string=html).write_pdf(path)
    return path


def write(report: AnnualReport, out_dir: Path) -> tuple[Path, Path]:
    """Both files into ``out_dir``: 年度报告-培训普法-YEAR.docx / .pdf."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"annual-report-training-{report.year}"
    return (
        write_docx(report, stem.with_suffix(".docx")),
        write_pdf(report, stem.with_suffix(".pdf")),
    )
