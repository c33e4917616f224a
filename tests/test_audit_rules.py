"""Indicator-quality rules on small hand-made indicator frames.

Each rule gets one set of rows that triggers it and one that does not. Rows are
built through contract.indicators.indicator_row, so targets are read exactly as
the parsers read them ("≥95%" -> operator ≥, value 95, unit %).
"""

from __future__ import annotations

import polars as pl
import pytest

from audit import FLAG_SCHEMA, audit_indicators, score_counties, score_projects
from audit import rules as R
from contract.indicators import indicator_row
from contract.tables import frame_from_rows

PROJECT = "干部教育培训经费"


def ind(level3: str, target: str, *, level1: str = "产出指标", level2: str = "数量指标",
        operator: str = "", unit: str = "", weight: str = "", project: str = PROJECT,
        scope: str = "项目", current: bool = True) -> dict:
    """An indicator spec; `frame` gives it a line number and reads the target."""
    return dict(level3=level3, target=target, level1=level1, level2=level2, operator=operator,
                unit=unit, weight=weight, project_name=project, scope=scope, current=current)


def frame(*specs: dict, county_id: str = "shizhu", year: int = 2023) -> pl.DataFrame:
    rows = [indicator_row(line=n, **spec) for n, spec in enumerate(specs, start=1)]
    return frame_from_rows("indicators", rows, county_id, year)


def rule_ids(rule: R.Rule, indicators: pl.DataFrame, project: str = PROJECT) -> list[str]:
    flags = rule(indicators.filter(pl.col("project_name") == project), indicators)
    return [flag["rule"] for flag in flags]


def good(project: str = PROJECT, **kw) -> list[dict]:
    """A complete project: every category, quantified, weights 90 (执行率 10 apart)."""
    return [
        ind("培训人数", "≥50人", weight="20", project=project, **kw),
        ind("培训合格率", "≥95%", level2="质量指标", weight="20", project=project, **kw),
        ind("资金拨付及时率", "=100%", level2="时效指标", weight="10", project=project, **kw),
        ind("干部履职能力提升率", "≥90%", level1="效益指标", level2="社会效益指标",
            weight="30", project=project, **kw),
        ind("参训学员满意度", "≥90%", level1="满意度指标", level2="服务对象满意度指标",
            weight="10", project=project, **kw),
    ]


def other(project: str = "老干部活动费", **kw) -> list[dict]:
    """Another complete project, unweighted, sharing no indicator with `good`."""
    return [
        ind("组织活动次数", "≥12次", project=project, **kw),
        ind("活动参与率", "≥90%", level2="质量指标", project=project, **kw),
        ind("老干部精神文化生活改善率", "≥90%", level1="效益指标", level2="社会效益指标",
            project=project, **kw),
        ind("老干部满意度", "≥95%", level1="满意度指标", level2="服务对象满意度指标",
            project=project, **kw),
    ]


def without(specs: list[dict], level3: str) -> list[dict]:
    return [spec for spec in specs if spec["level3"] != level3]


def unweighted(specs: list[dict]) -> list[dict]:
    return [{**spec, "weight": ""} for spec in specs]


# ---- 1. categories ------------------------------------------------------------------

@pytest.mark.parametrize("specs, expected", [
    (good(), []),
    (without(good(), "干部履职能力提升率"), ["missing_category"]),
    (without(without(good(), "培训人数"), "培训合格率"), []),  # 时效 is still 产出
    (without(good(), "参训学员满意度"), ["missing_category"]),
    # level1 lost in extraction: inferred from level2, or from 满意 in level3
    ([*good()[:4], ind("参训学员满意度", "≥90%", level1="", level2="服务对象满意度指标")], []),
    ([*good()[:4], ind("参训学员满意度", "≥90%", level1="", level2="")], []),
    # 效益 inferred from level2; only 满意度 is missing
    ([*good()[:3], ind("干部履职能力提升率", "≥90%", level1="", level2="社会效益")],
     ["missing_category"]),
    # 部门整体 in the 部门管理/履职效果 framework is not held to these categories
    ([ind("资金使用规范性", "规范", level1="部门管理", level2="财务管理", scope="部门整体")], []),
    # no level1/level2 at all: one unclassified flag; 满意度 still read from level3
    ([ind("培训人数", "≥50人", level1="", level2=""),
      ind("学员满意度", "≥90%", level1="", level2="")], ["category_unclassified"]),
    ([ind("培训人数", "≥50人", level1="", level2="")],
     ["category_unclassified", "missing_category"]),
])
def test_missing_category(specs, expected):
    assert rule_ids(R.check_missing_category, frame(*specs)) == expected


def test_missing_category_severity_and_message():
    specs = without(without(good(), "干部履职能力提升率"), "参训学员满意度")
    flags = R.check_missing_category(frame(*specs), frame(*specs))
    assert [(f["severity"], f["message"].split("（")[0]) for f in flags] == [
        ("high", "未设置效益指标"), ("medium", "未设置满意度指标")]
    assert all(f["line"] == 1 and f["level3"] is None for f in flags)


def test_missing_category_inferred_from_level2():
    spec = ind("参训学员满意度", "≥90%", level1="", level2="服务对象满意度指标")
    assert R.category_of(frame(spec).row(0, named=True)) == "满意度"


# ---- 2. weights -----------------------------------------------------------------------

def with_weight(specs: list[dict], level3: str, weight: str) -> list[dict]:
    return [{**s, "weight": weight} if s["level3"] == level3 else s for s in specs]


EXECUTION = ind("预算执行率", "≥95%", level2="时效指标", weight="10")
OTHER_PROJECT = "老干部活动费"  # the default project of `other`


@pytest.mark.parametrize("specs, expected", [
    (good(), []),  # 90: 预算执行率 10 stated apart
    (with_weight(good(), "干部履职能力提升率", "40"), []),  # 100
    ([*good(), EXECUTION], []),  # 100 with the 执行率 in the table
    (with_weight([*good(), EXECUTION], "干部履职能力提升率", "20"), ["weights_sum"]),  # 90 + 执行率
    (with_weight(good(), "干部履职能力提升率", "20"), ["weights_sum"]),  # 80
    (with_weight(good(), "培训人数", ""), ["weights_missing"]),
    # no weights at all: flagged only where other 项目 of the county have them
    ([*[{**s, "weight": ""} for s in good()], *good(OTHER_PROJECT)], ["weights_missing"]),
    ([{**s, "weight": ""} for s in good()], []),
    ([*[{**s, "weight": ""} for s in good(scope="一级项目")], *good(OTHER_PROJECT)], []),
    # 涉密 placeholders carry no weights and are not counted
    ([*good(), ind("涉密", "涉密")], []),
])
def test_weights(specs, expected):
    assert rule_ids(R.check_weights, frame(*specs)) == expected


def test_weights_sum_message_and_partial_line():
    specs = with_weight(good(), "干部履职能力提升率", "20")
    assert "合计80" in R.check_weights(frame(*specs), frame(*specs))[0]["message"]
    specs = with_weight(good(), "资金拨付及时率", "")
    flag = R.check_weights(frame(*specs), frame(*specs))[0]
    assert (flag["line"], flag["level3"], flag["message"]) == (
        3, "资金拨付及时率", "部分指标未填写权重（已填4/5个）")


# ---- 3. units ----------------------------------------------------------------------------

@pytest.mark.parametrize("spec, expected", [
    (ind("一般公共预算收入", "5031.77"), ["unit_missing"]),
    (ind("一般公共预算收入", "5031.77", unit="万元"), []),
    (ind("培训人数", "≥50人"), []),
    (ind("服务群众质量", "较好"), []),
    (ind("涉密", "涉密"), []),
])
def test_unit_missing(spec, expected):
    assert rule_ids(R.check_unit_missing, frame(spec)) == expected


@pytest.mark.parametrize("spec, expected", [
    (ind("培训合格率", "≥95", unit="人"), ["unit_mismatch"]),
    (ind("对象满意度", "≥90", unit="人次"), ["unit_mismatch"]),
    (ind("覆盖率", "≥90", unit="个"), ["unit_mismatch"]),
    (ind("开展班子回访次数", "≥2", unit="%"), ["unit_mismatch"]),
    (ind("培训合格率", "≥95%"), []),
    (ind("拓宽老干部党性教育人数覆盖面", "100", unit="%"), []),  # 覆盖面 (coverage) is a share
    (ind("培训人数完成率", "100%"), []),  # the rate word ends last
    (ind("满意度调查人数", "≥100人"), []),  # the count word ends last
    (ind("培训频率", "2次/年"), []),  # 频率 is not a proportion
    (ind("覆盖率", "提高5", unit="个百分点"), []),
    (ind("村干部履职能力水平", "优", operator="定性", unit="级"), []),
])
def test_unit_mismatch(spec, expected):
    assert rule_ids(R.check_unit_mismatch, frame(spec)) == expected


@pytest.mark.parametrize("name, kind", [
    ("培训合格率", "rate"),
    ("干部工作满意度", "rate"),
    ("党员占比", "rate"),
    ("培训人数完成率", "rate"),
    ("招录选调生人数", "count"),
    ("满意度调查人数", "count"),
    ("党建示范点数量", "count"),
    ("培训频率", None),
    ("工作效率", None),
    ("人才公寓总量", None),
])
def test_name_kind(name, kind):
    assert R.name_kind(name) == kind


# ---- 4. vague targets -----------------------------------------------------------------------

@pytest.mark.parametrize("target, vague", [
    ("较好", True), ("好", True), ("提高", True), ("明显改善", True), ("逐步完善", True),
    ("规范", True), ("健全", True), ("良", True), ("优", True), ("强", True), ("高", True),
    ("进一步提升", True),
    ("无影响", False), ("按时完成", False), ("无不良影响", False), ("是", False),
    ("涉密", False), ("≥90%", False), ("10月1日前", False), ("", False),
])
def test_is_vague(target, vague):
    assert R.is_vague(frame(ind("服务群众质量", target)).row(0, named=True)) is vague


@pytest.mark.parametrize("specs, expected", [
    (good(), []),
    ([*good(), ind("服务群众质量", "较好")], ["vague_target"]),  # 1 of 6
    ([*good()[:2], ind("服务群众质量", "较好"), ind("社会评价度", "好"), ind("能力", "强")],
     ["vague_target"] * 3 + ["vague_share"]),  # 3 of 5
    ([ind("服务群众质量", "较好"), ind("涉密", "涉密"), ind("涉密", "涉密")],
     ["vague_target", "vague_share"]),  # 涉密 rows are not counted in the share
])
def test_vague_target(specs, expected):
    assert rule_ids(R.check_vague_target, frame(*specs)) == expected


def test_vague_share_message():
    specs = [ind("服务群众质量", "较好"), ind("社会评价度", "好"), ind("培训人数", "≥50人")]
    flags = R.check_vague_target(frame(*specs), frame(*specs))
    assert flags[-1]["message"] == "模糊定性指标占67%（2/3个），量化程度不足"


# ---- 5. ranges and directions ---------------------------------------------------------------------

@pytest.mark.parametrize("spec, expected", [
    (ind("对象满意度", "≥75%"), [("satisfaction_range", "medium")]),
    (ind("对象满意度", "≥0.9"), [("satisfaction_range", "medium")]),
    (ind("服务对象满意率", "≥120%"), [("satisfaction_range", "high")]),
    (ind("对象满意度", "≥90%"), []),
    (ind("对象满意度", "100%"), []),
    (ind("对象满意度", "≥80%"), []),
    (ind("群众满意度", "≥90", unit="分"), []),
    (ind("满意度调查人数", "≥50人"), []),
    (ind("对象满意度", "较高"), []),
])
def test_satisfaction_range(spec, expected):
    flags = R.check_satisfaction_range(frame(spec), frame(spec))
    assert [(f["rule"], f["severity"]) for f in flags] == expected


@pytest.mark.parametrize("spec, expected", [
    (ind("培训合格率", "≥120%"), ["percent_over_100"]),
    (ind("资金拨付使用率", "110%"), ["percent_over_100"]),
    (ind("培训合格率", "100%"), []),
    (ind("收入增长率", "150%"), []),  # growth may exceed 100%
    (ind("对象满意度", "≥120%"), []),  # left to satisfaction_range
    (ind("培训人数", "≥150人"), []),
])
def test_percent_range(spec, expected):
    assert rule_ids(R.check_percent_range, frame(spec)) == expected


@pytest.mark.parametrize("spec, expected", [
    (ind("选调生人才流失率", "50", operator="≥", unit="%"), ["rate_direction"]),
    (ind("信访率", ">5%"), ["rate_direction"]),
    (ind("不合格率", "≥5%"), ["rate_direction"]),
    (ind("培训合格率", "≤90%"), ["rate_direction"]),
    (ind("对象满意度", "<95%"), ["rate_direction"]),
    (ind("人才流失率", "71", operator="≤", unit="%"), []),
    (ind("差错率", "=0%"), []),
    (ind("不合格率", "≤5%"), []),  # 不合格率 is a low rate, not a 合格率
    (ind("培训合格率", "≥95%"), []),
    (ind("党建示范点数量", "≤7个"), []),
])
def test_rate_direction(spec, expected):
    assert rule_ids(R.check_rate_direction, frame(spec)) == expected


def test_rate_direction_message():
    spec = ind("选调生人才流失率", "50", operator="≥", unit="%")
    flag = R.check_rate_direction(frame(spec), frame(spec))[0]
    assert flag["message"] == "“选调生人才流失率”应越低越好，目标却为“≥50”"


# ---- 6. duplicates and copies ------------------------------------------------------------------------

@pytest.mark.parametrize("specs, expected", [
    (good(), []),
    ([*good(), ind("培训人数", "≥60人")], ["duplicate_indicator"]),
    ([*good(), ind("培训 人数", "≥60人"), ind("培训人数", "≥70人")], ["duplicate_indicator"]),
    ([ind("涉密", "涉密"), ind("涉密", "涉密"), ind("涉密", "涉密")], []),
])
def test_duplicate_indicator(specs, expected):
    assert rule_ids(R.check_duplicate_indicator, frame(*specs)) == expected


def test_duplicate_indicator_on_second_occurrence():
    specs = [*good(), ind("培训人数", "≥60人")]
    flag = R.check_duplicate_indicator(frame(*specs), frame(*specs))[0]
    assert (flag["line"], flag["message"]) == (6, "三级指标“培训人数”在本项目中出现2次")


ORIGINAL, COPY = "驻乡村村干部乡镇工作补贴", "石柱县离退休党组织建设经费"


def village(project: str, subject: str = "工作队经费", **kw) -> list[dict]:
    """石柱's 驻村 set; `subject` renames the two entity-specific indicators."""
    return [
        ind(f"{subject}标准", "2000", operator="=", unit="元/个", level1="成本指标",
            level2="经济成本指标", project=project, **kw),
        ind("兑现月数", "12", operator="=", unit="月", project=project, **kw),
        ind(f"{subject}对象个数", "102", operator="=", unit="个", project=project, **kw),
        ind("驻村干部人数", "289", operator="=", unit="人", project=project, **kw),
        ind("驻村干部满意度", "100", operator="=", unit="%", level1="满意度指标",
            level2="服务对象满意度指标", project=project, **kw),
        ind("驻村工作队战斗力", "强", operator="定性", unit="级", level1="效益指标",
            level2="社会效益指标", project=project, **kw),
    ]


OWN = [ind("支部党员人数", "≥1432", unit="人", project=COPY),
       ind("离退休支部建立个数", "=49", unit="个", project=COPY)]


@pytest.mark.parametrize("specs, project, expected", [
    # the later table repeats the earlier one's set with its subject renamed
    ([*village(ORIGINAL), *village(COPY, "党组织建设经费"), *OWN], COPY, ["copied_set"]),
    ([*village(ORIGINAL), *village(COPY, "党组织建设经费"), *OWN], ORIGINAL, []),
    ([*village(ORIGINAL), *village(COPY)], COPY, ["copied_set"]),
    # a different scope, or a non-current table, is not compared
    ([*village(ORIGINAL, scope="一级项目"), *village(COPY)], COPY, []),
    ([*village(ORIGINAL, current=False), *village(COPY)], COPY, []),
    ([*village(ORIGINAL), *village(COPY, current=False)], COPY, []),
    # under 80% shared: 2 of 5 names, the others differ in name and number
    ([*good(ORIGINAL), *good(COPY)[:2], ind("组织生活会次数", "≥4次", project=COPY),
      ind("党员学习时长", "≥40小时", project=COPY), ind("支部满意度", "≥95%", project=COPY)],
     COPY, []),
    # fewer than 3 indicators
    ([*good(ORIGINAL)[:2], *good(COPY)[:2]], COPY, []),
    # renamed subject but a different number: not the same indicator (4 of 6 < 80%)
    ([*village(ORIGINAL), *[{**s, "target": "3000"} if s["level3"].endswith("标准") else
                            {**s, "target": "90"} if s["level3"].endswith("个数") else s
                            for s in village(COPY, "党组织建设经费")]], COPY, []),
])
def test_copied_set(specs, project, expected):
    assert rule_ids(R.check_copied_set, frame(*specs), project) == expected


def test_copied_set_message_names_the_original():
    indicators = frame(*village(ORIGINAL), *village(COPY, "党组织建设经费"), *OWN)
    flag = R.check_copied_set(indicators.filter(pl.col("project_name") == COPY), indicators)[0]
    assert flag["message"].startswith(f"本项目有6个指标与「{ORIGINAL}」（第1行起）")
    assert flag["line"] == 7


# ---- 7. secret placeholders --------------------------------------------------------------------------

@pytest.mark.parametrize("specs, expected", [
    ([ind("涉密", "涉密"), ind("涉密", "涉密", level1="效益指标")], ["secret_placeholder"]),
    ([*good(), ind("系统建设内容", "涉密")], ["secret_placeholder"]),
    (good(), []),
])
def test_secret_placeholder(specs, expected):
    assert rule_ids(R.check_secret_placeholder, frame(*specs)) == expected


# ---- audit_indicators and scores ---------------------------------------------------------------------------

def test_audit_indicators_columns_and_order():
    indicators = frame(*unweighted(good()), *without(other(), "老干部精神文化生活改善率"),
                       ind("服务群众质量", "较好", project=OTHER_PROJECT))
    flags = audit_indicators(indicators)
    assert flags.schema == pl.Schema(FLAG_SCHEMA)
    assert flags.select("project_name", "rule", "line").rows() == [
        (OTHER_PROJECT, "missing_category", 6),
        (OTHER_PROJECT, "vague_target", 9),
    ]


def test_audit_indicators_empty():
    flags = audit_indicators(frame_from_rows("indicators", [], "shizhu", 2023))
    assert flags.is_empty() and flags.schema == pl.Schema(FLAG_SCHEMA)


def test_audit_indicators_keeps_current_tables_apart():
    indicators = frame(*good(current=False), *good(),
                       ind("培训人数", "≥60人", weight="0", current=False))
    flags = audit_indicators(indicators)
    assert flags.select("current", "rule").rows() == [(False, "duplicate_indicator")]


@pytest.mark.parametrize("specs, score", [
    (good(), 100.0),
    (unweighted(without(without(good(), "干部履职能力提升率"), "参训学员满意度")), 100.0 - 15 - 8),
    # weights 60: missing 效益 (high 15) and weights_sum (medium 8)
    (without(good(), "干部履职能力提升率"), 100.0 - 15 - 8),
    # twelve vague targets: 36 points capped at 30, plus vague_share 8
    (unweighted([*good(), *[ind(f"工作质量{n}", "较好") for n in range(12)]]), 100.0 - 30 - 8),
    ([ind("涉密", "涉密"), ind("涉密", "涉密")], None),  # nothing disclosed to judge
])
def test_score_projects(specs, score):
    scores = score_projects(frame(*specs))
    assert scores["score"].to_list() == [score]


def test_score_projects_counts():
    indicators = frame(*unweighted(good()), ind("服务群众质量", "较好"), ind("涉密", "涉密"))
    row = score_projects(indicators).row(0, named=True)
    assert {k: row[k] for k in ("indicators", "secret", "vague", "flags", "low", "penalty")} == {
        "indicators": 7, "secret": 1, "vague": 1, "flags": 2, "low": 2, "penalty": 6}
    assert row["vague_share"] == pytest.approx(1 / 6)


def test_score_counties_means_current_projects():
    indicators = pl.concat([
        frame(*unweighted(good()), *without(other(), "老干部满意度"),
              *without(other("往年计划", current=False), "活动参与率")),
        frame(*good(), county_id="huangyuan", year=2024),
    ])
    counties = score_counties(score_projects(indicators))
    assert counties.select("county_id", "projects", "mean_score", "min_score").rows() == [
        ("huangyuan", 1, 100.0, 100.0),
        ("shizhu", 2, 96.0, 92.0),
    ]
