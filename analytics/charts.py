"""Charts drawn with matplotlib's object API (``Figure``), never ``pyplot``.

pyplot keeps every figure in a global registry and leaks in a long-running server;
a ``Figure`` is garbage like any other object. Every chart takes the DataFrame a
function of :mod:`analytics.metrics` returns, plus Chinese titles and labels.

The CJK font is registered explicitly (:func:`cjk_font`): matplotlib's default
DejaVu Sans has no Chinese glyphs and would draw boxes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from django.conf import settings
from matplotlib import font_manager, rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

# Debian packages: fonts-noto-cjk first, then fonts-wqy-microhei / zenhei.
CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)
FC_MATCH_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")
# In a collection (.ttc) the face with Simplified Chinese glyph forms; face 0 of
# NotoSansCJK-Regular.ttc is the Japanese one (直, 令, 骨 drawn the Japanese way).
SC_FACES = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN")

PALETTE = ("#1f5f9e", "#d9822b", "#3c9d5d", "#b8433b", "#7d5ba6", "#8a8a8a")
SCREEN_DPI = 110
PRINT_DPI = 300  # what a printed report needs; 150 mm wide is 1,772 pixels


class CJKFontMissing(RuntimeError):
    """No font with Chinese glyphs was found: charts would draw boxes."""


def _fc_match(family: str) -> str | None:
    if not shutil.which("fc-match"):
        return None
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}", f"{family}:lang=zh-cn"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out or None


def _faces(path: str) -> list[str]:
    """The family names matplotlib registered for the faces of ``path``."""
    real = str(Path(path).resolve())
    return [
        entry.name
        for entry in font_manager.fontManager.ttflist
        if str(Path(entry.fname).resolve()) == real
    ]


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str, str]:
    """Register a CJK font with matplotlib; return ``(family name, file path)``.

    The configured path (``ANALYTICS_CJK_FONT``) wins, then the Debian fonts, then
    whatever fontconfig offers for Chinese. In a collection the Simplified Chinese
    face is chosen by name (matplotlib registers every face of a .ttc). Raises
    :class:`CJKFontMissing` when none has CJK glyphs, rather than drawing boxes.
    """
    configured = getattr(settings, "ANALYTICS_CJK_FONT", "")
    candidates = [configured] if configured else []
    candidates += list(CJK_FONT_CANDIDATES)
    candidates += [p for f in FC_MATCH_FAMILIES if (p := _fc_match(f))]
    for path in candidates:
        if not path or not Path(path).is_file():
            continue
        font_manager.fontManager.addfont(path)
        if not _has_cjk_glyphs(path):
            continue
        faces = _faces(path)
        sc = [name for name in SC_FACES if name in faces]
        name = sc[0] if sc else font_manager.FontProperties(fname=path).get_name()
        return name, path
    raise CJKFontMissing(
        "No CJK font found for charts: install the Debian package fonts-noto-cjk "
        "(or fonts-wqy-microhei), or set ANALYTICS_CJK_FONT to a .ttc/.ttf/.otf path."
    )


def _has_cjk_glyphs(path: str) -> bool:
    from matplotlib.ft2font import FT2Font

    try:
        font = FT2Font(path)
    except (OSError, RuntimeError):
        return False
    return all(font.get_char_index(ord(ch)) for ch in "安全生产法")


# rcParams are process-global: a server drawing charts in several threads at once
# would have one thread's rc_context exit restore DejaVu Sans while another draws
# (boxes instead of Chinese). Charts are drawn one at a time.
_DRAWING = threading.RLock()


@contextmanager
def chart_style():
    """rcParams for every chart: the CJK font, a minus sign it has, quiet grids."""
    family, _path = cjk_font()
    with (
        _DRAWING,
        rc_context(
            {
                "font.family": "sans-serif",
                "font.sans-serif": [family, "DejaVu Sans"],
                "axes.unicode_minus": False,
                "axes.spines.top": False,
                "axes.spines.right": False,
                "axes.grid": True,
                "grid.alpha": 0.3,
                "axes.titlesize": 13,
                "font.size": 10,
            }
        ),
    ):
        yield


def _figure(width: float = 8, height: float = 4.2) -> Figure:
    return Figure(figsize=(width, height), dpi=SCREEN_DPI, layout="constrained")


def render(fig: Figure, fmt: str = "png", *, dpi: int = SCREEN_DPI) -> bytes:
    """The figure as PNG or SVG bytes (fonts embedded as paths in SVG)."""
    buffer = io.BytesIO()
    with chart_style():
        fig.savefig(buffer, format=fmt, dpi=dpi)
    return buffer.getvalue()


def render_print(fig: Figure, *, width_mm: float = 150) -> bytes:
    """The figure as a 300 dpi PNG at its printed width: the figure is resized to
    ``width_mm`` (height in proportion) so its 10 pt labels print at 10 pt."""
    width, height = fig.get_size_inches()
    inches = width_mm / 25.4
    fig.set_size_inches(inches, height * inches / width)
    return render(fig, "png", dpi=PRINT_DPI)


def _legend_below(fig: Figure, ax, count: int) -> None:
    """The legend in a row under the plot, outside the axes (constrained layout
    makes room), so it never covers a bar or a line."""
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(
        handles,
        labels,
        loc="outside lower center",
        ncols=max(1, count),
        frameon=False,
    )


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()


NO_DATA = "暂无数据"


def bar_chart(
    frame: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    ylabel: str = "",
    percent: bool = False,
    horizontal: bool = False,
    annotate: bool = True,
) -> Figure:
    """A bar per row of ``frame``: ``label`` column on the axis, ``value`` as height.

    Schema: ``frame[label]`` str, ``frame[value]`` number (a share in 0..1 when
    ``percent``).
    """
    with chart_style():
        height = max(3.2, 0.32 * len(frame) + 1.2) if horizontal else 4.2
        fig = _figure(8, height)
        ax = fig.add_subplot()
        ax.set_title(title)
        if frame.empty or not frame[value].astype(float).abs().sum():
            _empty(ax, NO_DATA)
            return fig
        labels = frame[label].astype(str).tolist()
        values = frame[value].astype(float).to_numpy()
        if horizontal:
            bars = ax.barh(labels[::-1], values[::-1], color=PALETTE[0])
            ax.set_xlabel(ylabel)
            axis = ax.xaxis
        else:
            bars = ax.bar(labels, values, color=PALETTE[0])
            ax.set_ylabel(ylabel)
            axis = ax.yaxis
            if len(labels) > 6:
                ax.tick_params(axis="x", labelrotation=35)
        if percent:
            axis.set_major_formatter(PercentFormatter(1.0))
        else:
            axis.set_major_locator(MaxNLocator(integer=True))
        if annotate:
            fmt = (lambda v: f"{v:.0%}") if percent else (lambda v: f"{v:,.0f}")
            ax.bar_label(bars, labels=[fmt(v) for v in bars.datavalues], fontsize=8)
        return fig


def grouped_bar_chart(
    frame: pd.DataFrame, *, label: str, series: dict[str, str], title: str, ylabel=""
) -> Figure:
    """Bars side by side: one group per row, one bar per ``series`` column.

    Schema: ``frame[label]`` str; each key of ``series`` a numeric column, its value
    the legend text.
    """
    with chart_style():
        fig = _figure()
        ax = fig.add_subplot()
        ax.set_title(title)
        if frame.empty:
            _empty(ax, NO_DATA)
            return fig
        x = np.arange(len(frame))
        width = 0.8 / max(1, len(series))
        for i, (column, legend) in enumerate(series.items()):
            ax.bar(
                x + i * width,
                frame[column].astype(float),
                width,
                label=legend,
                color=PALETTE[i % len(PALETTE)],
            )
        ax.set_xticks(x + width * (len(series) - 1) / 2, frame[label].astype(str))
        if len(frame) > 6:
            ax.tick_params(axis="x", labelrotation=40)
        ax.set_ylabel(ylabel)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        _legend_below(fig, ax, len(series))
        return fig


def peak_chart(classes: pd.DataFrame, *, title: str = "各期直播观众峰值") -> Figure:
    """Peak and unique viewers per live class.

    Schema (metrics.class_audience): ``label`` str, ``peak`` int, ``viewers`` int.
    """
    return grouped_bar_chart(
        classes,
        label="label",
        series={"peak": "同时在线峰值", "viewers": "观看人数"},
        title=title,
        ylabel="人数",
    )


def histogram(
    values: pd.Series, *, title: str, xlabel: str, bins: int = 20, threshold=None
) -> Figure:
    """Distribution of one numeric series (e.g. watch minutes, exam scores);
    ``threshold`` draws a dashed line (attendance threshold, pass mark)."""
    with chart_style():
        fig = _figure()
        ax = fig.add_subplot()
        ax.set_title(title)
        values = pd.to_numeric(values, errors="coerce").dropna()
        if values.empty:
            _empty(ax, NO_DATA)
            return fig
        ax.hist(values, bins=bins, color=PALETTE[0], edgecolor="white")
        if threshold is not None:
            ax.axvline(threshold, color=PALETTE[3], linestyle="--", label="合格线")
            _legend_below(fig, ax, 1)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("人数")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        return fig


def pareto_chart(pareto: pd.DataFrame, *, title: str = "评查问题帕累托图") -> Figure:
    """Bars of counts, largest first, with the cumulative share as a line.

    Schema (metrics.issue_pareto): ``label`` str, ``count`` int, ``cumulative_share``
    float 0..1, sorted by count descending.
    """
    with chart_style():
        fig = _figure()
        ax = fig.add_subplot()
        ax.set_title(title)
        if pareto.empty:
            _empty(ax, NO_DATA)
            return fig
        labels = pareto["label"].astype(str).tolist()
        ax.bar(labels, pareto["count"], color=PALETTE[0])
        ax.set_ylabel("问题数")
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.tick_params(axis="x", labelrotation=30)
        line = ax.twinx()
        line.plot(labels, pareto["cumulative_share"], color=PALETTE[1], marker="o")
        line.axhline(0.8, color=PALETTE[5], linestyle=":", linewidth=1)
        line.set_ylim(0, 1.05)
        line.yaxis.set_major_formatter(PercentFormatter(1.0))
        line.set_ylabel("累计占比")
        line.grid(False)
        return fig


SCORE_SCALE = (0, 100)


def heatmap(
    table: pd.DataFrame,
    *,
    title: str,
    fmt: str = "{:.1f}",
    cmap: str = "RdYlGn",
    scale: tuple[float, float] | None = SCORE_SCALE,
) -> Figure:
    """A pivot table (index × columns, numeric) as coloured cells with values.

    The colour scale is fixed (scores: 0–100) so a colour means the same score in
    every chart, instead of stretching to the data (63 deep red, 96 and 100 alike).
    ``scale=None`` stretches it to the data.

    Schema: index and columns are labels (str or int); values float, NaN for none.
    """
    with chart_style():
        fig = _figure(8, max(3.0, 0.45 * len(table) + 1.4))
        ax = fig.add_subplot()
        ax.set_title(title)
        if table.empty:
            _empty(ax, NO_DATA)
            return fig
        data = table.to_numpy(dtype=float)
        vmin, vmax = scale if scale else (None, None)
        image = ax.imshow(
            np.ma.masked_invalid(data), cmap=cmap, aspect="auto", vmin=vmin, vmax=vmax
        )
        ax.set_xticks(range(len(table.columns)), [str(c) for c in table.columns])
        ax.set_yticks(range(len(table.index)), [str(i) for i in table.index])
        ax.grid(False)
        for (row, col), v in np.ndenumerate(data):
            if not np.isnan(v):
                ax.text(col, row, fmt.format(v), ha="center", va="center", fontsize=9)
        fig.colorbar(image, ax=ax, shrink=0.8)
        return fig


def box_chart(
    frame: pd.DataFrame, *, label: str, value: str, title: str, top: int = 12
) -> Figure:
    """One horizontal box per label over the raw values (e.g. fines per provision
    and tier), the ``top`` labels with most observations.

    Schema: ``frame[label]`` str, ``frame[value]`` number; one row per observation.
    """
    with chart_style():
        frame = frame.dropna(subset=[value])
        keep = frame[label].value_counts().head(top).index
        frame = frame[frame[label].isin(keep)]
        fig = _figure(9, max(3.2, 0.4 * len(keep) + 1.4))
        ax = fig.add_subplot()
        ax.set_title(title)
        if frame.empty:
            _empty(ax, NO_DATA)
            return fig
        groups = frame.groupby(label, sort=True)[value]
        names = list(groups.groups)
        ax.boxplot(
            [g.astype(float).to_numpy() for _, g in groups],
            tick_labels=names,
            orientation="horizontal",
        )
        ax.set_xlabel("罚款金额（元）")
        return fig


def side_by_side_articles(
    cross: pd.DataFrame, *, title: str = "考试失分条款与案卷适用错误条款"
) -> Figure:
    """Two horizontal bar panels sharing the article axis.

    Schema (metrics.article_cross_view): ``article`` str, ``exam_wrong`` int,
    ``exam_error_rate`` float, ``review_issues`` int.
    """
    with chart_style():
        fig = _figure(9, max(3.5, 0.38 * len(cross) + 1.5))
        if cross.empty:
            ax = fig.add_subplot()
            ax.set_title(title)
            _empty(ax, NO_DATA)
            return fig
        left, right = fig.subplots(1, 2, sharey=True)
        fig.suptitle(title)
        labels = cross["article"].astype(str).tolist()[::-1]
        left.barh(labels, cross["exam_error_rate"].to_numpy()[::-1], color=PALETTE[0])
        left.set_title("考试答错率")
        left.xaxis.set_major_formatter(PercentFormatter(1.0))
        right.barh(labels, cross["review_issues"].to_numpy()[::-1], color=PALETTE[3])
        right.set_title("评查发现适用问题（项）")
        right.xaxis.set_major_locator(MaxNLocator(integer=True))
        return fig
