"""Charts fit for print: Simplified Chinese glyph forms, 300 dpi, groups in their
order, a fixed score scale, legends clear of the data."""

import io

import numpy as np
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from PIL import Image

from analytics import charts, metrics
from analytics.frames import groups, order_groups
from analytics.frames.people import natural_key
from tests.accounts.factories import EnforcementGroupFactory

NOTO = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
# Characters whose Japanese and Simplified Chinese forms differ visibly.
DIFFERENT = "直令骨写"


def glyphs(family: str | None) -> np.ndarray:
    """The four characters drawn in ``family`` (None: the charts' own style)."""
    with charts.chart_style():
        fig = Figure(figsize=(4, 1), dpi=100)
        FigureCanvasAgg(fig)
        kwargs = {"family": family} if family else {}
        fig.text(0.02, 0.2, DIFFERENT, fontsize=48, **kwargs)
        fig.canvas.draw()
        return np.asarray(fig.canvas.buffer_rgba()).copy()


def test_the_charts_resolve_the_simplified_chinese_face():
    family, path = charts.cjk_font()
    with charts.chart_style():
        found = font_manager.findfont(
            font_manager.FontProperties(family=["sans-serif"])
        )
    face = FT2Font(found.path if hasattr(found, "path") else found,
                   face_index=getattr(found, "face_index", 0))  # fmt: skip
    if path == NOTO:
        assert family == "Noto Sans CJK SC"
        assert face.family_name == "Noto Sans CJK SC"


def test_chart_text_has_the_sc_glyph_shapes_not_the_japanese_ones():
    family, path = charts.cjk_font()
    if path != NOTO:
        pytest.skip("fonts-noto-cjk is not installed: nothing to tell apart")
    charts_own = glyphs(None)
    sc, jp = glyphs("Noto Sans CJK SC"), glyphs("Noto Sans CJK JP")
    assert not np.array_equal(sc, jp), "the JP and SC forms of 直令骨写 differ"
    assert np.array_equal(charts_own, sc)
    assert not np.array_equal(charts_own, jp)


def test_report_charts_are_300_dpi_at_their_printed_width():
    fig = charts.bar_chart(
        pd.DataFrame({"k": ["一", "二"], "v": [1, 2]}), label="k", value="v", title=""
    )
    image = Image.open(io.BytesIO(charts.render_print(fig, width_mm=150)))
    assert image.size[0] == pytest.approx(150 / 25.4 * 300, abs=2)
    assert image.info["dpi"][0] == pytest.approx(300, abs=1)


def test_group_names_sort_by_their_number_not_character_code():
    names = ["执法三组", "执法十组", "执法一组", "执法十一组", "执法二组"]
    ordered = sorted(names, key=natural_key)
    assert ordered == ["执法一组", "执法二组", "执法三组", "执法十组", "执法十一组"]


@pytest.mark.django_db
def test_groups_follow_the_configured_order_then_their_number():
    for name in ("执法三组", "执法一组", "执法二组"):
        EnforcementGroupFactory(name=name, sort_order=0)
    EnforcementGroupFactory(name="法制审核组", sort_order=9)
    assert groups()["name"].tolist()[:4] == [
        "执法一组",
        "执法二组",
        "执法三组",
        "法制审核组",
    ]


def test_metrics_and_the_heatmap_list_groups_in_that_order():
    order = ["执法一组", "执法二组", "执法三组"]
    reviews = order_groups(
        pd.DataFrame(
            {
                "group": ["执法三组", "执法一组", "执法二组", "执法三组"],
                "quarter": [1, 1, 2, 2],
                "total": [63.0, 96.0, 100.0, 80.0],
            }
        ),
        order,
    )
    table = metrics.scores_by_group_quarter(reviews)
    assert table.index.astype(str).tolist() == order
    fig = charts.heatmap(table, title="")
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == order
    exams = order_groups(
        pd.DataFrame(
            {
                "attempt_id": [1, 2, 3],
                "user_id": [1, 2, 3],
                "group": ["执法三组", "执法二组", "执法一组"],
                "percent": [50.0, 60.0, 70.0],
                "passed": [False, True, True],
            }
        ),
        order,
    )
    by_group = metrics.exam_results(exams, by=["group"])
    assert by_group["group"].astype(str).tolist() == order


def test_score_heatmaps_use_a_fixed_0_to_100_scale():
    table = pd.DataFrame({"Q1": [63.0, 96.0], "Q2": [100.0, 80.0]}, index=["一", "二"])
    image = charts.heatmap(table, title="").axes[0].images[0]
    assert image.get_clim() == (0, 100)


def test_legends_sit_outside_the_plot_and_cover_no_bar():
    frame = pd.DataFrame(
        {"label": ["执法一组", "执法二组"], "a": [100, 100], "b": [100, 98]}
    )
    fig = charts.grouped_bar_chart(
        frame, label="label", series={"a": "应学", "b": "已完成"}, title="完成情况"
    )
    FigureCanvasAgg(fig)
    with charts.chart_style():
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        legend = fig.legends[0].get_window_extent(renderer)
        ax = fig.axes[0]
        assert not legend.overlaps(ax.get_window_extent(renderer))
        for bar in ax.patches:
            assert not legend.overlaps(bar.get_window_extent(renderer))
