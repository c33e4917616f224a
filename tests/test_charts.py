"""Figure builders: the plotted numbers are the frame's numbers, titles say who/when/unit.

Golden values are read from data/raw/*.txt by hand; each cites its line.
"""

import polars as pl
import pytest
from pytest import approx

from charts.audit import make_check_summary_figure, make_flag_figure, make_score_figure
from charts.compare import make_comparison_figure
from charts.composition import (
    make_economic_figure,
    make_function_split_figure,
    make_function_treemap_figure,
    make_income_figure,
    make_sankey_figure,
)
from charts.context import ChartContext
from charts.indicators import (
    make_level_figure,
    make_operator_figure,
    make_percent_target_figure,
    make_quant_figure,
    make_unit_figure,
    make_weight_figure,
)
from charts.projects import (
    make_project_category_figure,
    make_project_coverage_figure,
    make_project_ranking_figure,
)
from charts.sangong import make_sangong_items_figure, make_sangong_prior_figure, make_sangong_share_figure
from charts.style import scope_label
from contract.tables import SANGONG_ITEMS, TABLES

YUAN = ("元", 10_000.0)
ALL = ("hezheng", "qinglong", "huangyuan", "shizhu")
NAMES = {"hezheng": "和政县", "qinglong": "青龙满族自治县", "huangyuan": "湟源县", "shizhu": "石柱土家族自治县"}
YEARS = {"hezheng": 2024, "qinglong": 2023, "huangyuan": 2024, "shizhu": 2023}


def context(tables, *county_ids, unit=("万元", 1.0), share=False) -> ChartContext:
    """A chart context for the given counties, in the given order."""
    counties = tables["counties"]
    rows = pl.concat([counties.filter(pl.col("county_id") == c) for c in county_ids])
    return ChartContext.from_tables(rows, unit[0], unit[1], share)


def hand_context(*county_ids, share=False) -> ChartContext:
    return ChartContext(
        county_ids=county_ids, names={c: f"{c}县" for c in county_ids},
        years={c: 2024 for c in county_ids}, documents={c: f"{c}.txt" for c in county_ids}, share=share,
    )


def frame(table: str, rows: list[dict]) -> pl.DataFrame:
    """A contract-typed frame from a few hand-written rows (other columns null)."""
    columns = TABLES[table].columns
    return pl.DataFrame([{c: r.get(c) for c in columns} for r in rows], schema=columns)


def trace(fig, name):
    matches = [t for t in fig.data if t.name == name]
    assert len(matches) == 1, [t.name for t in fig.data]
    return matches[0]


# --- 三公经费 ---------------------------------------------------------------------------

# qinglong_2023.txt lines 399, 403, 404, 405: 出国 blank, 购置 blank, 运行维护 6.20, 接待 blank.
# shizhu_2023.txt line 182: 20.00 | (出国) | 12.00 | (购置) | 12.00 | 8.00.
SANGONG_GOLDEN = {"qinglong": [0.0, 0.0, 6.2, 0.0], "shizhu": [0.0, 0.0, 12.0, 8.0]}


@pytest.mark.parametrize("county_id", SANGONG_GOLDEN)
def test_sangong_items_golden(tables, county_id):
    fig = make_sangong_items_figure(tables["sangong"], context(tables, county_id))
    (bar,) = fig.data
    assert list(bar.y) == list(SANGONG_ITEMS)
    assert list(bar.x) == approx(SANGONG_GOLDEN[county_id])


@pytest.mark.parametrize("county_id", SANGONG_GOLDEN)
def test_sangong_items_in_yuan(tables, county_id):
    fig = make_sangong_items_figure(tables["sangong"], context(tables, county_id, unit=YUAN))
    assert list(fig.data[0].x) == approx([v * 10_000 for v in SANGONG_GOLDEN[county_id]])
    assert "单位：元" in fig.layout.title.text
    assert list(fig.data[0].text)[2] == f"{SANGONG_GOLDEN[county_id][2] * 10_000:,.0f}"  # 62,000: 元 whole
    assert all(t == "0" or t.endswith("元") for t in fig.layout.xaxis.ticktext)  # 2万元, 4万元 … not 20k


def test_sangong_items_share_mode(tables):
    fig = make_sangong_items_figure(tables["sangong"], context(tables, "qinglong", "shizhu", share=True))
    qinglong, shizhu = fig.data
    assert list(qinglong.x) == approx([0, 0, 100, 0])
    assert list(shizhu.x) == approx([0, 0, 60, 40])  # 12/20 and 8/20, line 182
    assert all(t.endswith("%") for t in fig.layout.xaxis.ticktext)


def test_sangong_items_one_bar_per_county_with_the_table(tables):
    """和政/湟源 disclose no 三公 table: no bar for them, the others' bars equal the frame."""
    fig = make_sangong_items_figure(tables["sangong"], context(tables, *ALL))
    assert [t.name for t in fig.data] == ["青龙满族自治县 2023", "石柱土家族自治县 2023"]
    for bar, county_id in zip(fig.data, ("qinglong", "shizhu"), strict=True):
        rows = tables["sangong"].filter(pl.col("county_id") == county_id)
        expected = dict(zip(rows["item"], rows["amount_wan"], strict=True))
        assert list(bar.x) == approx([expected[i] for i in SANGONG_ITEMS])


def test_sangong_prior_year_beside_this_year(tables):
    # qinglong line 469: 6.20 万元, 比上年预算减少 3 万元 -> 9.20; shizhu line 47: 20 万元, 增加 0.
    fig = make_sangong_prior_figure(tables["summary"], tables["prior_year"],
                                    context(tables, "qinglong", "shizhu", unit=YUAN))
    qinglong, shizhu = fig.data
    assert list(qinglong.y[1]) == ["2022", "2023"]
    assert list(qinglong.customdata) == ["2022 年 上年（文件所述）", "2023 年 本年"]
    assert list(qinglong.x) == approx([92_000, 62_000])
    assert list(shizhu.x) == approx([200_000, 200_000])
    assert list(shizhu.text) == ["200,000", "200,000"]  # 元 with separators, whole


def test_sangong_prior_names_stand_in_lines_beside_the_bars(tables):
    """Long document names (region·department（file）) stand in lines beside horizontal bars, the
    years between them and the bars, the left margin as wide as both (tests/test_chart_layout.py
    tries the longest names of a real library)."""
    from charts.context import ChartContext
    from charts.layout import LABEL_EM, text_em, text_px

    long_name = "合成区·中共合成区委组织部（syn07_041.xlsx）"
    ctx = context(tables, "qinglong", "shizhu")
    named = ChartContext(ctx.county_ids, {**ctx.names, "qinglong": long_name}, ctx.years, ctx.documents)
    fig = make_sangong_prior_figure(tables["summary"], tables["prior_year"], named)
    label = fig.data[0].y[0][0]
    assert label.replace("<br>", "") == long_name and label.count("<br>") == 1
    assert all(text_em(part) <= LABEL_EM for part in label.split("<br>"))
    assert fig.layout.margin.l >= max(text_px(p) for p in label.split("<br>")) + text_px("2022")


def test_sangong_share_of_basic_and_total(tables):
    # shizhu: 三公 20.00 (line 182), 基本支出 575.29 (line 114), 支出合计 1,992.86 (line 104).
    fig = make_sangong_share_figure(tables["summary"], context(tables, "shizhu", "hezheng"))
    (bar,) = fig.data  # 和政 states no 三公 total
    assert list(bar.y) == ["占基本支出", "占支出合计"]
    assert list(bar.x) == approx([round(20 / 575.29 * 100, 2), round(20 / 1992.86 * 100, 2)])
    assert list(bar.text) == ["3.48%", "1.00%"]


# --- 收支构成 -----------------------------------------------------------------------------


def test_income_golden_and_in_yuan(tables):
    # qinglong lines 41, 42, 83: 8170.62, 119.40, 525.75; shizhu lines 94, 100: 1,933.57, 59.29.
    for unit, factor in (("万元", 1.0), YUAN):
        fig = make_income_figure(tables["income"], context(tables, "qinglong", "shizhu", unit=(unit, factor)))
        assert list(trace(fig, "一般公共预算拨款收入").x) == approx([8170.62 * factor, 1933.57 * factor])
        assert list(trace(fig, "政府性基金预算拨款收入").x) == approx([119.40 * factor, 0.0])
        assert list(trace(fig, "上年结转结余").x) == approx([525.75 * factor, 59.29 * factor])
        assert list(trace(fig, "上年结转结余").y) == ["青龙满族自治县 2023", "石柱土家族自治县 2023"]


def test_income_share_mode_sums_to_100_per_county(tables):
    ids = ("hezheng", "qinglong", "shizhu")
    fig = make_income_figure(tables["income"], context(tables, *ids, share=True))
    for i, county_id in enumerate(ids):
        rows = tables["income"].filter(pl.col("county_id") == county_id)
        total = rows["amount_wan"].sum()
        for source, amount in rows.select("source", "amount_wan").iter_rows():
            assert trace(fig, source).x[i] == approx(amount / total * 100, abs=1e-3)
        assert sum(t.x[i] for t in fig.data) == approx(100, abs=1e-2)
    assert fig.layout.xaxis.title.text == "占比" and fig.layout.xaxis.ticktext[-1].endswith("%")


def test_function_treemap_golden(tables):
    fig = make_function_treemap_figure(tables["expenditure_function"], context(tables, "qinglong", unit=YUAN))
    tree = fig.data[0]
    values = dict(zip(tree.ids, tree.values, strict=True))
    parents = dict(zip(tree.ids, tree.parents, strict=True))
    assert values["qinglong"] == approx(8815.77 * 10_000)  # line 157 合计
    assert values["qinglong/201"] == approx(326.92 * 10_000)  # line 158
    assert values["qinglong/2013201"] == approx(285.32 * 10_000)  # line 160
    assert parents["qinglong/2013201"] == "qinglong/20132"
    assert parents["qinglong/201"] == "qinglong"


def test_function_treemap_hangs_rows_under_the_nearest_printed_ancestor():
    # 泉州 2026 prints 项 without their 款; 江苏政协 2019's text names 项 (stand-ins "201N101") under a 类
    rows = frame("expenditure_function", [
        {"county_id": "a", "year": 2024, "code": "204", "name": "公共安全支出", "level": 1, "total_wan": 70.0,
         "confirmed": True},
        {"county_id": "a", "year": 2024, "code": "2040201", "name": "行政运行", "level": 3,
         "parent_code": "20402", "total_wan": 50.0, "confirmed": True},
        {"county_id": "a", "year": 2024, "code": "201N101", "name": "政协事务（款）行政运行（项）", "level": 3,
         "parent_code": "201N1", "total_wan": 20.0, "confirmed": True},
    ])
    tree = make_function_treemap_figure(rows, hand_context("a")).data[0]
    parents = dict(zip(tree.ids, tree.parents, strict=True))
    assert parents["a/2040201"] == "a/204"  # its 款 20402 is not printed
    assert parents["a/201N101"] == "a"  # neither its 款 nor its 类 is printed


@pytest.mark.parametrize("share", [False, True])
def test_economic_figure_of_a_table_without_the_personnel_public_split(share):
    # 泉州 2026 表九 (corpus p18): 基本支出 by economic class with one amount column
    rows = frame("expenditure_economic", [
        {"county_id": "a", "year": 2024, "scope": "基本支出", "code": "301", "name": "工资福利支出", "level": 1,
         "total_wan": 80.0, "confirmed": True},
        {"county_id": "a", "year": 2024, "scope": "基本支出", "code": "30101", "name": "基本工资", "level": 2,
         "parent_code": "301", "total_wan": 60.0, "confirmed": True},
        {"county_id": "a", "year": 2024, "scope": "基本支出", "code": "30102", "name": "津贴补贴", "level": 2,
         "parent_code": "301", "total_wan": 20.0, "confirmed": True},
    ])
    fig = make_economic_figure(rows, hand_context("a", share=share))
    [bar] = fig.data
    assert bar.name == "金额" and list(bar.y) == ["基本工资", "津贴补贴"]
    assert list(bar.x) == ([75.0, 25.0] if share else [60.0, 20.0])
    assert "未分人员经费与公用经费" in fig.layout.title.text


def test_function_treemap_skips_counties_without_the_table(tables):
    fig = make_function_treemap_figure(tables["expenditure_function"], context(tables, *ALL))
    roots = [i for i, p in zip(fig.data[0].ids, fig.data[0].parents, strict=True) if p == ""]
    assert roots == ["qinglong", "shizhu"]
    assert len(fig.data[0].ids) == tables["expenditure_function"].height + 2


def test_function_split_golden_and_share(tables):
    rows = tables["expenditure_function"].filter(pl.col("county_id") == "qinglong")
    fig = make_function_split_figure(rows, context(tables, "qinglong"))
    basic, project = trace(fig, "基本支出"), trace(fig, "项目支出")
    at = list(basic.y).index("一般公共服务支出")
    assert (basic.x[at], project.x[at]) == approx((292.58, 34.34))  # line 158
    at = list(basic.y).index("农林水支出")
    assert (basic.x[at], project.x[at]) == approx((0.0, 8230.62))  # line 187
    share = make_function_split_figure(rows, context(tables, "qinglong", share=True))
    at = list(share.data[0].y).index("一般公共服务支出")
    assert share.data[0].x[at] == approx(round(292.58 / 326.92 * 100, 2))


def test_economic_golden_and_share(tables):
    rows = tables["expenditure_economic"].filter(pl.col("county_id") == "qinglong")
    fig = make_economic_figure(rows, context(tables, "qinglong"))
    personnel, public = trace(fig, "人员经费"), trace(fig, "公用经费")
    assert personnel.x[list(personnel.y).index("基本工资")] == approx(126.75)  # line 325
    assert public.x[list(public.y).index("办公费")] == approx(5.48)  # line 335
    assert "工资福利支出" not in personnel.y  # a 类, not a 款
    share = make_economic_figure(rows, context(tables, "qinglong", share=True))
    at = list(share.data[0].y).index("基本工资")
    assert share.data[0].x[at] == approx(round(126.75 / 384.41 * 100, 2))  # line 323 合计 384.41


def test_sankey_links_golden(tables):
    fig = make_sankey_figure(tables["income"], tables["expenditure_function"], context(tables, "qinglong"))
    sankey = fig.data[0]
    labels = list(sankey.node.label)
    links = {(labels[s], labels[t]): v for s, t, v in
             zip(sankey.link.source, sankey.link.target, sankey.link.value, strict=True)}
    assert links[("一般公共预算拨款收入", "部门预算")] == approx(8170.62)  # line 41
    assert links[("部门预算", "农林水支出")] == approx(8230.62)  # line 187
    assert links[("农林水支出", "项目支出")] == approx(8230.62)
    assert ("农林水支出", "基本支出") not in links  # blank basic column, line 187
    into_budget = sum(v for (s, t), v in links.items() if t == "部门预算")
    assert into_budget == approx(8815.77)  # line 84 收入总计


# --- 县际对比 -----------------------------------------------------------------------------


def test_comparison_golden_absolute_and_share(tables):
    ids = ("hezheng", "qinglong", "huangyuan", "shizhu")
    fig = make_comparison_figure(tables["summary"], context(tables, *ids), ("支出合计", "基本支出"))
    total, basic = fig.data
    # hezheng line 14 5637.51; qinglong line 157 8815.77; huangyuan states none; shizhu line 104 1,992.86
    assert list(total.x) == approx([5637.51, 8815.77, 0, 1992.86])
    assert list(total.text) == ["5,637.51", "8,815.77", "未公开", "1,992.86"]
    assert list(total.y) == [NAMES[c] for c in ids]
    shares = make_comparison_figure(tables["summary"], context(tables, *ids, share=True), ("基本支出",))
    # 基本支出: hezheng line 12 761.79, qinglong 384.41, shizhu 575.29 (line 114)
    assert list(shares.data[0].x) == approx([round(761.79 / 5637.51 * 100, 2), round(384.41 / 8815.77 * 100, 2),
                                             0, round(575.29 / 1992.86 * 100, 2)])
    assert list(basic.x) == approx([761.79, 384.41, 0, 575.29])


def test_comparison_in_yuan(tables):
    fig = make_comparison_figure(tables["summary"], context(tables, "huangyuan", unit=YUAN), ("项目支出",))
    assert list(fig.data[0].x) == approx([833.39 * 10_000])  # huangyuan line 7
    assert list(fig.data[0].text) == ["8,333,900"]


# --- 项目支出 -----------------------------------------------------------------------------


def hand_projects(amounts: list[float | None], county_id="a", current=True) -> pl.DataFrame:
    return frame("projects", [
        {"county_id": county_id, "year": 2024, "project_name": f"P{i}", "category": "特定目标类",
         "amount_wan": a, "current": current, "line": i}
        for i, a in enumerate(amounts, start=1)
    ])


def test_project_ranking_keeps_top_n_and_sums_the_rest():
    fig = make_project_ranking_figure(hand_projects([5.0, 50.0, 20.0, 1.0, 4.0]), hand_context("a"), top_n=3)
    bar = fig.data[0]
    assert list(bar.y) == ["P2", "P3", "P1", "其余项目合计（2 个）"]
    assert list(bar.x) == approx([50.0, 20.0, 5.0, 5.0])
    assert "前 3 项" in fig.layout.title.text


def test_project_ranking_share_mode():
    fig = make_project_ranking_figure(hand_projects([30.0, 10.0]), hand_context("a", share=True))
    assert list(fig.data[0].x) == approx([75.0, 25.0])


def test_project_ranking_real_county_in_yuan(tables):
    # huangyuan line 42: 党员干部教育工作经费 300.00 is the largest; line 7 合计 833.39.
    fig = make_project_ranking_figure(tables["projects"], context(tables, "huangyuan", unit=YUAN), top_n=20)
    bar = fig.data[0]
    assert bar.y[0] == "党员干部教育工作经费"
    assert bar.x[0] == approx(300.0 * 10_000)
    assert sum(bar.x) == approx(833.39 * 10_000)


@pytest.mark.parametrize(("listed", "stated", "covered", "gap", "over"), [
    ([30.0, 50.0], 100.0, 80.0, 20.0, None),
    ([70.0, 50.0], 100.0, 100.0, 0.0, 20.0),
])
def test_project_coverage(listed, stated, covered, gap, over):
    summary = frame("summary", [{"county_id": "a", "year": 2024, "metric": "项目支出", "amount_wan": stated,
                                 "line": 1}])
    fig = make_project_coverage_figure(hand_projects(listed), summary, hand_context("a"))
    assert list(trace(fig, "所列项目金额").x) == approx([covered])
    assert list(trace(fig, "未列明项目").x) == approx([gap])
    if over is None:
        assert len(fig.data) == 2
    else:
        assert list(trace(fig, "所列项目超出项目支出").x) == approx([over])
    share = make_project_coverage_figure(hand_projects(listed), summary, hand_context("a", share=True))
    assert list(share.data[0].x) == approx([covered / stated * 100])


def test_project_coverage_leaves_out_counties_without_amounts(tables):
    # qinglong lists projects without amounts; huangyuan's listed projects sum to line 7's 833.39.
    fig = make_project_coverage_figure(tables["projects"], tables["summary"],
                                       context(tables, "qinglong", "huangyuan"))
    assert list(fig.data[0].y) == ["湟源县 2024"]
    assert list(fig.data[0].x) == approx([833.39])
    assert list(fig.data[1].x) == approx([0.0])


def test_project_category_counts_current_projects_only():
    projects = pl.concat([
        hand_projects([1.0, 2.0, None]),
        hand_projects([7.0], current=False).with_columns(pl.lit(99, dtype=pl.Int64).alias("line")),
    ]).with_columns(pl.Series("category", ["A", "B", "A", "A"]))
    fig = make_project_category_figure(projects, hand_context("a"))
    bar = fig.data[0]
    assert bar_values(bar) == {"A": 2, "B": 1}
    categories = bar.y if bar.orientation == "h" else bar.x
    assert dict(zip(categories, bar.customdata, strict=True)) == {"A": "1.00 万元", "B": "2.00 万元"}


def test_project_category_without_amounts_says_not_disclosed_not_zero():
    """青龙's project tables state no amounts: the hover's 合计 is 未公开 (issue 21), not 0.00."""
    fig = make_project_category_figure(hand_projects([None, None]), hand_context("a"))
    assert list(fig.data[0].customdata) == ["未公开"]


# --- 绩效指标 -----------------------------------------------------------------------------


def hand_indicators(county_id: str, rows: list[dict]) -> pl.DataFrame:
    base = {"county_id": county_id, "year": 2024, "project_name": "P", "scope": "项目", "level3": "x",
            "operator": "≥", "target_text": "1", "current": True}
    return frame("indicators", [{**base, "line": i, **r} for i, r in enumerate(rows, start=1)])


@pytest.fixture
def indicators() -> pl.DataFrame:
    a = hand_indicators("a", [
        {"level1": "产出指标", "operator": "≥", "target_value": 95.0, "unit": "%", "level3": "群众满意度",
         "weight": 10.0},
        {"level1": "产出指标", "operator": "", "target_value": 3.0, "unit": "次", "weight": 20.0},
        {"level1": "效益指标", "operator": "定性", "target_text": "有效提升"},
        {"level1": "满意度指标", "operator": "=", "target_value": 100.0, "unit": "%", "level3": "完成率"},
    ])
    b = hand_indicators("b", [
        {"level1": "产出指标", "operator": "≥", "target_value": 2.0, "unit": None},
        {"level1": None, "operator": "≥", "target_text": "涉密"},
    ])
    return pl.concat([a, b])


def bar_values(bar) -> dict:
    """Category -> value, whichever way the bar is oriented."""
    pairs = zip(bar.y, bar.x, strict=True) if bar.orientation == "h" else zip(bar.x, bar.y, strict=True)
    return dict(pairs)


def bars_by_county(fig) -> dict[str, dict]:
    return {t.name: bar_values(t) for t in fig.data}


def test_level_counts_and_shares(indicators):
    counts = bars_by_county(make_level_figure(indicators, hand_context("a", "b")))
    assert counts["a县 2024"] == {"产出指标": 2, "效益指标": 1, "满意度指标": 1, "（未填）": 0}
    assert counts["b县 2024"] == {"产出指标": 1, "效益指标": 0, "满意度指标": 0, "（未填）": 1}
    shares = bars_by_county(make_level_figure(indicators, hand_context("a", "b", share=True)))
    assert shares["a县 2024"]["产出指标"] == approx(50.0)
    assert shares["b县 2024"]["（未填）"] == approx(50.0)


def test_operator_blank_is_labelled(indicators):
    counts = bars_by_county(make_operator_figure(indicators, hand_context("a")))
    assert counts["a县 2024"] == {"≥": 1, "（未写符号）": 1, "定性": 1, "=": 1}


def test_unit_figure_labels_missing_units_and_groups_the_tail(indicators):
    counts = bars_by_county(make_unit_figure(indicators, hand_context("a", "b"), top_n=1))
    assert counts["a县 2024"] == {"%": 2, "其他单位": 1, "（无单位）": 0}
    assert counts["b县 2024"] == {"%": 0, "其他单位": 0, "（无单位）": 1}


def test_quant_kind_counts(indicators):
    counts = bars_by_county(make_quant_figure(indicators, hand_context("a", "b")))
    assert counts["a县 2024"]["定量"] == 3 and counts["a县 2024"]["定性"] == 1
    assert counts["b县 2024"]["定量"] == 1 and counts["b县 2024"]["涉密"] == 1


@pytest.mark.parametrize(("satisfaction_only", "expected"), [(True, [95.0]), (False, [95.0, 100.0])])
def test_percent_targets(indicators, satisfaction_only, expected):
    fig = make_percent_target_figure(indicators, hand_context("a", "b"), satisfaction_only)
    (box,) = fig.data  # b has no % targets
    assert box.name == "a县"
    assert list(box.x) == expected


def test_weight_histogram_only_counties_with_weights(indicators):
    fig = make_weight_figure(indicators, hand_context("a", "b"))
    (bars,) = fig.data
    assert list(bars.x) == [10.0, 20.0] and list(bars.y) == [1, 1]


def test_real_indicator_counts_equal_the_frame(tables):
    ids = ("qinglong", "shizhu")
    current = tables["indicators"].filter(pl.col("current"))
    counts = bars_by_county(make_level_figure(current, context(tables, *ids)))
    for county_id in ids:
        rows = current.filter(pl.col("county_id") == county_id)
        expected = dict(rows.group_by(pl.col("level1").fill_null("（未填）")).len().iter_rows())
        shown = counts[f"{NAMES[county_id]} {YEARS[county_id]}"]
        assert {k: v for k, v in shown.items() if v} == expected
        assert sum(shown.values()) == rows.height


# --- 审查与核对 ---------------------------------------------------------------------------


def test_score_figure():
    scores = pl.DataFrame({"county_id": ["b", "a"], "year": [2024, 2024], "mean_score": [71.26, 88.0],
                           "min_score": [40.0, 64.0]})
    fig = make_score_figure(scores, hand_context("a", "b"))
    assert list(fig.data[0].y) == ["a县 2024", "b县 2024"]
    assert list(fig.data[0].x) == [88.0, 71.3]
    assert list(fig.data[0].text) == ["88.0", "71.3"]  # one decimal
    assert list(fig.data[1].x) == [64.0, 40.0]


def test_flag_figure_counts_per_rule():
    flags = pl.DataFrame({"county_id": ["a", "a", "a", "b"], "rule": ["r1", "r1", "r2", "r2"]})
    fig = make_flag_figure(flags, hand_context("a", "b", "c"), {"r1": "规则一"})
    assert bars_by_county(fig) == {"a县 2024": {"规则一": 2, "r2": 1}, "b县 2024": {"规则一": 0, "r2": 1}}


def test_check_summary_counts(tables):
    ids = ("hezheng", "shizhu")
    fig = make_check_summary_figure(tables["checks"], context(tables, *ids))
    ok, failed = trace(fig, "一致"), trace(fig, "不一致")
    for i, county_id in enumerate(ids):
        rows = tables["checks"].filter(pl.col("county_id") == county_id)
        assert ok.x[i] == rows["ok"].sum()
        assert failed.x[i] == rows.height - rows["ok"].sum()
        assert ok.x[i] + failed.x[i] == rows.height


# --- titles ------------------------------------------------------------------------------

BUILDERS = {
    "sangong": lambda t, c: make_sangong_items_figure(t["sangong"], c),
    "sangong_prior": lambda t, c: make_sangong_prior_figure(t["summary"], t["prior_year"], c),
    "income": lambda t, c: make_income_figure(t["income"], c),
    "treemap": lambda t, c: make_function_treemap_figure(t["expenditure_function"], c),
    "split": lambda t, c: make_function_split_figure(t["expenditure_function"], c),
    "economic": lambda t, c: make_economic_figure(t["expenditure_economic"], c),
    "sankey": lambda t, c: make_sankey_figure(t["income"], t["expenditure_function"], c),
    "compare": lambda t, c: make_comparison_figure(t["summary"], c),
    "coverage": lambda t, c: make_project_coverage_figure(t["projects"], t["summary"], c),
}


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize(("unit", "share"), [(("万元", 1.0), False), (YUAN, False)])
def test_titles_carry_county_year_and_unit(tables, builder, unit, share):
    fig = BUILDERS[builder](tables, context(tables, "shizhu", unit=unit, share=share))
    title = fig.layout.title.text
    assert "石柱土家族自治县" in title and "2023年" in title
    assert f"单位：{unit[0]}" in title
    assert "shizhu_2023.txt" in fig.layout.annotations[-1].text


def test_share_mode_titles_say_percent(tables):
    ctx = context(tables, "qinglong", share=True)
    for builder in ("sangong", "income", "compare"):
        assert "单位：%" in BUILDERS[builder](tables, ctx).layout.title.text, builder


def test_title_for_many_counties_spans_years():
    assert scope_label(["甲", "乙"], [2023, 2023]) == "甲、乙 2023年"
    assert scope_label(["甲", "乙", "丙"], [2024, 2023, 2024], "3 个地区") == "3 个地区 2023–2024年"
    assert scope_label(["甲", "乙", "丙"], [2024, 2023, 2024]) == "3 份预算 2023–2024年"  # no 县 (issue 21)


# --- partial tables say so on the chart ----------------------------------------------------

# hezheng_2024.txt line 10: 当年财政拨款 761.79, the only income by source; line 13: 收入预算合计 5637.51.
HEZHENG_INCOME, HEZHENG_TOTAL = 761.79, 5637.51
# hezheng 年度资金总额 of the 11 projects, lines 42, 64, 85, 107, 130, 151, 172, 193, 214, 235, 255;
# line 13: 项目支出 4875.72.
HEZHENG_PROJECTS = (3077.6, 690, 305.2, 231.12, 24.95, 10, 10, 25, 62, 134, 5)
HEZHENG_PROJECT_SPENDING = 4875.72


def notes_of(fig) -> str:
    """The title lines under the subtitle: where partial-table notes are drawn."""
    return "<br>".join(fig.layout.title.text.split("<br>")[2:])


def test_income_chart_says_the_table_covers_part_of_the_total(tables):
    fig = make_income_figure(tables["income"], context(tables, "hezheng", "qinglong"), tables["checks"])
    note = notes_of(fig)
    share = HEZHENG_INCOME / HEZHENG_TOTAL * 100
    assert f"和政县 2024：收入来源表所列各项合计 {HEZHENG_INCOME:,.2f} 万元" in note
    assert f"收入合计 {HEZHENG_TOTAL:,.2f} 万元的 {share:.1f}%" in note
    assert "青龙" not in note  # qinglong's sources add up to its 8815.77 (lines 41, 42, 83 vs 84)


def test_partial_note_in_the_chosen_unit_and_in_share_mode(tables):
    fig = make_income_figure(tables["income"], context(tables, "hezheng", unit=YUAN, share=True), tables["checks"])
    assert f"{HEZHENG_INCOME * 10_000:,.0f} 元" in notes_of(fig)  # 7,617,900 元: 元 are whole
    assert list(fig.data[0].x) == approx([100.0])  # the share alone would look complete


def test_income_chart_without_checks_has_no_note(tables):
    fig = make_income_figure(tables["income"], context(tables, "hezheng"))
    assert "收入来源表" not in notes_of(fig)  # no coverage note; the 未核实 key stays (hezheng's 761.79 is not)


def test_project_ranking_says_the_listed_projects_fall_short(tables):
    fig = make_project_ranking_figure(tables["projects"], context(tables, "hezheng"), checks=tables["checks"])
    listed = sum(HEZHENG_PROJECTS)
    assert listed == approx(4574.87)
    assert f"所列项目合计 {listed:,.2f} 万元，仅占项目支出 {HEZHENG_PROJECT_SPENDING:,.2f} 万元" in notes_of(fig)
    # huangyuan's 13 projects reconcile with line 7's 833.39: no note
    fig = make_project_ranking_figure(tables["projects"], context(tables, "huangyuan"), checks=tables["checks"])
    assert notes_of(fig) == ""


def test_note_keeps_the_plot_size(tables):
    """The note adds to the top margin and the height, so the plot area does not shrink."""
    plain = make_income_figure(tables["income"], context(tables, "hezheng"))
    noted = make_income_figure(tables["income"], context(tables, "hezheng"), tables["checks"])
    plot = lambda f: f.layout.height - f.layout.margin.t - f.layout.margin.b  # noqa: E731
    assert plot(noted) == plot(plain) and noted.layout.margin.t > plain.layout.margin.t


# --- pass/fail by label and shape, not colour alone ------------------------------------------


def test_check_summary_marks_pass_and_fail(tables):
    ids = ("hezheng", "qinglong")
    fig = make_check_summary_figure(tables["checks"], context(tables, *ids))
    ok, failed = trace(fig, "一致"), trace(fig, "不一致")
    assert failed.marker.pattern.shape and not ok.marker.pattern.shape
    labels = [a.text for a in fig.layout.annotations[:-1]]  # the last is the source
    for county_id, label in zip(ids, labels, strict=True):
        rows = tables["checks"].filter(pl.col("county_id") == county_id)
        assert label == f"✓ {rows['ok'].sum()}  ✗ {rows.height - rows['ok'].sum()}"


def test_a_legend_of_many_counties_gets_room_below_the_title():
    """20 counties wrap the legend into rows growing up from the plot: the top margin and the height
    grow with them (the plot keeps its size) and the title hangs from the top, clear of them."""
    import plotly.graph_objects as go

    from charts.style import LEGEND_ROW_PX, apply_layout, legend_rows

    def figure(n: int) -> go.Figure:
        fig = go.Figure([go.Bar(x=["产出指标"], y=[i], name=f"合成县{i:04d} 2024") for i in range(1, n + 1)])
        return apply_layout(fig, "绩效指标按一级指标分布<br><sup>20 县（区） 2024年 · 单位：个</sup>")

    one, many = figure(1), figure(20)
    assert legend_rows(one) == 1 and legend_rows(many) >= 3  # ~170 px an entry, 4 a row at 810 px
    plot = lambda f: f.layout.height - f.layout.margin.t - f.layout.margin.b  # noqa: E731
    assert plot(many) == plot(one)
    assert many.layout.margin.t == one.layout.margin.t + LEGEND_ROW_PX * (legend_rows(many) - 1)
    assert many.layout.title.yanchor == "top" and many.layout.title.yref == "container"
    title_bottom = 18 + 2 * 22  # pad, then a title line (~22 px) and a subtitle line
    assert many.layout.margin.t - LEGEND_ROW_PX * legend_rows(many) >= title_bottom
    hidden = go.Figure([go.Bar(y=[1], name="甲", showlegend=False), go.Treemap(labels=["a"], parents=[""])])
    assert legend_rows(hidden) == 0


def test_export_date_stands_on_the_source_line(tables):
    """The export stamp follows the footnote down when long names made room below the plot."""
    from charts.context import ChartContext
    from export.images import stamp_figure

    ctx = context(tables, "qinglong", "shizhu")
    named = ChartContext(ctx.county_ids, {**ctx.names, "qinglong": "合成区·中共合成区委组织部（syn07_041.xlsx）"},
                         ctx.years, ctx.documents)
    for c in (ctx, named):
        fig = stamp_figure(make_sangong_prior_figure(tables["summary"], tables["prior_year"], c))
        source = next(a for a in fig.layout.annotations if a.text.startswith("来源"))
        date = next(a for a in fig.layout.annotations if a.text.startswith("导出日期"))
        assert date.yshift == source.yshift


def test_indicator_count_bars_that_tie_keep_the_order_their_values_first_appear():
    """polars' group_by is unordered: without maintain_order ties came out in another order from run to
    run (and the units cut at 前 12 种 changed). 20 values counted once each, in a known order."""
    from charts.indicators import _categories

    values = [f"单位{i:02d}" for i in range(20)][::-1]
    _, order, _ = _categories(pl.DataFrame({"unit": values}), "unit")
    assert [o.replace("\n", "").replace("<br>", "") for o in order] == values
    indicators = pl.DataFrame({"county_id": ["a"] * 20, "year": [2024] * 20, "unit": values,
                               "target_value": [1.0] * 20})
    counts = bars_by_county(make_unit_figure(indicators, hand_context("a"), top_n=12))["a县 2024"]
    assert {k.replace("<br>", "") for k, n in counts.items() if n} == set(values[:12]) | {"其他单位"}
