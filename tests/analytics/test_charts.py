"""Every chart renders with Chinese labels in a CJK font: no "Glyph … missing"."""

import logging
import warnings

import pandas as pd
import pytest
from matplotlib.figure import Figure

from analytics import charts, metrics
from tests.analytics.test_metrics import attempts_frame, live_frames


def every_chart() -> dict[str, Figure]:
    classes, viewers, sessions = live_frames()
    audience = metrics.class_audience(classes, viewers, sessions)
    watch = metrics.watch_times(classes, viewers, sessions)
    pareto = metrics.issue_pareto(
        pd.DataFrame(
            {"category_label": ["案卷不规范", "视频记录不完整", "法律适用错误"]}
        )
    )
    heat = metrics.scores_by_group_quarter(
        pd.DataFrame(
            {
                "group": ["执法一组", "执法二组"],
                "quarter": [1, 2],
                "total": [88.0, 72.5],
            }
        )
    )
    fines = pd.DataFrame(
        {"label": ["第九十七条·一般", "第九十九条·较重"], "fine": [2.0e4, 5.0e4]}
    )
    cross = pd.DataFrame(
        {
            "article": ["《安全生产法》第九十七条"],
            "exam_wrong": [3],
            "exam_error_rate": [0.3],
            "review_issues": [2],
        }
    )
    passes = metrics.exam_results(attempts_frame(), by=["group"])
    return {
        "peak": charts.peak_chart(audience),
        "watch": charts.histogram(
            watch["minutes"], title="观看时长分布", xlabel="分钟", threshold=30
        ),
        "pareto": charts.pareto_chart(pareto),
        "heatmap": charts.heatmap(heat, title="各执法小组季度评查得分"),
        "box": charts.box_chart(
            fines, label="label", value="fine", title="罚款裁量分布"
        ),
        "cross": charts.side_by_side_articles(cross),
        "pass": charts.bar_chart(
            passes, label="group", value="pass_rate", title="考试通过率", percent=True
        ),
        "empty": charts.bar_chart(
            passes.iloc[:0], label="group", value="pass_rate", title="无数据"
        ),
    }


def test_a_cjk_font_is_registered_and_has_chinese_glyphs():
    family, path = charts.cjk_font()
    assert family
    assert charts._has_cjk_glyphs(path)


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_every_chart_renders_chinese_without_missing_glyphs(fmt, caplog):
    with (
        warnings.catch_warnings(record=True) as caught,
        caplog.at_level(logging.WARNING, logger="matplotlib"),
    ):
        warnings.simplefilter("always")
        rendered = {
            name: charts.render(fig, fmt) for name, fig in every_chart().items()
        }
    glyph = [str(w.message) for w in caught if "Glyph" in str(w.message)]
    glyph += [r.getMessage() for r in caplog.records if "Glyph" in r.getMessage()]
    assert glyph == []
    assert all(len(data) > 1000 for data in rendered.values())


def test_missing_glyph_detection_catches_a_font_without_chinese():
    """The guard above can fail: DejaVu Sans alone draws boxes and warns."""
    from matplotlib import rc_context

    fig = Figure()
    with (
        warnings.catch_warnings(record=True) as caught,
        rc_context({"font.family": "DejaVu Sans"}),
    ):
        warnings.simplefilter("always")
        fig.add_subplot().set_title("安全生产")
        fig.savefig(__import__("io").BytesIO(), format="png")
    assert any("Glyph" in str(w.message) for w in caught)


def test_no_cjk_font_raises_a_clear_error(monkeypatch, settings):
    monkeypatch.setattr(charts, "CJK_FONT_CANDIDATES", ())
    monkeypatch.setattr(charts, "FC_MATCH_FAMILIES", ())
    settings.ANALYTICS_CJK_FONT = ""
    charts.cjk_font.cache_clear()
    try:
        with pytest.raises(charts.CJKFontMissing, match="fonts-noto-cjk"):
            charts.cjk_font()
    finally:
        charts.cjk_font.cache_clear()


def test_charts_drawn_in_parallel_threads_match_those_drawn_alone():
    """A server draws charts in several threads; rcParams are global, so without
    the drawing lock one thread's style could end mid-draw in another (boxes)."""
    from concurrent.futures import ThreadPoolExecutor

    names = ["pareto", "box", "heatmap", "peak"] * 3
    alone = {name: charts.render(every_chart()[name]) for name in set(names)}

    def draw(name):
        return name, charts.render(every_chart()[name])

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(draw, names))
    assert all(png == alone[name] for name, png in results)
