"""湟源县 2024: golden figures read off data/raw/huangyuan_2024.txt.

The document is one 项目支出绩效目标批复表; ⇥ marks a tab in the cited lines.
"""

import csv

import polars as pl
import pytest

from contract.source import SourceText, read_source
from loaders import SourceFormatError, load_county, parse_county_text
from loaders.corrections import CORRECTIONS_FILE
from loaders.registry import COUNTIES, RAW_DIR

FILE = "huangyuan_2024.txt"


@pytest.fixture(scope="module")
def hy():
    return load_county("huangyuan")


@pytest.fixture(scope="module")
def source() -> SourceText:
    return read_source(RAW_DIR / FILE)


def _corrections_upto(tmp_path, last_line: int):
    """A corrections file with only this county's rows that fit a truncated copy."""
    with CORRECTIONS_FILE.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle)
                if row["county_id"] == "huangyuan" and int(row["line"]) <= last_line]
    path = tmp_path / "corrections.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["county_id", "line", "raw", "corrected", "reason"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def _parse(source: SourceText, corrections=CORRECTIONS_FILE):
    return parse_county_text(COUNTIES["huangyuan"], source, corrections)


def _truncated(source: SourceText, last_line: int) -> SourceText:
    return SourceText(source.name, source.lines[:last_line])


def _project(tables, name):
    return tables["projects"].filter(pl.col("project_name") == name)


def test_total_golden(hy):
    # line 7: 合计-⇥-⇥-⇥833.39
    assert hy["summary"].select("metric", "amount_wan", "line").rows() == [("项目支出", 833.39, 7)]


def test_document_identity(hy):
    # line 39: 707001-中共湟源县委组织部（本级）; line 3: 2024年部门预算项目支出绩效目标批复表
    assert hy["counties"].select("department", "year").row(0) == ("中共湟源县委组织部（本级）", 2024)


@pytest.mark.parametrize(
    ("name", "code", "amount", "line"),
    [
        # line 8: ⇥63012300 024T0000 00489-第 一书记及 驻村工作 队员保障 经费⇥3-特定目 标类⇥173.00
        ("第一书记及驻村工作队员保障经费", "63012300024T000000489", 173.0, 8),
        # line 21: 02410000 00584-县人才发展专项资金⇥3-特定目标类⇥20.00 (prefix on line 18)
        ("县人才发展专项资金", "63012300024T000000584", 20.0, 21),
        # line 39: 707001-…⇥63012300 024T0000 00649-党建工作经费⇥3-特定目标类⇥100.00
        ("党建工作经费", "63012300024T000000649", 100.0, 39),
        # line 42: ⇥63012300 024T0000 00651-党员干部教育工作经费⇥3-特定目标类⇥300.00
        ("党员干部教育工作经费", "63012300024T000000651", 300.0, 42),
        # line 47: …01170-下派选调生到村工作中中央财政补助资金⇥3-特定目标类⇥33.60
        ("下派选调生到村工作中中央财政补助资金", "63012300024T000001170", 33.6, 47),
        # line 57: 02410000 01264-基层党员培训经费⇥3-特定目标类⇥1.47 (prefix on line 54)
        ("基层党员培训经费", "63012300024T000001264", 1.47, 57),
        # line 71: 63012300 024T0000 01428-西宁市危旧⇥3-特定目⇥0.52 (fragment, corrected away)
        # line 75: 村、社区级 综合服 务中心 清零 项目（ 结余）⇥标类⇥9.52
        ("西宁市危旧村、社区级综合服务中心清零项目（结余）", "63012300024T000001428", 9.52, 75),
    ],
)
def test_project_golden(hy, name, code, amount, line):
    row = _project(hy, name)
    assert row.select("project_code", "amount_wan", "line", "category").row(0) == (
        code, pytest.approx(amount), line, "特定目标类")


def test_thirteen_projects_reconcile_with_total(hy):
    # 13 distinct serials 00489 … 01428 on lines 8-75; line 18's "00499" header is spurious
    assert hy["projects"].height == 13
    check = hy["checks"].filter(pl.col("check") == "所列项目金额之和 = 项目支出")
    assert check.select("stated_wan", "computed_wan", "ok").row(0) == (833.39, 833.39, True)


def test_one_indicator_per_nonblank_table_line(hy):
    # lines 8-77 minus the blank lines 20, 38, 56, 74
    assert hy["indicators"].height == 66
    assert hy["indicators"]["scope"].unique().to_list() == ["项目"]


@pytest.mark.parametrize(
    ("line", "project", "levels", "operator", "value", "unit", "weight"),
    [
        # line 13: …⇥成本指标⇥经济成本⇥考核系统维护费⇥=⇥5000⇥元⇥20
        (13, "目标责任考核工作经费", ("成本指标", "经济成本", "考核系统维护费"), "=", 5000, "元", 20),
        # line 17 (shifted left): ⇥效益指标⇥可持续影响⇥系统正常使用年限⇥≥⇥5⇥年⇥20
        (17, "目标责任考核工作经费", ("效益指标", "可持续影响", "系统正常使用年限"), "≥", 5, "年", 20),
        # line 18 (corrected): …⇥产出指标⇥数量指标⇥引进、培训人才数量⇥≥⇥196⇥人⇥20
        (18, "县人才发展专项资金", ("产出指标", "数量指标", "引进、培训人才数量"), "≥", 196, "人", 20),
        # line 37: ⇥⇥⇥⇥1.通过打造实施7个党建品牌…⇥产出指标⇥数量指标⇥打造党建品牌观摩点、拍摄党建电教片数量⇥≥⇥10⇥个⇥25
        (37, "党建工作经费", ("产出指标", "数量指标", "打造党建品牌观摩点、拍摄党建电教片数量"), "≥", 10, "个", 25),
        # line 54: 63012300 024T0000⇥…⇥数量指标⇥培训党员人数⇥≥⇥154⇥人⇥30.00 (一级 inferred)
        (54, "基层党员培训经费", ("产出指标", "数量指标", "培训党员人数"), "≥", 154, "人", 30),
        # line 63: ⇥⇥⇥⇥⇥到村任职选调生驻村率⇥=⇥100⇥%⇥10 (二级 质量指标 carried from line 62)
        (63, "下派选调生到村工作补助（结余）", ("产出指标", "质量指标", "到村任职选调生驻村率"), "=", 100, "%", 10),
        # line 67: …⇥实施市级党建项目数量⇥=⇥12⇥个数⇥30
        (67, "党建工作专项（结余）", ("产出指标", "数量指标", "实施市级党建项目数量"), "=", 12, "个数", 30),
        # line 71 (corrected): …⇥成本指标⇥经济成本⇥新建每个服务中心补助资金⇥=⇥45⇥万元⇥20
        (71, "西宁市危旧村、社区级综合服务中心清零项目（结余）",
         ("成本指标", "经济成本", "新建每个服务中心补助资金"), "=", 45, "万元", 20),
        # line 77: ⇥⇥⇥⇥满意度指标⇥服务对象满 意度⇥农村党员群众满意度⇥≥⇥98⇥%⇥10
        (77, "西宁市危旧村、社区级综合服务中心清零项目（结余）",
         ("满意度指标", "服务对象满意度", "农村党员群众满意度"), "≥", 98, "%", 10),
    ],
)
def test_indicator_golden(hy, line, project, levels, operator, value, unit, weight):
    row = hy["indicators"].filter(pl.col("line") == line).row(0, named=True)
    assert (row["project_name"], row["level1"], row["level2"], row["level3"]) == (project, *levels)
    assert (row["operator"], row["target_value"], row["unit"], row["weight"]) == (
        operator, pytest.approx(value), unit, pytest.approx(weight))


def test_weights_sum_to_ninety_per_project(hy):
    # every project's 分值权重 add to 90 (the other 10 are 预算执行率, line 6): a check that the
    # indicator rows before a page break went to the right project
    sums = hy["indicators"].group_by("project_name").agg(pl.col("weight").sum())
    assert sums["weight"].to_list() == [90.0] * 13


@pytest.mark.parametrize(("table", "lines"), [("indicators", [18, 71]), ("projects", [])])
def test_corrected_rows_are_flagged(hy, table, lines):
    assert sorted(hy[table].filter(pl.col("corrected"))["line"].to_list()) == lines


@pytest.mark.parametrize(
    ("last_line", "error_line"),
    [
        (6, 6),  # cut before the 合计 row: nothing read (the error names the last line)
        (17, 17),  # cut before the only 单位名称 cell (line 39): no department
        (19, 18),  # 00584 started on line 18, its header (line 21) cut off
        (73, 71),  # 01428 started on line 71, its header (line 75) cut off
    ],
)
def test_truncated_copy_raises(source, tmp_path, last_line, error_line):
    with pytest.raises(SourceFormatError) as caught:
        _parse(_truncated(source, last_line), _corrections_upto(tmp_path, last_line))
    assert (caught.value.file, caught.value.line) == (FILE, error_line)


@pytest.mark.parametrize("last_line", [41, 53, 70])
def test_truncated_copy_fails_the_project_check(source, tmp_path, last_line):
    tables = _parse(_truncated(source, last_line), _corrections_upto(tmp_path, last_line))
    check = tables["checks"].filter(pl.col("check") == "所列项目金额之和 = 项目支出")
    assert check["ok"].to_list() == [False]


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        (18, "\t6.00\t", "\t6.50\t"),
        (71, "\t0.52\t", "\t9.52\t"),
    ],
)
def test_changed_corrected_line_raises(source, line, old, new):
    lines = list(source.lines)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    with pytest.raises(SourceFormatError, match="differs from the text data/corrections.csv expects") as caught:
        _parse(SourceText(source.name, tuple(lines)))
    assert caught.value.line == line


def test_without_corrections_the_projects_do_not_add_up(source, tmp_path):
    # line 18's spurious header (6.00) stays a project of its own, and line 21's
    # "02410000 00584-…" has no prefix: neither goes unnoticed
    tables = _parse(source, _corrections_upto(tmp_path, 0))
    check = tables["checks"].filter(pl.col("check") == "所列项目金额之和 = 项目支出")
    assert check.select("stated_wan", "ok").row(0) == (833.39, False)
    assert "63012300024T000000584" not in tables["projects"]["project_code"].to_list()


def test_indicator_row_missing_its_weight_raises(source):
    lines = list(source.lines)
    lines[39] = lines[39].rsplit("\t", 1)[0]  # line 40 without 分值权重 30
    with pytest.raises(SourceFormatError, match="指标性质") as caught:
        _parse(SourceText(source.name, tuple(lines)))
    assert caught.value.line == 40
