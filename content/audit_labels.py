"""Chinese names of the audit rules, for the 指标质量 page."""

import polars as pl

from audit import SEVERITY_LABELS
from content.labels import display_frame

RULE_LABELS = {
    "missing_category": "缺少产出/效益/满意度指标",
    "category_unclassified": "未分一级指标",
    "weights_missing": "权重缺失",
    "weights_sum": "权重合计不为100（或90）",
    "unit_missing": "定量指标无单位",
    "unit_mismatch": "单位与指标不符",
    "vague_target": "目标值模糊",
    "vague_share": "模糊目标占比过高",
    "satisfaction_range": "满意度目标超出80–100",
    "percent_over_100": "百分比超过100",
    "rate_direction": "比率方向错误",
    "duplicate_indicator": "同一项目指标重复",
    "copied_set": "整套指标照搬其他项目",
    "secret_placeholder": "涉密占位",
}


def flag_list(flags: pl.DataFrame, names: dict[str, str]) -> pl.DataFrame:
    """The 问题清单 table as shown: rule and severity in Chinese, documents by name, Chinese headers."""
    table = flags.with_columns(pl.col("rule").replace(RULE_LABELS), pl.col("severity").replace(SEVERITY_LABELS))
    return display_frame(table, names).rename({"rule": "问题类型", "severity": "严重程度", "message": "说明"},
                                              strict=False)
