"""和政县 2024: golden figures read off data/raw/hezheng_2024.txt."""

import polars as pl
import pytest

from contract.source import SourceText, read_source
from loaders import SourceFormatError, load_county, parse_county_text
from loaders.registry import COUNTIES


@pytest.fixture(scope="module")
def hz():
    return load_county("hezheng")


def _metric(tables, metric):
    return tables["summary"].filter(pl.col("metric") == metric)["amount_wan"].item()


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        ("人员经费", 647.64),  # line 10: ⇥基本支出⇥人员经费⇥647.64⇥当年财政拨款⇥761.79
        ("公用经费", 114.15),  # line 11: ⇥⇥公用经费⇥114.15⇥上年结转资金⇥
        ("基本支出", 761.79),  # line 12: ⇥⇥合计⇥761.79⇥其他资金⇥
        ("项目支出", 4875.72),  # line 13: ⇥项目支出⇥⇥4875.72⇥收入预算合计⇥5637.51
        ("收入合计", 5637.51),  # line 13: …⇥收入预算合计⇥5637.51
        ("支出合计", 5637.51),  # line 14: ⇥⇥⇥⇥支出预算合计⇥5637.51
    ],
)
def test_summary_golden(hz, metric, expected):
    assert _metric(hz, metric) == pytest.approx(expected)


def test_income_is_only_the_stated_appropriation(hz):
    # line 10: 当年财政拨款 761.79; 上年结转资金 and 其他资金 are blank (lines 11-12)
    assert hz["income"].select("source", "amount_wan").rows() == [("财政拨款收入", 761.79)]


@pytest.mark.parametrize(
    ("name", "amount"),
    [
        ("2024年村(社区)、社长及片区负责人报酬", 3077.6),  # line 42: 年度资金总额:⇥3077.6
        ("2024年村级、社区办公经费", 690.0),  # line 64
        ("2024年离、退休村干部补贴", 231.12),  # line 107
        ("2024年远程教育维护费", 24.95),  # line 130
        ("2024年引进急需紧缺人才政策补助资金", 134.0),  # line 235: amount shifted one cell right
        ("2024年人才工作经费", 5.0),  # line 255
    ],
)
def test_project_amounts_golden(hz, name, amount):
    row = hz["projects"].filter(pl.col("project_name") == name)
    assert row["amount_wan"].item() == pytest.approx(amount)


def test_eleven_projects(hz):
    assert hz["projects"].height == 11


@pytest.mark.parametrize(
    ("line", "level1", "level2", "level3", "operator", "value", "unit"),
    [
        # line 48: ⇥成本指标⇥数量指标⇥一肩挑村(社区)干部年拨付标准⇥45000元/年
        (48, "成本指标", "数量指标", "一肩挑村(社区)干部年拨付标准", "", 45000.0, "元/年"),
        # line 52: ⇥⇥⇥服务群众质量⇥较好 (levels carried from line 51)
        (52, "产出指标", "资金效益", "服务群众质量", "定性", None, None),
        # line 57: 满意度指标⇥服务对象满意度⇥村社干部满意度⇥98%⇥ (shifted left)
        (57, "满意度指标", "服务对象满意度", "村社干部满意度", "", 98.0, "%"),
        # line 136: ⇥成本指标⇥数量指标⇥年维护次数⇥12次
        (136, "成本指标", "数量指标", "年维护次数", "", 12.0, "次"),
        # line 206: 生态效益⇥⇥生态环境影响⇥无影响⇥ (一级 carried from line 204)
        (206, "效益指标", "生态效益", "生态环境影响", "定性", None, None),
        # line 24: ⇥重点工作管理⇥重点工作管理制度健全性⇥健全⇥⇥ (一级 部门管理 from line 16)
        (24, "部门管理", "重点工作管理", "重点工作管理制度健全性", "定性", None, None),
        # line 33: ⇥能力建设⇥长效管理⇥内控制度建设⇥逐步完善
        (33, "能力建设", "长效管理", "内控制度建设", "定性", None, None),
    ],
)
def test_indicator_golden(hz, line, level1, level2, level3, operator, value, unit):
    row = hz["indicators"].filter(pl.col("line") == line).row(0, named=True)
    assert (row["level1"], row["level2"], row["level3"]) == (level1, level2, level3)
    assert (row["operator"], row["target_value"], row["unit"]) == (operator, value, unit)
    assert row["weight"] is None  # this layout has no weight column


def test_department_wide_indicators(hz):
    dept = hz["indicators"].filter(pl.col("project_name") == "部门整体")
    assert dept["line"].min() == 16 and dept["line"].max() == 35  # lines 16-35
    assert dept.height == 20


def test_checks_report_the_real_gaps(hz):
    checks = {row["check"]: row for row in hz["checks"].iter_rows(named=True)}
    income = checks["收入来源之和 = 收入合计"]
    assert (income["stated_wan"], income["computed_wan"], income["ok"]) == (5637.51, 761.79, False)
    projects = checks["所列项目金额之和 = 项目支出"]
    # 3077.6+690+305.2+231.12+24.95+10+10+25+62+134+5 = 4574.87 (lines 42…255) vs 4875.72 (line 13)
    assert projects["computed_wan"] == pytest.approx(4574.87)
    assert projects["ok"] is False
    assert checks["人员经费 + 公用经费 = 基本支出"]["ok"] is True


def test_department_and_year_read_from_text(hz):
    row = hz["counties"].row(0, named=True)
    assert row["department"] == "中国共产党和政县委员会组织部"  # line 6
    assert row["year"] == 2024  # line 4: (2024年度)


def _text(raw_dir):
    return read_source(raw_dir / "hezheng_2024.txt")


def test_truncated_before_project_tables_fails_loudly(raw_dir):
    source = _text(raw_dir)
    cut = SourceText(source.name, source.lines[:36])  # only the department table
    with pytest.raises(SourceFormatError, match=r"hezheng_2024.txt, line \d+: .*tables not found: 项目支出绩效目标表"):
        parse_county_text(COUNTIES["hezheng"], cut)


def test_truncated_inside_department_table_fails_loudly(raw_dir):
    source = _text(raw_dir)
    cut = SourceText(source.name, source.lines[:12])  # stops before 项目支出 / 合计 rows
    with pytest.raises(SourceFormatError, match="hezheng_2024.txt"):
        parse_county_text(COUNTIES["hezheng"], cut)
