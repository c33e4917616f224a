"""石柱土家族自治县 2023: golden figures read off data/raw/shizhu_2023.txt."""

from pathlib import Path

import polars as pl
import pytest

from contract.source import SourceText, read_source
from loaders import SourceFormatError, load_county, parse_county_text
from loaders.corrections import apply_corrections, read_corrections
from loaders.registry import COUNTIES, RAW_DIR

COUNTY = COUNTIES["shizhu"]


@pytest.fixture(scope="module")
def sz():
    return load_county("shizhu")


@pytest.fixture(scope="module")
def corrected_lines() -> tuple[str, ...]:
    """The source with data/corrections.csv applied, for in-memory variants."""
    fixes = [fix for fix in read_corrections() if fix.county_id == "shizhu"]
    source, _ = apply_corrections(read_source(RAW_DIR / COUNTY.file), fixes)
    return source.lines


@pytest.fixture()
def no_corrections(tmp_path: Path) -> Path:
    path = tmp_path / "corrections.csv"
    path.write_text("county_id,line,raw,corrected,reason\n", encoding="utf-8")
    return path


def _value(frame: pl.DataFrame, key: str, key_value: str, column: str):
    row = frame.filter(pl.col(key) == key_value)
    assert row.height == 1, f"{key}={key_value!r}: {row.height} rows"
    return row[column].item(), row["line"].item()


@pytest.mark.parametrize(
    ("table", "key", "key_value", "column", "expected", "line"),
    [
        # line 104: 收入合计⇥1,992.86⇥支出合计⇥1,992.86⇥1,992.86⇥⇥
        ("summary", "metric", "收入合计", "amount_wan", 1992.86, 104),
        ("summary", "metric", "支出合计", "amount_wan", 1992.86, 104),
        # line 100: 二、上年结转⇥59.29⇥二、结转下年⇥⇥⇥⇥
        ("summary", "metric", "上年结转", "amount_wan", 59.29, 100),
        # line 114: 合计⇥⇥1,992.86⇥575.29⇥1,417.57
        ("summary", "metric", "基本支出", "amount_wan", 575.29, 114),
        ("summary", "metric", "项目支出", "amount_wan", 1417.57, 114),
        # line 147: 合计⇥⇥575.29⇥459.78⇥115.51
        ("summary", "metric", "人员经费", "amount_wan", 459.78, 147),
        ("summary", "metric", "公用经费", "amount_wan", 115.51, 147),
        # line 182: 20.00⇥⇥12.00⇥⇥12.00⇥8.00
        ("summary", "metric", "三公经费合计", "amount_wan", 20.0, 182),
        # line 51: 2023 年一般公共预算财政拨款运行经费 115.51 万元，比上年 140.51 万元减少 25 万元
        ("summary", "metric", "机关运行经费", "amount_wan", 115.51, 51),
        # line 94: 一般公共预算资金⇥1,933.57⇥一般公共服务支出⇥1,436.72⇥1,436.72⇥⇥
        ("income", "source", "一般公共预算拨款收入", "amount_wan", 1933.57, 94),
        ("income", "source", "上年结转结余", "amount_wan", 59.29, 100),
        # line 118: 2013202⇥一般行政管理事务⇥995.67⇥⇥995.67
        ("expenditure_function", "code", "2013202", "project_wan", 995.67, 118),
        ("expenditure_function", "code", "2013202", "basic_wan", 0.0, 118),
        # line 126: 2080505⇥机关事业单位基本养老保险缴费支出⇥44.35⇥44.35⇥
        ("expenditure_function", "code", "2080505", "basic_wan", 44.35, 126),
        # line 132: 213⇥农林水支出⇥376.90⇥⇥376.90
        ("expenditure_function", "code", "213", "total_wan", 376.90, 132),
        # line 151: 30103⇥奖金⇥130.27⇥130.27⇥
        ("expenditure_economic", "code", "30103", "personnel_wan", 130.27, 151),
        # line 168: 30239⇥其他交通费用⇥20.82⇥⇥20.82
        ("expenditure_economic", "code", "30239", "public_wan", 20.82, 168),
        # line 169: 303⇥对个人和家庭的补助⇥25.50⇥25.50⇥
        ("expenditure_economic", "code", "303", "total_wan", 25.50, 169),
        # line 182: 合计 20.00, 因公出国 blank, 小计 12.00, 购置费 blank, 运行费 12.00, 接待费 8.00
        ("sangong", "item", "因公出国（境）费", "amount_wan", 0.0, 182),
        ("sangong", "item", "公务用车购置费", "amount_wan", 0.0, 182),
        ("sangong", "item", "公务用车运行维护费", "amount_wan", 12.0, 182),
        ("sangong", "item", "公务接待费", "amount_wan", 8.0, 182),
        # line 405: 当年预算⇥192.14⇥⇥ (专项资金名称 石柱组织工作经费, line 404)
        ("programs", "program_name", "石柱组织工作经费", "amount_wan", 192.14, 405),
        # line 258: 当年预算⇥470.99⇥⇥⇥⇥ (专项资金名称 石柱人才开发专项经费, line 257)
        ("programs", "program_name", "石柱人才开发专项经费", "amount_wan", 470.99, 258),
        # line 438: 当年预算(万元)⇥27.00⇥⇥⇥本级安排(万元)⇥27.00⇥⇥⇥
        ("projects", "project_name", "干部工作经费", "amount_wan", 27.0, 438),
        # line 501: 当年预算⇥29.40⇥⇥⇥本级安排(万元)⇥29.40 (line 503's stray 27.40 corrected away)
        ("projects", "project_name", "老干部健康疗养经费（直管老干部暑期学习班）", "amount_wan", 29.40, 501),
        # line 975: 当年预算(万元)⇥23.64⇥⇥⇥本级安排(万元)⇥⇥⇥⇥ (all from 上级补助, line 976)
        ("projects", "project_name", "下派选调生到村经费", "amount_wan", 23.64, 975),
        # line 1043: 当年预算(万元)⇥17.00⇥⇥⇥本级安排(万元)⇥4.00⇥⇥⇥
        ("projects", "project_name", "石柱县非公党建经费", "amount_wan", 17.0, 1043),
        # line 51: …比上年 140.51 万元减少 25 万元
        ("prior_year", "metric", "机关运行经费", "amount_wan", 140.51, 51),
        # line 35: 支出预算：2023 年年初预算数 1992.86 万元 … 较 2022 年增加 614.11 万元
        ("prior_year", "metric", "支出合计", "amount_wan", 1992.86 - 614.11, 35),
        # line 39: 基本支出 575.29 万元，比 2022 年增加 169.38 万元
        ("prior_year", "metric", "基本支出", "amount_wan", 575.29 - 169.38, 39),
        # line 39: 二是公用经费减少 25 万元 (2023 公用经费 115.51, line 147)
        ("prior_year", "metric", "公用经费", "amount_wan", 140.51, 39),
    ],
)
def test_golden_figures(sz, table, key, key_value, column, expected, line):
    value, read_line = _value(sz[table], key, key_value, column)
    assert value == pytest.approx(expected)
    assert read_line == line


@pytest.mark.parametrize(
    ("line", "project", "level1", "level2", "level3", "operator", "value", "unit", "weight"),
    [
        # line 449: ⇥效益指标⇥社会效益指标⇥选能任贤强化领导班子建设能力⇥10⇥级⇥定性⇥强⇥否
        (449, "干部工作经费", "效益指标", "社会效益指标", "选能任贤强化领导班子建设能力", "定性", None, "级", 10.0),
        # line 533: 绩效指标⇥产出指标⇥数量指标⇥外出参观学习基地⇥20⇥个⇥≥⇥3⇥否 (header label after page break)
        (533, "老干部外出经费", "产出指标", "数量指标", "外出参观学习基地", "≥", 3.0, "个", 20.0),
        # line 600: 产出指标⇥数量指标⇥老干部活动参与人数⇥20⇥人次⇥≥⇥10000⇥否⇥ (shifted left)
        (600, "老干部活动费", "产出指标", "数量指标", "老干部活动参与人数", "≥", 10000.0, "人次", 20.0),
        # line 918: ⇥成本指标⇥经济成本指标⇥老干部活动中心设施设备及时得到维修和保养成本⇥10⇥万元/年⇥≤⇥30⇥否
        (918, "老干部活动中心使用维护费", "成本指标", "经济成本指标",
         "老干部活动中心设施设备及时得到维修和保养成本", "≤", 30.0, "万元/年", 10.0),
        # line 1025: ⇥产出指标⇥数量指标⇥驻村干部人数⇥10⇥人⇥=⇥289⇥否 (copied from 驻村 project, kept)
        (1025, "石柱县离退休党组织建设经费", "产出指标", "数量指标", "驻村干部人数", "=", 289.0, "人", 10.0),
        # line 290: ⇥非公和社会党组织履职能力提升效果⇥20⇥级⇥定性⇥好
        (290, "石柱基层非公党建经费", None, None, "非公和社会党组织履职能力提升效果", "定性", None, "级", 20.0),
        # line 318: 培训成本⇥10⇥元/人*天⇥≤⇥210⇥ (shifted left)
        (318, "石柱干部教育培训经费", None, None, "培训成本", "≤", 210.0, "元/人*天", 10.0),
        # line 339: 驻村干部人数⇥20⇥人⇥=⇥289 (under the split 绩效指标 header, lines 333-335)
        (339, "石柱驻乡驻村政策落实经费", None, None, "驻村干部人数", "=", 289.0, "人", 20.0),
        # line 362: ⇥退休干部满意度指标⇥10⇥%⇥>⇥85
        (362, "石柱老干部经费", None, None, "退休干部满意度指标", ">", 85.0, "%", 10.0),
        # line 365: ⇥⇥⇥⇥≥⇥296 (value under line 364's merged name cell 副处级及以上退休干部人数)
        (365, "石柱老干部经费", None, None, "副处级及以上退休干部人数", "≥", 296.0, "人", None),
    ],
)
def test_indicator_golden(sz, line, project, level1, level2, level3, operator, value, unit, weight):
    row = sz["indicators"].filter(pl.col("line") == line).row(0, named=True)
    assert (row["project_name"], row["level1"], row["level2"], row["level3"]) == (
        project, level1, level2, level3)
    assert (row["operator"], row["target_value"], row["unit"], row["weight"]) == (
        operator, value, unit, weight)
    assert row["scope"] == ("一级项目" if line < 430 else "项目")


def test_table_sizes(sz):
    # 29 项目支出绩效目标表 (lines 430-1052), 7 一级项目 tables (251-429),
    # function rows 115-137, economic rows 148-173
    assert sz["projects"].height == 29
    assert sz["programs"].height == 7
    assert sz["expenditure_function"].height == 23
    assert sz["expenditure_economic"].height == 26
    assert sz["projects"]["project_code"].null_count() == 0


def test_project_code_and_category(sz):
    # line 864: 项目名称⇥50024022T000000122317-人才开发专项经费; line 865: 项目分类⇥重点专项
    row = sz["projects"].filter(pl.col("line") == 866).row(0, named=True)
    assert (row["project_code"], row["project_name"], row["category"]) == (
        "50024022T000000122317", "人才开发专项经费", "重点专项")
    # line 346: 2023年一般性项目绩效目标表（一级项目） -> 石柱老干部经费
    assert _value(sz["programs"], "program_name", "石柱老干部经费", "category")[0] == "一般性项目"


def test_department_and_year(sz):
    # line 87: 中共石柱土家族自治县委组织部本级财政拨款收支总表
    assert sz["counties"].row(0, named=True)["department"] == "中共石柱土家族自治县委组织部本级"
    assert sz["summary"]["year"].unique().to_list() == [2023]


@pytest.mark.parametrize(
    ("check", "ok", "difference"),
    [
        # line 203 states 一般公共预算资金 1,992.86; line 94 1,933.57 (+ 上年结转 59.29 on line 100)
        ("一般公共预算拨款收入：收支总表 = 财政拨款收支总表", False, -59.29),
        # 29 project tables add to 1,358.27 against 项目支出 1,417.57 (line 114)
        ("所列项目金额之和 = 项目支出", False, -59.30),
        # 一级项目 tables add to 1,561.10, more than 项目支出
        ("一级项目当年预算之和 = 项目支出", False, 143.53),
        ("收入来源之和 = 收入合计", True, 0.0),
        # line 104: 支出合计 1,992.86 = 一般公共预算 1,992.86 (line 114) + 政府性基金 (empty table)
        ("一般公共预算 + 政府性基金 + 国有资本经营 支出表合计 = 财政拨款收支总表 支出合计", True, 0.0),
        ("三公分项之和 = 三公经费合计", True, 0.0),
    ],
)
def test_checks(sz, check, ok, difference):
    row = sz["checks"].filter(pl.col("check") == check).row(0, named=True)
    assert row["ok"] is ok
    assert row["difference_wan"] == pytest.approx(difference)


def test_only_the_document_inconsistencies_fail(sz):
    failed = set(sz["checks"].filter(~pl.col("ok"))["check"])
    assert failed == {
        "一般公共预算拨款收入：收支总表 = 财政拨款收支总表",
        "所列项目金额之和 = 项目支出",
        "一级项目当年预算之和 = 项目支出",
        # line 39: 一般公共预算财政拨款收入 1992.86 万元 against line 94's 1,933.57 (the same contradiction, in the text)
        "一般公共预算拨款收入：表（第94行） = 说明文字（第39行）",
    }


def test_stray_amount_without_correction_fails_loudly(no_corrections):
    # line 503: (万元)⇥27.40⇥⇥⇥上级补助 (万元)⇥⇥⇥⇥
    source = read_source(RAW_DIR / COUNTY.file)
    with pytest.raises(SourceFormatError) as err:
        parse_county_text(COUNTY, source, corrections_file=no_corrections)
    assert (err.value.file, err.value.line) == ("shizhu_2023.txt", 503)


@pytest.mark.parametrize(
    ("keep", "reason"),
    [
        (86, "no budget tables"),  # text only
        (138, "一般公共预算基本支出表"),  # cut before 表三 (line 141)
        (183, "收支总表"),  # cut after the 三公 table, before the 部门收支总表
        (250, "项目支出绩效目标表"),  # cut before the 一级项目 tables (line 251)
        (429, "nothing read for: projects"),  # cut before the project tables (line 430)
        (1047, "找不到指标表头"),  # cut inside the last project table, before its indicators
    ],
)
def test_truncated_input_raises(corrected_lines, no_corrections, keep, reason):
    source = SourceText(COUNTY.file, corrected_lines[:keep])
    with pytest.raises(SourceFormatError) as err:
        parse_county_text(COUNTY, source, corrections_file=no_corrections)
    assert err.value.file == COUNTY.file
    assert err.value.line > 0
    assert reason in err.value.reason


def test_dropped_class_row_fails_a_check(corrected_lines, no_corrections):
    # blank line 131 (2101199⇥其他行政事业单位医疗支出⇥7.33⇥7.33⇥): 21011 no longer adds up
    lines = list(corrected_lines)
    lines[130] = ""
    tables = parse_county_text(COUNTY, SourceText(COUNTY.file, tuple(lines)),
                               corrections_file=no_corrections)
    row = tables["checks"].filter(pl.col("check").str.starts_with("功能分类 21011 ")
                                  & pl.col("check").str.contains("下级之和")).row(0, named=True)
    assert row["ok"] is False
