"""Chinese column headers for tables shown under charts and on the 数据 page."""

from __future__ import annotations

import polars as pl

COLUMN_LABELS = {
    "county_id": "县（区）",
    "county_name": "县（区）名称",
    "province": "省份",
    "department": "部门",
    "document": "原文文件",
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
    "level1": "一级指标",
    "level2": "二级指标",
    "level3": "三级指标",
    "operator": "符号",
    "target_text": "指标值（原文）",
    "target_value": "目标数值",
    "unit": "单位",
    "weight": "权重",
    "basis": "依据原文",
    "check": "核对项",
    "stated_wan": "公开数（万元）",
    "computed_wan": "加总数（万元）",
    "difference_wan": "差额（万元）",
    "ok": "一致",
    "stated_line": "公开数所在行",
    "computed_lines": "加总所用行",
    "line": "原文行号",
    "corrected": "经更正",
    # audit scores
    "projects": "项目数",
    "scored": "计分项目数",
    "indicators": "指标数",
    "secret": "涉密指标数",
    "vague": "模糊目标数",
    "vague_share": "模糊目标占比",
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
}


def display_frame(frame: pl.DataFrame, names: dict[str, str], unit_label: str = "万元",
                  factor: float = 1.0) -> pl.DataFrame:
    """County ids as names, Chinese headers, amounts (`*_wan`) in the chart's unit."""
    if "county_id" in frame.columns:
        frame = frame.with_columns(pl.col("county_id").replace(names))
    amounts = [c for c in frame.columns if c.endswith("_wan")]
    if factor != 1.0 and amounts:
        frame = frame.with_columns(pl.col(c) * factor for c in amounts)
    labels = {c: COLUMN_LABELS[c] for c in frame.columns if c in COLUMN_LABELS}
    for column in amounts:
        labels[column] = labels.get(column, column).replace("万元", unit_label)
    return frame.rename(labels)
