"""Years side by side: trend_frame, yoy_changes and the trend figure.

Hand-built frames are the truth for the logic; one golden figure is read from
data/raw/qinglong_2023.txt by hand and cites its line.
"""

import polars as pl
import pytest
from pytest import approx

import charts.trend
from charts.context import ChartContext
from charts.trend import NO_TREND, make_trend_figure
from content.labels import NOT_DISCLOSED
from content.trend import DOCUMENT, KINDS, STATED_PRIOR, trend_frame, yoy_changes
from contract.tables import TABLES

YUAN = ("元", 10_000.0)


def frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """A contract-typed frame from a few hand-written rows (other columns null)."""
    columns = TABLES[table].columns
    return pl.DataFrame([{c: r.get(c) for c in columns} for r in rows], schema=columns)


def fact(county_id, year, metric, amount, line=1):
    return {"county_id": county_id, "year": year, "metric": metric, "amount_wan": amount, "line": line}


def said(county_id, year, metric, amount, line=90):
    """A prior-year figure stated in the text of the ``year`` document (for year - 1)."""
    return {"county_id": county_id, "year": year, "metric": metric, "for_year": year - 1,
            "amount_wan": amount, "basis": f"{metric}较上年…", "line": line}


# a: documents 2022 and 2023; the 2023 text restates 2022's 支出合计 as 98 (its 2022 document: 100).
# b: documents 2022 and 2024 (2023 skipped); the 2024 text states 2023.
# c: one document, nothing stated about earlier years: no trend.
# d: one document (2023) whose text states 2022: a trend of two points, as qinglong in the seeds.
# e: documents 2022 and 2023, but 2023 leaves 支出合计 out: one point only.
SUMMARY = frame("summary", [
    fact("a", 2022, "支出合计", 100.0), fact("a", 2022, "基本支出", 0.0),
    fact("a", 2023, "支出合计", 110.0), fact("a", 2023, "基本支出", 5.0),
    fact("b", 2022, "支出合计", 200.0), fact("b", 2024, "支出合计", 150.0),
    fact("c", 2024, "支出合计", 50.0),
    fact("d", 2023, "支出合计", 70.0),
    fact("e", 2022, "支出合计", 30.0), fact("e", 2023, "基本支出", 12.0),
])
PRIOR = frame("prior_year", [
    said("a", 2023, "支出合计", 98.0),
    said("a", 2023, "基本支出", 0.004),  # within rounding of the 2022 document's 0
    said("b", 2024, "支出合计", 180.0),
    said("d", 2023, "支出合计", 60.0),
])


def rows_of(frame_: pl.DataFrame, *columns) -> list[tuple]:
    return list(frame_.select(columns).iter_rows())


# --- trend_frame ------------------------------------------------------------------------


def test_trend_frame_rows_both_kinds_sorted():
    trend = trend_frame(SUMMARY, PRIOR, "支出合计")
    assert rows_of(trend, "county_id", "year", "amount_wan", "kind", "source_year") == [
        ("a", 2022, 100.0, DOCUMENT, 2022),
        ("a", 2022, 98.0, STATED_PRIOR, 2023),  # same year: the document first
        ("a", 2023, 110.0, DOCUMENT, 2023),
        ("b", 2022, 200.0, DOCUMENT, 2022),
        ("b", 2023, 180.0, STATED_PRIOR, 2024),
        ("b", 2024, 150.0, DOCUMENT, 2024),
        ("d", 2022, 60.0, STATED_PRIOR, 2023),
        ("d", 2023, 70.0, DOCUMENT, 2023),
    ]


@pytest.mark.parametrize("county_id", ["c", "e"])
def test_trend_frame_drops_documents_with_one_point(county_id):
    assert county_id not in trend_frame(SUMMARY, PRIOR, "支出合计")["county_id"].to_list()


def test_trend_frame_keeps_basis_and_line_of_stated_figures():
    stated = trend_frame(SUMMARY, PRIOR, "支出合计").filter(pl.col("kind") == STATED_PRIOR)
    assert rows_of(stated, "county_id", "basis", "line") == [
        ("a", "支出合计较上年…", 90), ("b", "支出合计较上年…", 90), ("d", "支出合计较上年…", 90)]


def test_trend_frame_document_without_the_metric_is_a_null_row():
    # e's 2023 document exists (it states 基本支出) but not 支出合计: shown as 未公开, not skipped.
    summary = SUMMARY.vstack(frame("summary", [fact("e", 2024, "支出合计", 33.0)]))
    trend = trend_frame(summary, PRIOR, "支出合计").filter(pl.col("county_id") == "e")
    assert rows_of(trend, "year", "amount_wan", "kind") == [
        (2022, 30.0, DOCUMENT), (2023, None, DOCUMENT), (2024, 33.0, DOCUMENT)]


def test_trend_frame_empty_inputs():
    trend = trend_frame(SUMMARY.clear(), PRIOR.clear(), "支出合计")
    assert trend.is_empty()
    assert trend.columns[:4] == ["county_id", "year", "amount_wan", "kind"]


# --- yoy_changes --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def yoy() -> pl.DataFrame:
    return yoy_changes(SUMMARY, PRIOR, ("支出合计", "基本支出"))


def one(yoy: pl.DataFrame, county_id: str, metric: str) -> dict:
    (row,) = yoy.filter((pl.col("county_id") == county_id) & (pl.col("metric") == metric)).rows(named=True)
    return row


def test_yoy_pairs_in_order(yoy):
    assert rows_of(yoy, "county_id", "metric", "from_year", "to_year") == [
        ("a", "支出合计", 2022, 2023), ("a", "基本支出", 2022, 2023),
        ("b", "支出合计", 2022, 2024), ("b", "基本支出", 2022, 2024),
        ("e", "支出合计", 2022, 2023), ("e", "基本支出", 2022, 2023),
    ]


def test_yoy_amount_and_percent(yoy):
    row = one(yoy, "a", "支出合计")
    assert (row["from_amount_wan"], row["to_amount_wan"]) == (100.0, 110.0)
    assert row["change_wan"] == approx(10.0)
    assert row["change_pct"] == approx(10.0)
    assert row["gap_years"] == 0


def test_yoy_zero_base_has_no_percent(yoy):
    row = one(yoy, "a", "基本支出")
    assert row["change_wan"] == approx(5.0)
    assert row["change_pct"] is None


def test_yoy_missing_figure_has_no_change(yoy):
    row = one(yoy, "e", "支出合计")  # e's 2023 document does not state 支出合计
    assert (row["from_amount_wan"], row["to_amount_wan"]) == (30.0, None)
    assert row["change_wan"] is None and row["change_pct"] is None


def test_yoy_gap_years_flagged(yoy):
    row = one(yoy, "b", "支出合计")
    assert row["gap_years"] == 1
    assert row["change_wan"] == approx(-50.0)
    assert row["change_pct"] == approx(-25.0)
    # The 2024 text states 2023, not 2022: nothing to compare with the 2022 document.
    assert row["stated_prior_wan"] is None and row["consistent"] is None


def test_yoy_stated_prior_contradicts_document(yoy):
    row = one(yoy, "a", "支出合计")
    assert row["stated_prior_wan"] == 98.0
    assert row["stated_diff_wan"] == approx(-2.0)
    assert row["consistent"] is False
    assert (row["basis"], row["stated_line"]) == ("支出合计较上年…", 90)


def test_yoy_stated_prior_within_rounding_is_consistent(yoy):
    row = one(yoy, "a", "基本支出")
    assert row["stated_diff_wan"] == approx(0.004)
    assert row["consistent"] is True


def test_yoy_single_documents_give_no_rows():
    assert yoy_changes(SUMMARY.filter(pl.col("county_id").is_in(["c", "d"])), PRIOR, ("支出合计",)).is_empty()


# --- make_trend_figure ------------------------------------------------------------------


def test_figure_speaks_the_frames_words():
    assert (charts.trend.DOCUMENT, charts.trend.STATED_PRIOR) == KINDS
    assert charts.trend.NOT_DISCLOSED == NOT_DISCLOSED


def hand_context(*county_ids, unit=("万元", 1.0), share=False) -> ChartContext:
    return ChartContext(
        county_ids=county_ids, names={c: f"{c}县" for c in county_ids},
        years={c: 2024 for c in county_ids}, documents={c: f"{c}.txt" for c in county_ids},
        unit_label=unit[0], factor=unit[1], share=share,
    )


def trace(fig, name):
    matches = [t for t in fig.data if t.name == name]
    assert len(matches) == 1, [t.name for t in fig.data]
    return matches[0]


@pytest.fixture(scope="module")
def trend() -> pl.DataFrame:
    return trend_frame(SUMMARY, PRIOR, "支出合计")


def test_figure_one_solid_line_per_document_in_yuan(trend):
    fig = make_trend_figure(trend, hand_context("a", "b", unit=YUAN), "支出合计")
    a, b = trace(fig, "a县"), trace(fig, "b县")
    assert (list(a.x), list(a.y)) == ([2022, 2023], [100.0 * 10_000, 110.0 * 10_000])
    assert (list(b.x), list(b.y)) == ([2022, 2024], [200.0 * 10_000, 150.0 * 10_000])
    assert a.line.dash is None and a.mode == "lines+markers"
    assert "%{y:,.0f} 元" in a.hovertemplate  # 元 whole, with separators
    assert list(fig.layout.yaxis.ticktext)[1:] == ["50万元", "100万元", "150万元", "200万元"]  # never 500k


def test_figure_stated_prior_dashed_hollow_to_the_stating_document(trend):
    fig = make_trend_figure(trend, hand_context("a", "b", unit=YUAN), "支出合计")
    prior = trace(fig, f"b县·{STATED_PRIOR}")
    # 2023 as the 2024 text states it, joined to the 2024 document's own figure.
    assert (list(prior.x), list(prior.y)) == ([2023, 2024], [180.0 * 10_000, 150.0 * 10_000])
    assert prior.line.dash == "dash" and prior.marker.symbol == "circle-open"
    assert list(prior.marker.size)[0] > 0 and prior.opacity < 1
    assert prior.line.color == trace(fig, "b县").line.color
    assert STATED_PRIOR in prior.customdata[0] and "第 90 行" in prior.customdata[0]


def test_figure_prior_legend_entry_once(trend):
    fig = make_trend_figure(trend, hand_context("a", "b", "d"), "支出合计")
    legend = [t.name for t in fig.data if t.showlegend is not False]
    assert legend == ["a县", "b县", "d县", STATED_PRIOR]


def test_figure_axes_title_and_order(trend):
    fig = make_trend_figure(trend, hand_context("b", "a"), "支出合计")
    assert [t.name for t in fig.data if t.showlegend is not False][:2] == ["b县", "a县"]  # ctx order
    assert list(fig.layout.xaxis.tickvals) == [2022, 2023, 2024]
    title = fig.layout.title.text
    assert "支出合计" in title and "2022–2024" in title and "单位：万元" in title
    assert "a县 2022、2023 年文件" in fig.layout.annotations[-1].text  # source: every document


def test_figure_share_mode_still_amounts(trend):
    fig = make_trend_figure(trend, hand_context("a", share=True), "支出合计")
    assert list(trace(fig, "a县").y) == [100.0, 110.0]
    assert "按金额显示" in fig.layout.title.text
    assert "单位：万元" in fig.layout.title.text and fig.layout.yaxis.ticktext[-1].endswith("万元")


def test_figure_marks_not_disclosed_year():
    summary = SUMMARY.vstack(frame("summary", [fact("e", 2024, "支出合计", 33.0)]))
    fig = make_trend_figure(trend_frame(summary, PRIOR, "支出合计"), hand_context("e"), "支出合计")
    assert list(trace(fig, "e县").y) == [30.0, None, 33.0]  # a break in the line, not a bridge
    assert [a.x for a in fig.layout.annotations if NOT_DISCLOSED in a.text] == [2023]


@pytest.mark.parametrize("county_ids", [("c",), ("a", "b")])
def test_figure_empty_says_why(county_ids, trend):
    shown = trend.filter(pl.col("county_id").is_in(["c"]))  # c never reaches the frame
    fig = make_trend_figure(shown, hand_context(*county_ids), "支出合计")
    assert not fig.data
    assert NO_TREND in [a.text for a in fig.layout.annotations]


# --- seed data ----------------------------------------------------------------------------


def test_qinglong_2022_total_stated_in_2023_text(tables):
    # qinglong_2023.txt line 461: "2023 年预算收支安排 8815.77 万元，较 2022 年预算减少 56.06 万元"
    # → 2022: 8815.77 + 56.06 = 8871.83 万元.
    trend = trend_frame(tables["summary"], tables["prior_year"], "支出合计")
    qinglong = trend.filter(pl.col("county_id") == "qinglong")
    assert rows_of(qinglong, "year", "kind", "source_year", "line") == [
        (2022, STATED_PRIOR, 2023, 461), (2023, DOCUMENT, 2023, 157)]
    assert qinglong["amount_wan"].to_list() == [approx(8815.77 + 56.06), approx(8815.77)]
