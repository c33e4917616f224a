"""Chinese names of the audit rules, for the 指标质量 page."""

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
