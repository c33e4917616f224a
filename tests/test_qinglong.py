"""青龙满族自治县 2023: golden figures read off data/raw/qinglong_2023.txt."""

import polars as pl
import pytest

from contract.source import SourceText, read_source
from loaders import SourceFormatError, load_county, parse_county_text
from loaders.registry import COUNTIES, RAW_DIR

COUNTY = COUNTIES["qinglong"]


@pytest.fixture(scope="module")
def source() -> SourceText:
    return read_source(RAW_DIR / COUNTY.file)


@pytest.fixture(scope="module")
def ql():
    return load_county("qinglong")


def _one(frame: pl.DataFrame, **where) -> dict:
    rows = frame.filter(*(pl.col(k) == v for k, v in where.items()))
    assert rows.height == 1, (where, rows)
    return rows.row(0, named=True)


def test_document_identity(ql):
    # line 32: 203 中共青龙满族自治县委员会组织部; line 34: 预算年度：2023
    county = ql["counties"].row(0, named=True)
    assert (county["department"], county["year"]) == ("中共青龙满族自治县委员会组织部", 2023)


@pytest.mark.parametrize(
    ("metric", "amount", "line"),
    [
        ("收入合计", 8815.77, 84),  # line 84: 34⇥收入总计⇥8815.77⇥支出总计⇥8815.77
        ("支出合计", 8815.77, 157),  # line 157: 1⇥⇥合计⇥8815.77⇥384.41⇥8431.36⇥⇥⇥
        ("基本支出", 384.41, 157),
        ("项目支出", 8431.36, 157),
        ("人员经费", 321.34, 323),  # line 323: 1⇥⇥合计⇥384.41⇥321.34⇥63.07
        ("公用经费", 63.07, 323),
        ("上年结转", 525.75, 83),  # line 83: 33⇥上年结转结余⇥525.75⇥年终结转结余⇥
        ("三公经费合计", 6.20, 398),  # line 398: 2⇥“三公”经费⇥6.20⇥3.20⇥3.00⇥
        ("机关运行经费", 63.07, 465),  # line 465: …机关运行经费共计安排 63.07 万元…
    ],
)
def test_summary_golden(ql, metric, amount, line):
    row = _one(ql["summary"], metric=metric)
    assert (row["amount_wan"], row["line"]) == (pytest.approx(amount), line)


def test_income_sources(ql):
    # line 41: 1⇥一、一般公共预算拨款收入⇥8170.62⇥…; line 42: 2⇥二、政府性基金预算拨款收入⇥119.40⇥…
    # line 83: 33⇥上年结转结余⇥525.75; all other sources are blank (lines 43-49)
    assert sorted(ql["income"].select("source", "amount_wan", "line").rows()) == sorted([
        ("一般公共预算拨款收入", 8170.62, 41),
        ("政府性基金预算拨款收入", 119.40, 42),
        ("上年结转结余", 525.75, 83),
    ])


@pytest.mark.parametrize(
    ("code", "total", "basic", "project", "line"),
    [
        ("201", 326.92, 292.58, 34.34, 158),  # line 158: 2⇥201⇥一般公共服务支出⇥326.92⇥292.58⇥34.34
        ("2013201", 285.32, 285.32, 0.0, 160),  # line 160: 4⇥2013201⇥行政运行⇥285.32⇥285.32⇥⇥⇥⇥
        ("20805", 72.14, 53.14, 19.00, 164),  # line 164: 8⇥20805⇥行政事业单位养老支出⇥72.14⇥53.14⇥19.00
        ("2120899", 147.40, 0.0, 147.40, 186),  # line 186, after the repeated page header
        ("2130705", 8198.64, 0.0, 8198.64, 191),  # line 191: 25⇥2130705⇥对村民委员会和村党支部的补助⇥8198.64⇥⇥8198.64
        ("2210201", 16.82, 16.82, 0.0, 194),  # line 194: 28⇥2210201⇥住房公积金⇥16.82⇥16.82⇥⇥⇥⇥
    ],
)
def test_function_rows_golden(ql, code, total, basic, project, line):
    row = _one(ql["expenditure_function"], code=code)
    assert (row["total_wan"], row["basic_wan"], row["project_wan"], row["line"]) == (
        pytest.approx(total), pytest.approx(basic), pytest.approx(project), line)


def test_function_table_has_every_coded_row(ql):
    # lines 158-194: 序号 2-28 are coded rows (序号 1 is 合计)
    assert ql["expenditure_function"].height == 27


@pytest.mark.parametrize(
    ("code", "total", "personnel", "public", "line"),
    [
        ("301", 298.88, 298.88, 0.0, 324),  # line 324: 2⇥301⇥工资福利支出⇥298.88⇥298.88⇥
        ("30213", 34.62, 0.0, 34.62, 337),  # line 337: 15⇥30213⇥维修(护)费⇥34.62⇥⇥34.62
        ("30301", 11.66, 11.66, 0.0, 352),  # line 352: 20⇥30301⇥离休费⇥11.66⇥11.66⇥ (second page)
    ],
)
def test_economic_rows_golden(ql, code, total, personnel, public, line):
    row = _one(ql["expenditure_economic"], code=code)
    assert (row["total_wan"], row["personnel_wan"], row["public_wan"], row["line"]) == (
        pytest.approx(total), pytest.approx(personnel), pytest.approx(public), line)


@pytest.mark.parametrize(
    ("item", "amount", "line"),
    [
        ("因公出国（境）费", 0.0, 399),  # line 399: 3⇥一、因公出国（境）费⇥⇥⇥⇥
        ("公务用车购置费", 0.0, 403),  # line 403: 7⇥其中：公务用车购置费⇥⇥⇥⇥
        ("公务用车运行维护费", 6.20, 404),  # line 404: 8⇥公务用车运行维护费⇥6.20⇥3.20⇥3.00⇥
        ("公务接待费", 0.0, 405),  # line 405: 9⇥三、公务接待费⇥⇥⇥⇥
    ],
)
def test_sangong_golden(ql, item, amount, line):
    row = _one(ql["sangong"], item=item)
    assert (row["amount_wan"], row["line"]) == (pytest.approx(amount), line)


@pytest.mark.parametrize(
    ("metric", "amount", "line"),
    [
        ("支出合计", 8871.83, 461),  # line 461: 8815.77 万元，较 2022 年预算减少 56.06 万元
        ("基本支出", 363.77, 461),  # line 461: 基本支出增加 20.64 万元 (384.41 - 20.64)
        ("项目支出", 8508.05, 461),  # line 461: 项目支出减少 76.69 万元 (8431.36 + 76.69)
        ("三公经费合计", 9.20, 469),  # line 469: 公务用车购置及运行维护费 6.20 万元…比上年预算减少 3 万元
    ],
)
def test_prior_year_golden(ql, metric, amount, line):
    row = _one(ql["prior_year"], metric=metric)
    assert (row["amount_wan"], row["line"]) == (pytest.approx(amount), line)


def test_every_check_passes_but_the_listed_running_costs(ql):
    failed = ql["checks"].filter(~pl.col("ok"))
    # line 465: 机关运行经费共计安排 63.07 万元，主要用于 5.48、2.16、3.20、34.62 及 17.22 万元 = 62.68
    assert [(r["stated_wan"], r["computed_wan"], r["stated_line"]) for r in failed.iter_rows(named=True)] \
        == [(63.07, 62.68, 465)]


@pytest.mark.parametrize(
    "check",
    [
        # line 248: 本年支出合计⇥8815.77⇥8668.37⇥147.40; line 276: 合计⇥8668.37 (+ 政府性基金 147.40)
        "一般公共预算 + 政府性基金 + 国有资本经营 支出表合计 = 财政拨款收支总表 支出合计",
        "一般公共预算支出表：类级合计之和 = 合计行",  # line 276: 1⇥⇥合计⇥8668.37⇥384.41⇥8283.96
        "收入来源之和 = 收入合计",
        # 人员经费/公用经费 come from the 一般公共预算基本支出表, so they add up to the 一般公共预算支出表's
        # 基本支出 (line 276: 384.41), the same money as the 支出总表's (line 157) in this document
        "人员经费 + 公用经费 = 一般公共预算基本支出",
        "三公分项之和 = 三公经费合计",
    ],
)
def test_expected_checks_present(ql, check):
    assert _one(ql["checks"], check=check)["ok"]


# --- 绩效目标表 ---------------------------------------------------------------

def test_thirty_one_project_tables(ql):
    # lines 506 … 994: tables numbered 1、 to 31、
    projects = ql["projects"]
    assert projects.height == 31
    assert projects["amount_wan"].null_count() == 31
    assert projects["project_code"].null_count() == 31


@pytest.mark.parametrize(
    ("line", "name", "plan_year", "current"),
    [
        (506, "大组工网和干部管理平台建设经费", None, True),  # 涉密: no basis year
        (601, "科级干部及公务员教育培训经费", 2022, False),  # line 605: …⇥2022 工作计划
        (617, "科级干部及公务员教育培训经费", 2023, True),  # line 621: …⇥2023 工作计划
        (743, "驻村工作组考核管理经费", 2023, True),  # lines 755-756: 2023工作计划, rest 驻村干部管理办法
        (833, "村级组织运转经费-正常离任村干部生活补贴", 2022, False),  # line 837: 2022 年工作计划
        # lines 863/865: the title wraps, 绩效目标表 on its own line (names are read without the
        # spaces text extraction puts between Chinese and digits)
        (863, "关于提前下达2022年度下派选调生到村工作中中央财政补助资金的通知（冀财行[2021]97号）",
         2022, False),
        (994, "选调生到村任职补助资金", 2023, True),  # line 998 says 2023, line 1011 says 2022: tie
    ],
)
def test_projects_golden(ql, line, name, plan_year, current):
    row = _one(ql["projects"], line=line)
    assert (row["project_name"], row["plan_year"], row["current"]) == (name, plan_year, current)


@pytest.mark.parametrize(
    ("project_line", "count"),
    [
        (506, 9),  # lines 510-518, all 涉密
        (520, 16),  # lines 524-537 and, after the page break, 541-542
        (693, 14),  # lines 697-710 (707 shifted; 713 is a wrapped fragment)
        (833, 9),  # lines 837-846 less 845, a duplicate of 846
    ],
)
def test_indicator_counts(ql, project_line, count):
    starts = sorted(ql["projects"]["line"].to_list()) + [10**9]
    end = starts[starts.index(project_line) + 1]
    rows = ql["indicators"].filter(pl.col("line").is_between(project_line, end - 1))
    name = _one(ql["projects"], line=project_line)["project_name"]
    assert rows.height == count
    assert set(rows["project_name"]) == {name}


@pytest.mark.parametrize(
    ("line", "level1", "level2", "level3", "operator", "value", "unit", "text"),
    [
        # line 510: 产出指标⇥数量指标⇥涉密⇥涉密⇥涉密⇥涉密
        (510, "产出指标", "数量指标", "涉密", "", None, None, "涉密"),
        # line 518: 满意度指标⇥服务对象满意度指标⇥涉密…
        (518, "满意度指标", "服务对象满意度指标", "涉密", "", None, None, "涉密"),
        # line 524: ⇥数量指标⇥党建示范点数量⇥…⇥≥7个⇥2023 工作计划
        (524, "产出指标", "数量指标", "党建示范点数量", "≥", 7.0, "个", "≥7个"),
        # line 526: ⇥数量指标⇥培训人数⇥…⇥≥60人/次⇥2023 工作计划
        (526, "产出指标", "数量指标", "培训人数", "≥", 60.0, "人/次", "≥60人/次"),
        # line 529: ⇥质量指标⇥党建示范点达标率⇥…⇥100%⇥党建示范点创建标准
        (529, "产出指标", "质量指标", "党建示范点达标率", "", 100.0, "%", "100%"),
        # line 533: ⇥时效指标⇥党建示范点建设完成时间⇥…⇥10月1日前 (a deadline, not the number 10)
        (533, "产出指标", "时效指标", "党建示范点建设完成时间", "定性", None, None, "10月1日前"),
        # line 541: first row after the page break, 一级 restated
        (541, "满意度指标", "服务对象满意度指标", "受训学员满意度", "≥", 90.0, "%", "≥90%"),
        # line 556: ⇥成本指标⇥干部考察费用⇥…⇥≤10 万元⇥2023 工作计划
        (556, "产出指标", "成本指标", "干部考察费用", "≤", 10.0, "万元", "≤10 万元"),
        # line 613 (2022 table): ⇥成本指标⇥中青班培训费用⇥…⇥≤5 万元; line 630 (2023): 7 万元
        (613, "产出指标", "成本指标", "中青班培训费用", "≤", 5.0, "万元", "≤5 万元"),
        (630, "产出指标", "成本指标", "中青班培训费用", "", 7.0, "万元", "7 万元"),
        # line 707: 成本指标⇥人才下乡⇥组织开展科技下乡…⇥4 万元⇥2023 工作计划⇥ (shifted one cell left)
        (707, "产出指标", "成本指标", "人才下乡", "", 4.0, "万元", "4 万元"),
        # line 878: first row after the page break in table 23, 一级 carried from before it
        (878, "产出指标", "成本指标", "教训培训费标准", "", 3000.0, "元", "3000 元"),
    ],
)
def test_indicators_golden(ql, line, level1, level2, level3, operator, value, unit, text):
    row = _one(ql["indicators"], line=line)
    assert (row["level1"], row["level2"], row["level3"], row["operator"], row["target_value"],
            row["unit"], row["target_text"], row["scope"], row["weight"]) == (
        level1, level2, level3, operator, value, unit, text, "项目", None)


@pytest.mark.parametrize(
    "line",
    [
        540,  # ⇥⇥⇥指导员，全面提升非公经济和社会组织党建工作水平⇥⇥ (wrapped description)
        598,  # ⇥⇥⇥康成长。⇥⇥
        713,  # ⇥⇥⇥率⇥⇥
        845,  # ⇥⇥⇥正常离任村干部对生活补贴发放满意度⇥≥90%⇥… (line 846 extracted twice)
        877,  # ⇥⇥⇥⇥⇥关于加强选调生到村任职补助资金管理的通知 (wrapped basis)
        539,  # the repeated header row
    ],
)
def test_fragments_are_not_indicators(ql, line):
    assert ql["indicators"].filter(pl.col("line") == line).is_empty()


def test_indicator_plan_year_follows_project(ql):
    # line 605 (table 6, 2022 工作计划) and line 621 (table 7, 2023 工作计划)
    early, late = _one(ql["indicators"], line=605), _one(ql["indicators"], line=621)
    assert (early["plan_year"], early["current"], late["plan_year"], late["current"]) == (2022, False, 2023, True)


# --- damaged input ---------------------------------------------------------------

def _variant(source: SourceText, lines: list[str]) -> SourceText:
    return SourceText(source.name, tuple(lines))


@pytest.mark.parametrize(
    "cut_before",
    [
        146,  # 部门预算支出总表
        170,  # inside the 支出总表
        312,  # 部门预算一般公共预算财政拨款基本支出表
        386,  # 部门预算财政拨款“三公”经费支出表
        461,  # the 比上年增减 sentence
    ],
)
def test_truncated_text_names_file_and_line(source, cut_before):
    truncated = _variant(source, list(source.lines[: cut_before - 1]))
    with pytest.raises(SourceFormatError) as excinfo:
        parse_county_text(COUNTY, truncated)
    assert excinfo.value.file == COUNTY.file
    assert 0 < excinfo.value.line < cut_before


def test_dropped_table_row_fails_its_class_check(source):
    # line 160 (序号 4, 2013201 行政运行 285.32) removed: 20132 组织事务 no longer adds up
    lines = list(source.lines)
    del lines[159]
    checks = parse_county_text(COUNTY, _variant(source, lines))["checks"]
    failed = set(checks.filter(~pl.col("ok"))["check"].to_list())
    assert "功能分类 20132 组织事务: 下级之和 = 本级" in failed


def test_altered_amount_fails_a_check(source):
    # line 160: 285.32 -> 285.42 in the 合计 column only (0.01 is within tolerance)
    lines = list(source.lines)
    assert lines[159] == "4\t2013201\t行政运行\t285.32\t285.32\t\t\t\t"
    lines[159] = "4\t2013201\t行政运行\t285.42\t285.32\t\t\t\t"
    checks = parse_county_text(COUNTY, _variant(source, lines))["checks"]
    failed = set(checks.filter(~pl.col("ok"))["check"].to_list())
    assert "功能分类 2013201 行政运行: 基本支出 + 项目支出 = 合计" in failed
    assert "功能分类 20132 组织事务: 下级之和 = 本级" in failed


def test_text_amount_in_table_cell_is_an_error(source):
    # line 404 with its amount replaced by text: never read as a number
    lines = list(source.lines)
    lines[403] = "8\t公务用车运行维护费\t六点二\t3.20\t3.00\t"
    with pytest.raises(SourceFormatError) as excinfo:
        parse_county_text(COUNTY, _variant(source, lines))
    assert excinfo.value.line == 404
