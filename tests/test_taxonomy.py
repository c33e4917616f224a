"""Indicator categories on the standard taxonomy (audit.taxonomy), the charts drawn from them,
and the audit's separate count of inferred categories.

Names and line numbers are read from data/raw/*.txt by hand; each cites its line.
"""

import polars as pl
import pytest

from audit import score_counties, score_projects
from audit.taxonomy import STANDARD, classify, infer_level2, standard_name, with_standard_categories
from charts.context import ChartContext
from charts.indicators import INFERRED_LEGEND, INFERRED_SUFFIX, make_level_figure
from content.catalog import Notice, category_counts, indicators_items, quality_items
from content.filters import Filters
from content.selection import select

ALL = ("hezheng", "qinglong", "huangyuan", "shizhu")
LABELS = {"hezheng": "和政县 2024", "qinglong": "青龙满族自治县 2023", "huangyuan": "湟源县 2024",
          "shizhu": "石柱土家族自治县 2023"}


@pytest.fixture(scope="module")
def standard(tables) -> pl.DataFrame:
    return with_standard_categories(tables["indicators"])


def at_line(frame: pl.DataFrame, county_id: str, line: int) -> tuple:
    rows = frame.filter((pl.col("county_id") == county_id) & (pl.col("line") == line))
    found = set(rows.select("level1_std", "level2_std", "level1_inferred", "level2_inferred").rows())
    assert len(found) == 1, found
    return found.pop()


# --- the document's wording onto the standard names ------------------------------------

@pytest.mark.parametrize(("county_id", "line", "expected"), [
    # one 二级 category, four wordings
    ("huangyuan", 12, ("满意度指标", "服务对象满意度指标", False, False)),  # 满意度指标 | 服务对象满意度
    ("qinglong", 518, ("满意度指标", "服务对象满意度指标", False, False)),  # 满意度指标 | 服务对象满意度指标
    ("shizhu", 1049, ("满意度指标", "服务对象满意度指标", False, False)),  # 满意度指标 | 满意度指标
    ("hezheng", 30, ("满意度指标", "服务对象满意度指标", False, False)),  # 部门整体: (履职效果) | 服务对象满意度
    ("hezheng", 55, ("效益指标", "社会效益指标", False, False)),  # (效益指标) | 社会效益
    ("shizhu", 446, ("效益指标", "社会效益指标", False, False)),  # 效益指标 | 社会效益指标
    ("huangyuan", 8, ("成本指标", "经济成本指标", False, False)),  # 成本指标 | 经济成本
    ("shizhu", 508, ("成本指标", "经济成本指标", False, False)),  # 成本指标 | 经济成本指标
    ("huangyuan", 17, ("效益指标", "可持续影响指标", False, False)),  # 效益指标 | 可持续影响
    ("qinglong", 517, ("效益指标", "可持续影响指标", False, False)),  # (效益指标) | 可持续影响指标
    ("qinglong", 514, ("产出指标", "成本指标", False, False)),  # (产出指标) | 成本指标: 成本 under 产出
    # another framework (部门整体): kept as the document states it
    ("hezheng", 16, ("部门管理", "资金投入", False, False)),  # 部门管理 | 资金投入
])
def test_stated_categories_map_to_the_standard(standard, county_id, line, expected):
    assert at_line(standard, county_id, line) == expected


@pytest.mark.parametrize(("county_id", "line", "expected"), [
    # 石柱's 一级项目 tables have no 一级/二级 columns (header line 262): both read from name and unit
    ("shizhu", 263, ("产出指标", "数量指标", True, True)),  # 举办…人才专题培训班 | 次 | ≥ 2
    ("shizhu", 264, ("产出指标", "数量指标", True, True)),  # 人才公寓总量 | 套
    ("shizhu", 265, ("成本指标", "经济成本指标", True, True)),  # 人才引进补贴 | 元/月
    ("shizhu", 266, ("满意度指标", "服务对象满意度指标", True, True)),  # 引进人才对象满意度 | %
    ("shizhu", 267, ("产出指标", "质量指标", True, True)),  # 人才流失率 | %
    ("shizhu", 338, ("效益指标", "经济效益指标", True, True)),  # 村级收入增加 | 万元: a gain, not a cost
    ("shizhu", 342, ("效益指标", "社会效益指标", True, True)),  # 驻村工作队战斗力 | 级 | 提高
    # 和政: 一级 成本指标 over 二级 数量指标 contradict each other: both read from name and unit
    ("hezheng", 48, ("成本指标", "经济成本指标", True, True)),  # 一肩挑村(社区)干部年拨付标准 | 45000元/年
    ("hezheng", 136, ("产出指标", "数量指标", True, True)),  # 年维护次数 | 12次
    ("hezheng", 261, ("产出指标", "时效指标", True, True)),  # 资金使用年限 | 1年
    # a standard 一级 over a non-standard 二级: only the 二级 is inferred, under the stated 一级
    ("hezheng", 51, ("产出指标", "质量指标", False, True)),  # 产出指标 | 资金效益 | 保障村级工作开展情况 | 100%
    ("hezheng", 118, ("产出指标", "质量指标", False, True)),  # 资金效益 | 改善离、退休村干部生活 | 100%
    ("shizhu", 701, ("产出指标", "质量指标", False, True)),  # 产出指标 | 效果指标 | 破产企业老干部信访率 | %
])
def test_missing_or_contradictory_categories_are_inferred(standard, county_id, line, expected):
    assert at_line(standard, county_id, line) == expected


@pytest.mark.parametrize(("wording", "expected"), [
    ("服务对象满意度", "服务对象满意度指标"),
    ("服务对象满意度指标", "服务对象满意度指标"),
    ("满意度指标", "服务对象满意度指标"),
    ("社 会 效 益", "社会效益指标"),  # PDF extraction splits names
    ("经济成本", "经济成本指标"),
    ("生态成本", "生态环境成本指标"),
    ("产出", "产出指标"),
    ("资金效益", None),
    ("部门管理", None),
    ("", None),
    (None, None),
])
def test_standard_name(wording, expected):
    assert standard_name(wording) == expected


@pytest.mark.parametrize(("name", "unit", "target", "value", "level1", "expected"), [
    ("培训成本", "元/人*天", "210", 210.0, None, "经济成本指标"),  # shizhu line 318
    ("培训成本", "元/人*天", "210", 210.0, "产出指标", "成本指标"),  # cost kept under a stated 产出
    ("资金拨付及时率", "%", "100%", 100.0, None, "时效指标"),  # a rate about time is 时效
    ("项目完成时间", "", "2024年12月31日前", None, None, "时效指标"),
    ("生态环境影响", "", "无影响", None, None, "生态效益指标"),  # hezheng line 56's wording
    ("形成尊老敬老爱老良好氛围", "级", "好", None, None, "社会效益指标"),  # shizhu line 360
    ("提高全县干部工作积极性", "", "较好", None, "产出指标", "质量指标"),  # hezheng line 223: no 效益 under 产出
    ("提高全县干部工作积极性", "", "较好", None, "效益指标", "社会效益指标"),
    ("培训天数", "天", "5", 5.0, None, "数量指标"),  # shizhu line 310: 天数 is a count
    ("离退休党员干部人数", "人数", "1386", 1386.0, None, "数量指标"),  # shizhu line 359
    ("干部档案科学管理", "级", "优", None, None, "质量指标"),  # shizhu line 428: a grade, no other cue
    ("一般公共预算收入", "", "5031.77", 5031.77, None, None),  # nothing to go on
])
def test_infer_level2(name, unit, target, value, level1, expected):
    assert infer_level2(name, unit, target, value, level1) == expected


def test_every_standard_level2_has_one_parent():
    level2 = [l2 for _, l2 in STANDARD]
    assert len(level2) == len(set(level2))


def test_nothing_to_go_on_is_left_unclassified_and_marked():
    assert classify(None, None, "一般公共预算收入", None, "5031.77", 5031.77) == (None, None, True, True)


def test_frame_in_frame_out(tables, standard):
    """Rows and the document's own columns unchanged; applying it twice changes nothing."""
    indicators = tables["indicators"]
    assert standard.select(indicators.columns).equals(indicators)
    assert with_standard_categories(standard).equals(standard)
    assert standard.filter(pl.col("category_inferred") != (pl.col("level1_inferred") | pl.col("level2_inferred"))) \
        .is_empty()


def test_every_real_indicator_gets_a_category(standard):
    assert standard["level1_std"].null_count() == 0 and standard["level2_std"].null_count() == 0


# --- charts: one bar per standard category, inferred ones apart --------------------------

def context(tables, *county_ids) -> ChartContext:
    counties = tables["counties"]
    return ChartContext.from_tables(pl.concat([counties.filter(pl.col("county_id") == c) for c in county_ids]))


def bar_values(bar) -> dict:
    pairs = zip(bar.y, bar.x, strict=True) if bar.orientation == "h" else zip(bar.x, bar.y, strict=True)
    return dict(pairs)


def test_level2_chart_lines_up_the_wordings(tables):
    current = tables["indicators"].filter(pl.col("current"))
    fig = make_level_figure(current, context(tables, *ALL), "level2_std")
    categories = set(fig.data[0].y if fig.data[0].orientation == "h" else fig.data[0].x)
    # the non-standard wordings of huangyuan line 12, hezheng line 55, huangyuan line 8 are gone
    assert not {"服务对象满意度", "社会效益", "经济成本", "满意度指标"} & categories
    assert {"服务对象满意度指标", "社会效益指标", "经济成本指标"} <= categories
    stated = {t.name: bar_values(t) for t in fig.data}
    for county_id in ALL:  # every county has satisfaction indicators on the one bar
        assert stated[LABELS[county_id]]["服务对象满意度指标"] > 0


def test_level1_chart_draws_inferred_apart(tables):
    """石柱's 一级项目 tables: 68 indicators with no category (lines 263–271, 289–293, 310–318,
    337–342, 358–367, 384–394, 411–428: 9 + 5 + 9 + 6 + 10 + 11 + 18), no longer 「（未填）」."""
    current = tables["indicators"].filter(pl.col("current"))
    fig = make_level_figure(current, context(tables, "shizhu"), "level1_std")
    names = [t.name for t in fig.data]
    assert names == ["石柱土家族自治县 2023", "石柱土家族自治县 2023" + INFERRED_SUFFIX, INFERRED_LEGEND]
    stated, inferred = bar_values(fig.data[0]), bar_values(fig.data[1])
    assert "（未填）" not in stated and "（未能归类）" not in stated
    assert sum(inferred.values()) == 68
    assert fig.data[1].marker.pattern.shape and not fig.data[0].marker.pattern.shape
    assert list(fig.data[1].base) == [stated[k] for k in fig.data[1].x]  # drawn on top of the stated count
    assert sum(stated.values()) + 68 == current.filter(pl.col("county_id") == "shizhu").height


def test_raw_level_chart_unchanged(tables):
    """The document's wording stays available: level1 is drawn as stated, 石柱's 68 as （未填）."""
    current = tables["indicators"].filter(pl.col("current"))
    fig = make_level_figure(current, context(tables, "shizhu"), "level1")
    assert len(fig.data) == 1 and bar_values(fig.data[0])["（未填）"] == 68


def test_category_table_keeps_the_wording_and_marks_inferred(standard):
    table = category_counts(standard.filter(pl.col("county_id") == "hezheng"), 2)
    row = table.filter(pl.col("level2") == "资金效益").row(0, named=True)
    # hezheng lines 51–52, 72–73, 94–95, 118, 138–139, 159–160, 222–223: 13 rows of 产出指标 | 资金效益
    assert (row["level1_std"], row["level2_std"], row["len"]) == ("产出指标", "质量指标" + INFERRED_SUFFIX, 13)


def test_indicators_page_uses_the_standard_categories(tables):
    selection = select(tables, Filters(ALL, "latest"))
    ctx = ChartContext.from_tables(selection.table("counties"))
    charts = {item.what: item for item in indicators_items(selection, ctx) if hasattr(item, "figure")}
    assert "level2_std" in charts["二级指标分布"].table.columns
    assert any(t.name.endswith(INFERRED_SUFFIX) for t in charts["二级指标分布"].figure.data)


# --- the audit counts inferred categories apart --------------------------------------------

def test_audit_counts_inferred_apart(tables):
    """和政: 17 rows of 成本指标 | 数量指标 (lines 48–50, 70–71, 136–137, 157–158, 178–179, 199–200,
    220–221, 241, 261) and 13 of 产出指标 | 资金效益; 石柱: the 68 above and line 701 (效果指标)."""
    counties = score_counties(score_projects(tables["indicators"]))
    inferred = dict(counties.select("county_id", "inferred").iter_rows())
    assert inferred == {"hezheng": 30, "qinglong": 0, "huangyuan": 0, "shizhu": 69}


def test_quality_page_says_how_many_were_inferred(tables):
    selection = select(tables, Filters(ALL, "latest"))
    ctx = ChartContext.from_tables(selection.table("counties"))
    notices = [item.text for item in quality_items(selection, ctx) if isinstance(item, Notice)]
    assert any(text.startswith("石柱土家族自治县 2023：69 / ") for text in notices), notices
    assert not any(text.startswith("青龙") for text in notices)
