"""Chinese column headers and empty-cell wording for tables shown under charts, on the pages
and in the report pack's workbook.

An empty cell says one of two things, and the tables say which (``missing_text``):
未公开 (NOT_DISCLOSED): the document does not state the figure (湟源's 支出合计, 和政's
project codes); — (NOT_APPLICABLE): there is nothing to state (a top-level class has no
parent code, a text source has no page number, a qualitative target has no number).
"""

from __future__ import annotations

import polars as pl

from contract.formats import SCORE_PRINTF, amount, printf_format, score, share

COLUMN_LABELS = {
    "county_id": "地区（部门）",
    "county_name": "地区",
    "province": "省份",
    "department": "部门",
    "document": "原文文件",
    "edition": "版本",
    "year": "年度",
    "metric": "项目",
    "amount_wan": "金额（万元）",
    "source": "收入来源",
    "code": "科目编码",
    "name": "科目名称",
    "level": "层级",
    "parent_code": "上级编码",
    "total_wan": "合计（万元）",
    "basic_wan": "基本支出（万元）",
    "project_wan": "项目支出（万元）",
    "other_wan": "其他支出（万元）",  # 单位预留机动经费, 事业单位经营支出 … beside 基本/项目
    # a final account's (决算) budget figures printed beside its 决算数 (reader/final.py)
    "budget_wan": "年初预算数（万元）",
    "adjusted_budget_wan": "调整预算数（万元）",
    # the class in the document's 一般公共预算(财政拨款)支出表 (the scope of a 决算's 年初预算数)
    "general_wan": "其中一般公共预算（万元）",
    "general_page": "一般公共预算支出表所在页",
    "document_kind": "文件类别",  # 预算 or 决算
    "stated_metric": "公开数的项目",
    "figures": "所核对的汇总数（行 项目）",
    "personnel_wan": "人员经费（万元）",
    "public_wan": "公用经费（万元）",
    "item": "三公项目",
    "project_code": "项目编码",
    "project_name": "项目名称",
    "program_name": "一级项目名称",
    "category": "类别",
    "plan_year": "计划依据年度",
    "current": "本年度",
    "scope": "范围",
    "level1": "一级指标（原文）",
    "level2": "二级指标（原文）",
    "level1_std": "一级指标（标准分类）",
    "level2_std": "二级指标（标准分类）",
    "level1_inferred": "一级指标为推断",
    "level2_inferred": "二级指标为推断",
    "category_inferred": "类别为推断",
    "level3": "三级指标",
    "operator": "符号",
    "target_text": "指标值（原文）",
    "target_value": "目标数值",
    "unit": "单位",
    "weight": "权重",
    "basis": "依据原文",
    "source_year": "出自哪年文件",
    "from_year": "上一文件年度",
    "to_year": "本文件年度",
    "gap_years": "间隔缺失年数",
    "from_amount_wan": "上一文件（万元）",
    "to_amount_wan": "本文件（万元）",
    "change_wan": "增减（万元）",
    "change_pct": "增减（%）",
    "stated_prior_wan": "本文件文中所述上年数（万元）",
    "stated_diff_wan": "文中上年数与上一文件之差（万元）",
    "consistent": "文中上年数与上一文件一致",
    "check": "核对项",
    "stated_wan": "公开数（万元）",
    "computed_wan": "加总数（万元）",
    "difference_wan": "差额（万元）",
    "ok": "一致",
    "stated_line": "公开数所在行",
    "computed_lines": "加总所用行",
    "line": "原文行号",
    "corrected": "经更正",
    "confirmed": "核实",
    "unconfirmed_metrics": "未核实的数字",
    "page": "原文页码",
    "source_text": "原文内容",
    "for_year": "所属年度",
    "stated_page": "公开数所在页",
    # cross-document checks (content/crosscheck.py): a figure one document states, another publishes
    "check_kind": "核对类别",
    "other_id": "对照文件",
    "compared_wan": "对照文件所列（万元）",
    "other_page": "对照文件所在页",
    "computed_pages": "加总所用页",
    "kind": "指标类型",
    "share_of_basic": "占基本支出（%）",
    "share_of_total": "占支出合计（%）",
    "inferred": "类别为推断的指标数",
    # audit scores
    "projects": "项目数",
    "scored": "计分项目数",
    "indicators": "指标数",
    "secret": "涉密指标数",
    "vague": "模糊目标数",
    "vague_share": "模糊目标占比（%）",
    "flags": "问题数",
    "high": "严重",
    "medium": "一般",
    "low": "提示",
    "penalty": "扣分",
    "score": "得分",
    "mean_score": "平均分",
    "min_score": "最低分",
    "first_line": "首个指标行号",
    "rule": "问题类型",
    "severity": "严重程度",
    "message": "说明",
    # project coverage
    "listed": "所列项目合计（万元）",
    "stated": "项目支出（万元）",
    "n_projects": "项目个数",
    "n_without_amount": "未列金额的项目个数",
    "len": "个数",
    "prior_amount_wan": "上年金额（万元）",
    # 预算执行 (content/execution.py)
    "key": "科目/项目",
    "plan_wan": "预算数（万元）",
    "actual_wan": "决算数（万元）",
    "diff_wan": "决算减预算（万元）",
    "execution_rate": "执行率（%）",
    "rate_note": "说明",
    "plan_source": "预算数出处",
    "actual_source": "决算数出处",
    "rank": "排名",
}


CONFIRMED_TEXT = {True: "已核实", False: "未核实"}  # contract/confirm.py: a second statement agrees or not
NOT_DISCLOSED = "未公开"
NOT_APPLICABLE = "—"
# Columns whose empty cells mean "nothing to state here"; every other empty cell is 未公开.
NOT_APPLICABLE_COLUMNS = frozenset({
    "parent_code",  # a 类 has no parent
    "plan_year",  # only repeated earlier-year tables name a plan year
    "page", "stated_page", "computed_pages", "general_page", "other_page",  # text sources have lines, not pages
    "line", "stated_line", "computed_lines", "first_line",
    "target_value",  # a qualitative target has no number
    "score", "mean_score", "min_score", "vague_share",  # nothing left to score (all 涉密)
    "level3", "target_text",  # audit flags on a whole project name no indicator
    "delta",  # no earlier year to compare with
    "confirmed",  # no amount stated (a project listed without one), nothing to confirm
    "other_wan",  # the table prints no spending outside 基本/项目
    "stated_metric",  # a check of rows, not of a summary figure
    "figures",  # the check covers no other summary figure
    "budget_wan", "adjusted_budget_wan",  # a budget prints no budget beside its own figures (决算 only)
    "execution_rate", "diff_wan", "rank",  # no rate from a missing or zero budget: why is in 说明 (rate_note)
    "rate_note",  # a rate was computed: nothing to explain
})


def missing_text(frame: pl.DataFrame, column: str) -> pl.Expr:
    """What an empty cell of ``column`` reads: 未公开 or —.

    A unit is 未公开 only for a number stated without one; a qualitative target has none (—).
    """
    if column == "unit" and "target_value" in frame.columns:
        return (pl.when(pl.col("target_value").is_null()).then(pl.lit(NOT_APPLICABLE))
                .otherwise(pl.lit(NOT_DISCLOSED)))
    return pl.lit(NOT_APPLICABLE if column in NOT_APPLICABLE_COLUMNS else NOT_DISCLOSED)


# How a number column is written (contract.formats), by its kind: amounts in the table's unit, scores
# with one decimal, shares with two (their header says %: 占基本支出（%）), changes in % with one.
SCORE_COLUMNS = frozenset({"score", "mean_score", "min_score"})
PERCENT_COLUMNS = frozenset({"change_pct"})  # a change in %, one decimal


def is_amount(column: str) -> bool:
    return column.endswith("_wan") or column in {"listed", "stated"}


def is_share(column: str) -> bool:
    return column.startswith("share_") or column == "vague_share"


def number_text(column: str, unit: str = "万元"):
    """How one value of ``column`` reads as text (contract.formats), or None for columns shown as is."""
    if is_amount(column):
        return lambda v: amount(v, unit)
    if column in SCORE_COLUMNS:
        return score
    if is_share(column):
        return lambda v: share(v).removesuffix("%")
    if column in PERCENT_COLUMNS:
        return lambda v: share(v, 1).removesuffix("%")
    return None


def column_format(column: str, unit: str = "万元") -> str | None:
    """The same rule as number_text for a number column kept as numbers (Streamlit's NumberColumn,
    printf: '%,.2f'), or None for columns shown as they are (years, line numbers, counts)."""
    if is_amount(column):
        return printf_format(unit)
    if column in SCORE_COLUMNS:
        return SCORE_PRINTF
    if is_share(column):
        return "%.2f"
    if column in PERCENT_COLUMNS:
        return "%.1f"
    return None


def _as_text(column: str, dtype: pl.DataType, unit: str = "万元") -> pl.Expr:
    """A column's values as text, the way the charts print them (amounts: 1,234.50)."""
    col = pl.col(column)
    if dtype.is_float():
        write = number_text(column, unit) or (lambda v: f"{v:g}")
        return col.map_elements(write, return_dtype=pl.String)
    if dtype == pl.Boolean:
        return col.replace_strict({True: "是", False: "否"}, return_dtype=pl.String)
    return col.cast(pl.String)


def fill_missing(frame: pl.DataFrame, unit: str = "万元") -> pl.DataFrame:
    """Every empty cell as 未公开 or — (never None); columns without gaps keep their type.

    A column with gaps becomes text, its values printed as on the charts (amounts in ``unit``).
    """
    gaps = [c for c in frame.columns if frame[c].null_count()]
    return frame.with_columns(
        pl.coalesce(_as_text(c, frame.schema[c], unit), missing_text(frame, c)).alias(c) for c in gaps)


def confirmed_beside_amounts(frame: pl.DataFrame) -> pl.DataFrame:
    """``confirmed`` as 已核实 / 未核实 (— where nothing is stated), moved just after the last
    amount column so it reads beside the figures it qualifies."""
    if "confirmed" not in frame.columns:
        return frame
    text = pl.col("confirmed").replace_strict(CONFIRMED_TEXT, default=None, return_dtype=pl.String)
    return frame.with_columns(text.fill_null(NOT_APPLICABLE).alias("confirmed")).select(beside_amounts(frame.columns))


def beside_amounts(columns: list[str]) -> list[str]:
    """``columns`` with ``confirmed`` moved just after the last amount column (``*_wan``)."""
    amounts = [c for c in columns if c.endswith("_wan")]
    if "confirmed" not in columns or not amounts:
        return list(columns)
    others = [c for c in columns if c != "confirmed"]
    at = others.index(amounts[-1]) + 1
    return others[:at] + ["confirmed"] + others[at:]


def display_frame(frame: pl.DataFrame, names: dict[str, str], unit_label: str = "万元",
                  factor: float = 1.0, fill: bool = True) -> pl.DataFrame:
    """County ids as names, Chinese headers, amounts (`*_wan`) in the chart's unit, ``confirmed``
    as 已核实 / 未核实 beside them and, with ``fill``, empty cells as 未公开 / — (``fill_missing``)."""
    if "county_id" in frame.columns:
        frame = frame.with_columns(pl.col("county_id").replace(names))
    frame = confirmed_beside_amounts(frame)
    amounts = [c for c in frame.columns if c.endswith("_wan")]
    if factor != 1.0 and amounts:
        frame = frame.with_columns(pl.col(c) * factor for c in amounts)
    if "vague_share" in frame.columns and frame.schema["vague_share"].is_numeric():  # a ratio, shown in %
        frame = frame.with_columns(pl.col("vague_share") * 100)
    if fill:
        frame = fill_missing(frame, unit_label)
    labels = {c: COLUMN_LABELS[c] for c in frame.columns if c in COLUMN_LABELS}
    for column in amounts:  # an amount column without a label of its own: 支出合计_wan -> 支出合计（万元）
        labels[column] = labels.get(column, f"{column.removesuffix('_wan')}（万元）").replace("万元", unit_label)
    return frame.rename(labels)


def display_formats(table: pl.DataFrame, unit_label: str = "万元") -> dict[str, str]:
    """For the columns display_frame keeps as numbers: their header -> how they are written
    (printf, for Streamlit's NumberColumn), so a table beneath a chart reads 9,628.22 like the chart."""
    shown = display_frame(table.head(0), {}, unit_label, fill=False)
    out = {}
    for column, header in zip(beside_amounts(table.columns), shown.columns, strict=True):
        if table.schema[column].is_numeric() and (fmt := column_format(column, unit_label)):
            out[header] = fmt
    return out
