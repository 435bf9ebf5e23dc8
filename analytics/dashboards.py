"""What the dashboards show: the metric tables of one scope, and the charts drawn
from them. Tables are computed once per scope and cached briefly, so the page, its
chart images and its Excel exports read the same numbers without querying again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analytics import charts, frames, metrics

CACHE_SECONDS = 300

ITEM_FLAGS = {
    "too easy": _("Too easy"),
    "too hard": _("Too hard"),
    "poor discrimination": _("Poor discrimination"),
    "": "",
}


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: dict[str, str]  # frame column → header
    percent: tuple[str, ...] = ()


TABLES = {
    t.key: t
    for t in (
        Table(
            "coverage",
            _("Required study by group"),
            {
                "group": _("Enforcement group"),
                "assigned": _("Assigned to study"),
                "completed": _("Completed"),
                "overdue": _("Overdue"),
                "completion_rate": _("Completion rate"),
            },
            percent=("completion_rate",),
        ),
        Table(
            "coverage_role",
            _("Required study by role"),
            {
                "role": _("Role"),
                "assigned": _("Assigned to study"),
                "completed": _("Completed"),
                "overdue": _("Overdue"),
                "completion_rate": _("Completion rate"),
            },
            percent=("completion_rate",),
        ),
        Table(
            "audience",
            _("Live classes"),
            {
                "label": _("Class period"),
                "peak": _("Peak viewers"),
                "peak_at": _("Peak at"),
                "viewers": _("Unique viewers"),
                "attended": _("Viewers who attended"),
                "median_watch_minutes": _("Median watch (min)"),
                "enterprises": _("Enterprises reached"),
                "front_line_share": _("Front-line share"),
            },
            percent=("front_line_share",),
        ),
        Table(
            "reach",
            _("Enterprises reached by industry and risk tier"),
            {
                "industry": _("Industry"),
                "risk_tier": _("Risk tier"),
                "registered": _("Registered"),
                "reached": _("Reached"),
                "never_reached": _("Never reached"),
            },
        ),
        Table(
            "exams",
            _("Exam results by group"),
            {
                "group": _("Enforcement group"),
                "attempts": _("Attempts"),
                "people": _("People"),
                "passed": _("Passed"),
                "pass_rate": _("Pass rate"),
                "mean_percent": _("Mean score (%)"),
            },
            percent=("pass_rate",),
        ),
        Table(
            "points",
            _("Mastery per knowledge point"),
            {
                "tag": _("Knowledge point"),
                "answers": _("Answers"),
                "wrong": _("Wrong"),
                "mastery": _("Mastery"),
            },
            percent=("mastery",),
        ),
        Table(
            "items",
            _("Item analysis"),
            {
                "question_id": _("Question ID"),
                "answers": _("Answers"),
                "facility": _("Facility index"),
                "discrimination": _("Discrimination index"),
                "flag": _("Note"),
            },
        ),
        Table(
            "cross",
            _("Articles failed in exams and misapplied in case files"),
            {
                "article": _("Article"),
                "exam_wrong": _("Wrong exam answers"),
                "exam_error_rate": _("Exam error rate"),
                "review_issues": _("Review issues"),
            },
            percent=("exam_error_rate",),
        ),
        Table(
            "rectification",
            _("Rectification by group"),
            {
                "group": _("Enforcement group"),
                "issues": _("Issues"),
                "rectified": _("Rectified"),
                "overdue": _("Overdue"),
                "rate": _("Rectification rate"),
            },
            percent=("rate",),
        ),
        Table(
            "discretion",
            _("Fines per provision and tier"),
            {
                "provision": _("Penalty provision"),
                "tier": _("Discretion tier"),
                "cases": _("Cases"),
                "min": _("Lowest"),
                "median": _("Median"),
                "max": _("Highest"),
                "cv": _("Coefficient of variation"),
                "outside_tier": _("Outside the tier"),
            },
        ),
        Table(
            "staff",
            _("Enforcement staff"),
            {
                "name": _("Name"),
                "group": _("Enforcement group"),
                "role": _("Role"),
                "phone": _("Mobile phone"),
            },
        ),
    )
}


def compute(scope: frames.Scope, *, today=None) -> dict:
    """Every table and headline figure of the dashboards for ``scope``."""
    return compute_from(frames.load(scope), today=today)


def compute_from(data: frames.Frames, *, today=None) -> dict:
    """The dashboards' tables from frames already loaded (pure pandas)."""
    today = today or timezone.localdate()
    classes, viewers, sessions = data["classes"], data["viewers"], data["sessions"]
    watch = metrics.watch_times(classes, viewers, sessions)
    totals, reach = metrics.year_audience(watch, data["enterprises"])
    article_mastery = metrics.mastery(
        data["answers"], data["question_articles"], tag="article"
    )
    issues = data["issues"]
    out = {
        "coverage": metrics.training_coverage(
            data["assignments"], by=["group"], today=today
        ),
        "coverage_role": metrics.training_coverage(
            data["assignments"], by=["role"], today=today
        ),
        "audience": metrics.class_audience(classes, viewers, sessions, watch=watch),
        "watch_minutes": watch["minutes"],
        "year": totals,
        "reach": reach,
        "exams": metrics.exam_results(data["attempts"], by=["group"]),
        "exam_overall": metrics.exam_results(data["attempts"]),
        "distribution": metrics.score_distribution(data["attempts"]),
        "points": metrics.mastery(data["answers"], data["question_points"]),
        "items": _flags(metrics.item_analysis(data["answers"])),
        "cross": metrics.article_cross_view(article_mastery, issues),
        "scores": metrics.scores_by_group_quarter(data["reviews"]),
        "pareto": metrics.issue_pareto(issues),
        "rectification": metrics.rectification(issues, today=today, by=["group"]),
        "agreement": metrics.reviewer_agreement(data["reviews"]),
        "discretion": metrics.discretion_spread(data["cases"]),
        "fines": data["cases"].assign(
            label=data["cases"]["provision"] + "·" + data["cases"]["tier"]
        ),
        "ledger": metrics.ledger_counts(data["activities"], data["letters"]),
        "drills": len(data["drills"]),
        "staff": data["staff"],
    }
    return out


def _flags(items: pd.DataFrame) -> pd.DataFrame:
    return items.assign(flag=items["flag"].map(lambda f: str(ITEM_FLAGS[f])))


def cached(scope: frames.Scope) -> dict:
    key = f"analytics:{scope.year}:{scope.quarter}:{scope.group_id}:{scope.class_id}"
    result = cache.get(key)
    if result is None:
        result = compute(scope)
        cache.set(key, result, CACHE_SECONDS)
    return result


CHARTS: dict[str, tuple[str, Callable[[dict], object]]] = {
    "coverage": (
        "各执法小组必学任务完成情况",
        lambda t: charts.grouped_bar_chart(
            t["coverage"], label="group",
            series={"assigned": "应学", "completed": "已完成", "overdue": "逾期"},
            title="各执法小组必学任务完成情况", ylabel="人次",
        ),
    ),
    "peak": ("各期直播观众峰值", lambda t: charts.peak_chart(t["audience"])),
    "watch": (
        "观看时长分布",
        lambda t: charts.histogram(t["watch_minutes"], title="观看时长分布", xlabel="分钟"),
    ),
    "pass": (
        "各执法小组考试通过率",
        lambda t: charts.bar_chart(
            t["exams"], label="group", value="pass_rate", title="各执法小组考试通过率",
            percent=True,
        ),
    ),
    "distribution": (
        "考试成绩分布",
        lambda t: charts.bar_chart(
            t["distribution"], label="band", value="count", title="考试成绩分布",
            ylabel="人次",
        ),
    ),
    "points": (
        "知识点掌握率",
        lambda t: charts.bar_chart(
            t["points"].head(15), label="tag", value="mastery", title="知识点掌握率（最弱15项）",
            percent=True, horizontal=True,
        ),
    ),
    "cross": ("考试失分条款与案卷适用错误条款", lambda t: charts.side_by_side_articles(t["cross"])),
    "scores": (
        "各执法小组季度评查得分",
        lambda t: charts.heatmap(t["scores"], title="各执法小组季度评查得分"),
    ),
    "pareto": ("评查问题帕累托图", lambda t: charts.pareto_chart(t["pareto"])),
    "fines": (
        "罚款裁量分布",
        lambda t: charts.box_chart(t["fines"], label="label", value="fine", title="罚款裁量分布"),
    ),
}  # fmt: skip


def chart_png(name: str, tables: dict, fmt: str = "png") -> bytes:
    _title, draw = CHARTS[name]
    return charts.render(draw(tables), fmt)


def table_frame(key: str, tables: dict) -> pd.DataFrame:
    """The table ``key`` with only its shown columns, headers translated."""
    spec = TABLES[key]
    frame = tables[key]
    frame = frame.reindex(columns=list(spec.columns))
    return frame.rename(columns={k: str(v) for k, v in spec.columns.items()})
