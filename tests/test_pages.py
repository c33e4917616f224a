"""Every page run in streamlit's AppTest: per county, all counties, every year; filters and URL.

Golden values are read from data/raw/*.txt by hand; each cites its line.
"""

from __future__ import annotations

import base64
import json
import re

import numpy as np
import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from content.filters import Filters
from content.selection import select
from export.workbook import TABLE_LABELS
from tests.conftest import ROOT, overview_cards

APP = str(ROOT / "app.py")
COUNTIES = ("hezheng", "qinglong", "huangyuan", "shizhu")
NAMES = {"hezheng": "和政县", "qinglong": "青龙满族自治县", "huangyuan": "湟源县", "shizhu": "石柱土家族自治县"}
YEARS = {"hezheng": 2024, "qinglong": 2023, "huangyuan": 2024, "shizhu": 2023}
SELECTIONS = [(c,) for c in COUNTIES] + [COUNTIES]
PAGE_TITLES = {
    "page_overview": "总览", "page_composition": "收支构成", "page_sangong": "三公经费",
    "page_projects": "项目支出", "page_indicators": "绩效指标", "page_compare": "横向对比",
    "page_quality": "绩效目标质量审查", "page_checks": "勾稽核对", "page_data": "数据",
}

# The charts each page draws for one county (first part of each figure title). Which tables a
# county discloses: 和政/湟源 print no 三公 and no function/economic tables, 湟源 no income
# table either; 青龙's project tables list no amounts; 和政/青龙 indicator tables have no 分值.
_COMPOSITION_FULL = ["收入来源构成", "支出功能分类", "功能分类（类）基本支出与项目支出",
                     "基本支出经济分类", "资金流向"]
_INDICATORS = ["绩效指标按一级指标分布", "绩效指标按二级指标分布", "绩效指标的比较符号", "定量指标的计量单位",
               "定量与定性指标", "满意度指标目标值"]
_PROJECTS = ["所列项目对项目支出的覆盖", "项目金额排名", "项目分类（个数）"]
EXPECTED_CHARTS = {
    "page_overview": {c: [] for c in COUNTIES},
    "page_composition": {"hezheng": ["收入来源构成"], "qinglong": _COMPOSITION_FULL, "huangyuan": [],
                         "shizhu": _COMPOSITION_FULL},
    "page_sangong": {"hezheng": [], "qinglong": ["“三公”经费分项", "“三公”经费合计：本年与上年", "“三公”经费占比"],
                     "huangyuan": [], "shizhu": ["“三公”经费分项", "“三公”经费合计：本年与上年", "“三公”经费占比"]},
    "page_projects": {"hezheng": _PROJECTS, "qinglong": ["项目分类（个数）"], "huangyuan": _PROJECTS,
                      "shizhu": _PROJECTS},
    "page_indicators": {"hezheng": _INDICATORS, "qinglong": _INDICATORS, "huangyuan": [*_INDICATORS, "指标权重分布"],
                        "shizhu": [*_INDICATORS, "指标权重分布"]},
    "page_compare": {c: ["横向对比：主要指标"] for c in COUNTIES},
    "page_quality": {c: ["绩效目标设置质量得分", "各类问题条数"] for c in COUNTIES},
    "page_checks": {c: ["勾稽核对结果"] for c in COUNTIES},
    "page_data": {c: [] for c in COUNTIES},
}
# "not disclosed" notices a page gives for one county.
EXPECTED_NOTICES = {
    ("page_composition", "hezheng"): ["和政县公开文件未包含支出功能分类表。", "和政县公开文件未包含基本支出经济分类表。"],
    ("page_composition", "huangyuan"): ["湟源县公开文件未包含收入来源表。", "湟源县公开文件未包含支出功能分类表。"],
    ("page_sangong", "hezheng"): ["和政县公开文件未包含“三公”经费表。"],
    ("page_sangong", "huangyuan"): ["湟源县公开文件未包含“三公”经费表。"],
    ("page_projects", "qinglong"): ["青龙满族自治县公开文件未包含各项目的金额（项目表只列绩效目标）。"],
    ("page_indicators", "hezheng"): ["和政县公开文件未包含指标权重（分值）列。"],
    ("page_indicators", "qinglong"): ["青龙满族自治县公开文件未包含指标权重（分值）列。"],
    ("page_compare", "qinglong"): ["请在左侧至少选择两份公开文件（地区或部门）进行对比。"],
}


# --- helpers ----------------------------------------------------------------------------


def new_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _array(value):
    """Plotly JSON may carry numbers as typed arrays ({'dtype', 'bdata'})."""
    if isinstance(value, dict) and "bdata" in value:
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value)


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def what(fig: dict) -> str:
    return fig["layout"]["title"]["text"].split("<br>")[0]


def figure(at: AppTest, title: str) -> dict:
    matches = [f for f in figures(at) if what(f).startswith(title)]
    assert len(matches) == 1, [what(f) for f in figures(at)]
    return matches[0]


def bars(fig: dict) -> dict[str, dict]:
    """Trace name -> {category: value}, whichever way the bars lie."""
    out = {}
    for t in fig["data"]:
        x, y = _array(t["x"]), _array(t["y"])
        out[t.get("name")] = dict(zip(y, x, strict=True) if t.get("orientation") == "h" else zip(x, y, strict=True))
    return out


def has_data(fig: dict) -> bool:
    """At least one trace plots something (no empty chart frames)."""
    def size(t):
        if t.get("type") == "sankey":
            return len(_array(t["link"]["value"]))
        return max(len(_array(t.get(k, []))) for k in ("x", "y", "values"))
    return any(size(t) for t in fig["data"])


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def problems(at: AppTest) -> list[str]:
    """Warnings other than the count of unconfirmed figures under a page title (content/confirm.py)."""
    return [w for w in texts(at.warning) if not re.match(r"本页 \d+ 个数字未核实", w)]


@pytest.fixture(scope="module")
def app():
    """One AppTest per (counties, year), reused across pages (pages only read the filters)."""
    cache: dict[tuple, AppTest] = {}

    def get(counties: tuple[str, ...], year: str = "latest") -> AppTest:
        if (counties, year) not in cache:
            cache[counties, year] = new_app(county=",".join(counties), year=year)
        return cache[counties, year]

    return get


def shown_counties(counties: tuple[str, ...], year: str) -> list[str]:
    return [c for c in counties if year == "latest" or str(YEARS[c]) == year]


# --- every page, every county, every year -----------------------------------------------


@pytest.mark.parametrize("page_name", PAGE_TITLES)
@pytest.mark.parametrize("year", ["latest", "2023", "2024"])
@pytest.mark.parametrize("counties", SELECTIONS, ids=lambda c: "all" if len(c) > 1 else c[0])
def test_page_runs(app, page_name, year, counties):
    at = goto(app(counties, year), page_name)
    shown = shown_counties(counties, year)
    missing = [c for c in counties if c not in shown]
    if missing:
        assert f"{'、'.join(NAMES[c] for c in missing)}没有 {year} 年的数据（公开文件仅覆盖其他年度）。" in texts(at.info)
    assert texts(at.title) == [PAGE_TITLES[page_name]]
    if not shown:
        assert f"所选公开文件在 {year} 年均没有数据，请选择其他年度。" in texts(at.warning)
        assert not at.get("plotly_chart")
        return
    expected = {title for c in shown for title in EXPECTED_CHARTS[page_name][c]}
    found = [what(f) for f in figures(at)]
    assert {t for t in expected if any(f.startswith(t) for f in found)} == expected, found
    if len(shown) == 1:
        assert len(found) == len(EXPECTED_CHARTS[page_name][shown[0]]), found
    for fig in figures(at):
        assert has_data(fig), what(fig)
        title = fig["layout"]["title"]["text"]
        assert any(f"{YEARS[c]}" in title for c in shown), title
        if len(shown) == 1:
            assert NAMES[shown[0]] in title
    if len(shown) == 1:
        for notice in EXPECTED_NOTICES.get((page_name, shown[0]), []):
            assert notice in texts(at.info)
    assert not problems(at)


# --- page contents ----------------------------------------------------------------------


@pytest.mark.parametrize(("county", "amounts"), [
    ("qinglong", [0, 0, 6.2, 0]),  # qinglong_2023.txt lines 399, 403, 404 (6.20), 405
    ("shizhu", [0, 0, 12.0, 8.0]),  # shizhu_2023.txt line 182: 20.00 | | 12.00 | | 12.00 | 8.00
])
def test_sangong_page_golden(app, county, amounts):
    fig = figure(goto(app((county,)), "page_sangong"), "“三公”经费分项")
    assert list(bars(fig)[f"{NAMES[county]} {YEARS[county]}"].values()) == pytest.approx(amounts)


def test_sangong_page_all_counties_shows_the_two_that_disclose(app):
    at = goto(app(COUNTIES), "page_sangong")
    assert set(bars(figure(at, "“三公”经费分项"))) == {"青龙满族自治县 2023", "石柱土家族自治县 2023"}
    assert {"和政县公开文件未包含“三公”经费表。", "湟源县公开文件未包含“三公”经费表。"} <= set(texts(at.info))


def test_overview_golden_metrics(app):
    at = goto(app(("qinglong", "hezheng")), "page_overview")
    metrics = [(c.label, c.value, c.delta) for c in overview_cards(at)]
    # qinglong line 157 合计 8815.77 / line 461 较2022年预算减少 56.06; line 469 三公 6.20, 减少 3
    assert ("支出合计", "8,815.77 万元", "-56.06 万元（较上年）") in metrics
    assert ("三公经费合计", "6.20 万元", "-3.00 万元（较上年）") in metrics
    # hezheng line 14 支出预算合计 5637.51; no 三公 figure in the document
    assert ("支出合计", "5,637.51 万元", "") in metrics
    assert ("三公经费合计", "未公开", "") in metrics
    assert len(metrics) == 2 * 8


def test_composition_golden_income(app):
    fig = figure(goto(app(("qinglong",)), "page_composition"), "收入来源构成")
    # qinglong_2023.txt lines 41, 42, 83
    assert {name: values["青龙满族自治县 2023"] for name, values in bars(fig).items()} == pytest.approx(
        {"一般公共预算拨款收入": 8170.62, "政府性基金预算拨款收入": 119.40, "上年结转结余": 525.75})


def test_projects_page_ranking_golden(app):
    fig = figure(goto(app(("huangyuan",)), "page_projects"), "项目金额排名")
    (values,) = bars(fig).values()
    assert values["党员干部教育工作经费"] == pytest.approx(300.0)  # huangyuan_2024.txt line 42
    assert sum(values.values()) == pytest.approx(833.39)  # line 7 合计


def test_compare_page_all_counties(app):
    at = goto(app(COUNTIES), "page_compare")
    fig = figure(at, "横向对比：主要指标")
    # the panels' bars are horizontal: the scale they share is the value (horizontal) axis, not a 纵轴
    assert any("数值轴刻度一致" in c.value for c in at.caption) and not any("纵轴" in c.value for c in at.caption)
    panels = [t for t in fig["data"] if t["name"] == "支出合计"]
    assert len(panels) == 1 and len(fig["data"]) == 6
    # hezheng line 14, qinglong line 157, huangyuan states none, shizhu line 104
    assert _array(panels[0]["x"]) == pytest.approx([5637.51, 8815.77, 0, 1992.86])
    assert _array(panels[0]["y"]) == [NAMES[c] for c in COUNTIES]


def test_compare_page_metric_not_disclosed_by_the_only_county():
    at = new_app(county="huangyuan")
    goto(at, "page_compare")
    at.main.multiselect[0].set_value(["三公经费合计"]).run()
    assert not at.exception
    (panel,) = figure(at, "横向对比")["data"]
    assert _array(panel["x"]) == [0] and panel["text"] == ["未公开"]


@pytest.mark.parametrize("page_name", ["page_sangong", "page_overview"])
def test_notices_of_a_run_stand_under_the_page_title(page_name):
    # issue 21.7: "和政县没有 2023 年的数据" and a link's unknown code were drawn above the title
    at = new_app(county="hezheng,qinglong,nowhere", year="2023")
    goto(at, page_name)
    order = [(type(c).__name__, str(getattr(c, "value", ""))) for c in at.main.children.values()]
    kinds = [k for k, _ in order]
    assert kinds[0] == "Title"
    missing = next(i for i, (_, v) in enumerate(order) if "和政县没有 2023 年的数据" in v)
    unknown = next(i for i, (_, v) in enumerate(order) if "nowhere" in v)
    assert 0 < unknown and 0 < missing


def test_checks_page_matches_the_checks_table(app, tables):
    at = goto(app(("hezheng", "shizhu")), "page_checks")
    checks = tables["checks"].filter(pl.col("county_id").is_in(["hezheng", "shizhu"]))
    failed = checks.filter(~pl.col("ok"))
    fig = bars(figure(at, "勾稽核对结果"))
    assert fig["不一致"] == {"和政县 2024": failed.filter(pl.col("county_id") == "hezheng").height,
                          "石柱土家族自治县 2023": failed.filter(pl.col("county_id") == "shizhu").height}
    assert at.dataframe[1].value.shape[0] == failed.height  # only the failing checks listed
    at.toggle[0].set_value(False).run()
    assert at.dataframe[1].value.shape[0] == checks.height


def test_checks_page_all_consistent_says_so(app, tables):
    # 湟源: every check passes (青龙 no longer does: its 机关运行经费 sentence, line 465, lists parts
    # adding to 62.68 against the stated 63.07)
    assert tables["checks"].filter(pl.col("county_id") == "huangyuan")["ok"].all()
    at = goto(app(("huangyuan",)), "page_checks")
    assert texts(at.success) == ["所选公开文件的全部核对项均一致。"]


def test_quality_page_scores_are_per_county_and_in_range(app):
    fig = figure(goto(app(COUNTIES), "page_quality"), "绩效目标设置质量得分")
    mean = fig["data"][0]
    assert _array(mean["y"]) == [f"{NAMES[c]} {YEARS[c]}" for c in COUNTIES]
    assert all(0 <= v <= 100 for v in _array(mean["x"]))


@pytest.mark.parametrize("table", ["counties", "summary", "income", "sangong", "projects", "indicators", "checks"])
def test_data_page_shows_the_selected_rows(app, tables, table):
    at = goto(app(("qinglong", "huangyuan")), "page_data")
    at.main.selectbox[0].set_value(table).run()
    expected = select(tables, Filters(("qinglong", "huangyuan"), "latest")).table(table).height
    if expected:
        assert at.dataframe[0].value.shape[0] == expected
    else:
        assert "没有符合条件的记录。" in texts(at.info)
    assert {"下载本表 CSV", "下载全部表格 Excel"} <= {b.label for b in at.get("download_button")}


def test_data_page_text_filter(app):
    at = goto(app(("qinglong",)), "page_data")
    at.main.selectbox[0].set_value("sangong").run()
    at.main.text_input[0].set_value("运行维护").run()
    frame = at.dataframe[0].value
    assert frame.shape[0] == 1  # qinglong_2023.txt line 404 only
    assert frame.iloc[0].tolist()[frame.columns.get_loc("金额（万元）")] == pytest.approx(6.2)


def assert_readable(frame, where: str) -> None:
    """No None/NaN cell (未公开 or — instead) and no raw column name (占基本支出_%, amount_wan)."""
    empty = [c for c in frame.columns if frame[c].isna().any()]
    assert not empty, (where, empty)
    raw = [c for c in frame.columns if re.search(r"[A-Za-z_]", str(c))]
    assert not raw, (where, raw)


@pytest.mark.parametrize("page_name", [p for p in PAGE_TITLES if p != "page_data"])
def test_page_tables_say_why_a_cell_is_empty(app, page_name):
    """湟源 states no 支出合计 (县际对比), 和政 no project codes (项目支出), …: no table shows None."""
    at = goto(app(COUNTIES), page_name)
    assert at.dataframe
    for i, table in enumerate(at.dataframe):
        assert_readable(table.value, f"{page_name} table {i}")


@pytest.mark.parametrize("table", TABLE_LABELS)
def test_data_page_tables_say_why_a_cell_is_empty(app, table):
    at = goto(app(COUNTIES), "page_data")
    at.main.selectbox[0].set_value(table).run()
    for shown in at.dataframe:
        assert_readable(shown.value, table)


def test_compare_table_says_not_disclosed(app):
    frame = goto(app(COUNTIES), "page_compare").dataframe[0].value
    row = frame[frame["地区（部门）"] == "湟源县"].iloc[0]
    assert row["支出合计（万元）"] == "未公开"  # huangyuan_2024.txt states only 项目支出 (line 7)
    hezheng = frame[frame["地区（部门）"] == "和政县"].iloc[0]
    assert hezheng["支出合计（万元）"] == "5,637.51"  # hezheng_2024.txt line 14


# --- filters change the numbers ---------------------------------------------------------


def test_unit_yuan_multiplies_by_10000():
    at = goto(new_app(county="qinglong"), "page_sangong")
    at.sidebar.radio(key="f_unit").set_value("yuan").run()
    fig = figure(at, "“三公”经费分项")
    assert list(bars(fig)["青龙满族自治县 2023"].values()) == pytest.approx([0, 0, 62_000, 0])
    assert "单位：元" in fig["layout"]["title"]["text"]
    assert at.query_params["unit"] == "yuan"
    goto(at, "page_overview")
    assert ("支出合计", "88,157,700 元") in [(c.label, c.value) for c in overview_cards(at)]  # line 157 × 10000, 元 whole


def test_share_mode_gives_percentages():
    at = goto(new_app(county="shizhu", mode="share"), "page_sangong")
    fig = figure(at, "“三公”经费分项")
    assert list(bars(fig)["石柱土家族自治县 2023"].values()) == pytest.approx([0, 0, 60, 40])  # 12/20, 8/20
    assert "单位：%" in fig["layout"]["title"]["text"]


def test_switching_county_changes_the_figure():
    at = goto(new_app(county="qinglong"), "page_sangong")
    before = bars(figure(at, "“三公”经费分项"))
    at.sidebar.multiselect(key="f_regions").set_value(["石柱土家族自治县"]).run()
    after = bars(figure(at, "“三公”经费分项"))
    assert before != after
    assert list(after) == ["石柱土家族自治县 2023"]
    assert at.query_params["county"] == "shizhu"


def test_switching_year_to_one_without_data():
    at = goto(new_app(county="qinglong"), "page_composition")
    assert figures(at)
    at.sidebar.selectbox(key="f_year").set_value("2024").run()
    assert not at.exception and not figures(at)
    assert "所选公开文件在 2024 年均没有数据，请选择其他年度。" in texts(at.warning)
    assert at.query_params["year"] == "2024"


def test_no_county_selected_asks_for_one():
    at = goto(new_app(county="qinglong"), "page_sangong")
    at.sidebar.multiselect(key="f_regions").set_value([]).run()
    assert not at.exception and not figures(at)
    assert "请在左侧选择至少一个地区。" in texts(at.info)


# --- query parameters -------------------------------------------------------------------


def test_query_params_round_trip_across_pages():
    query = {"county": "shizhu,qinglong", "year": "2023", "unit": "yuan", "mode": "share"}
    at = new_app(**query)
    assert {k: at.query_params[k] for k in query} == query
    assert not problems(at)
    goto(at, "page_compare")
    assert {k: at.query_params[k] for k in query} == query
    fig = figure(at, "横向对比")
    assert _array(fig["data"][0]["y"]) == ["石柱土家族自治县", "青龙满族自治县"]


def test_defaults_are_written_to_the_url():
    at = new_app()
    assert {k: at.query_params[k] for k in ("county", "year", "unit", "mode")} == {
        "county": ",".join(COUNTIES), "year": "latest", "unit": "wan", "mode": "abs"}


@pytest.mark.parametrize(("query", "normalised", "notice"), [
    ({"county": "atlantis,qinglong"}, {"county": "qinglong"}, "atlantis"),
    ({"county": "atlantis"}, {"county": ",".join(COUNTIES)}, "已显示全部文件"),
    ({"county": "qinglong", "year": "1999"}, {"year": "latest"}, "1999"),
    ({"county": "qinglong", "unit": "usd"}, {"unit": "wan"}, "usd"),
    ({"county": "qinglong", "mode": "log"}, {"mode": "abs"}, "log"),
])
def test_unknown_url_values_warn_and_show_a_valid_view(query, normalised, notice):
    at = new_app(**query)
    assert any(notice in w for w in texts(at.warning))
    for key, value in normalised.items():
        assert at.query_params[key] == value
    goto(at, "page_sangong")
    assert figure(at, "“三公”经费分项")
    assert any(notice in w for w in texts(at.warning))  # the notice stays visible on the next page


def test_no_legacy_pages_folder():
    """A `pages/` folder beside app.py makes Streamlit run a fresh server's first request as a
    legacy multipage app, where shared links show "Page not found" (tests/e2e/test_deep_links.py)."""
    assert not (ROOT / "pages").exists()
