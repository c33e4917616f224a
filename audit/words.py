"""Word lists the audit rules read indicator names and targets with.

Kept apart from the rules so each list can be reviewed (and extended) on its
own; every list is matched against names with all whitespace removed.
"""

from __future__ import annotations

# ---- categories (missing_category) -------------------------------------------
# Keyword -> category, tried in order on level1, then level2, then level3.
CATEGORY_KEYWORDS = (
    ("产出", "产出"),
    ("数量指标", "产出"),
    ("质量指标", "产出"),
    ("时效指标", "产出"),
    ("效益", "效益"),
    ("可持续影响", "效益"),
    ("满意", "满意度"),
    ("成本", "成本"),
)
REQUIRED_CATEGORIES = ("产出", "效益", "满意度")

# ---- names that say "this is a rate" / "this is a count" (unit rules) -------------
# A name's kind is decided by whichever word ends last in it (Chinese compounds
# put the head noun last): 培训人数完成率 is a rate, 满意度调查人数 a count.
RATE_WORDS = ("率", "满意度", "占比", "比例", "比重", "百分比", "覆盖面")
# Names with 率 that are not proportions: 频率 is counted in 次, 效率 in days.
NOT_RATE_WORDS = ("频率", "效率", "率先", "功率")
COUNT_WORDS = (
    "人数", "个数", "次数", "户数", "人次", "场次", "天数", "项数", "家数", "件数",
    "期数", "册数", "数量",
)
PERCENT_UNITS = ("%", "百分比", "百分点")
# A rate measured in one of these (by its leading characters) contradicts its name.
COUNT_UNIT_PREFIXES = (
    "人", "个", "次", "家", "户", "名", "件", "场", "期", "项", "篇", "套", "台", "处",
    "所", "座", "册", "份", "元", "万元", "天", "日", "月", "年", "小时",
)

# ---- satisfaction and percentage ranges ----------------------------------------
SATISFACTION_WORDS = ("满意度", "满意率", "满意程度")
SATISFACTION_MIN = 80.0
PERCENT_MAX = 100.0
# Percentages of change may legitimately exceed 100.
GROWTH_WORDS = ("增长", "增幅", "增速", "增加", "提高", "提升", "上升")

# ---- rate direction ------------------------------------------------------------
# Rates that should be kept low: a ≥ / > target on them is a logic error.
LOW_RATE_WORDS = (
    "流失率", "信访率", "差错率", "错误率", "出错率", "投诉率", "事故率", "事故发生率",
    "违纪率", "违规率", "违法率", "失误率", "返工率", "漏报率", "误报率", "空置率",
    "闲置率", "损耗率", "损失率", "死亡率", "发病率", "辍学率", "退回率", "退件率",
    "超支率", "偏差率", "失败率", "不合格率", "不达标率", "未完成率", "结余率",
    "上访率", "复发率", "逾期率", "拖欠率",
)
# Rates that should be high: a ≤ / < target on them is a logic error.
# Checked only when no LOW_RATE_WORDS matches (不合格率 contains 合格率).
HIGH_RATE_WORDS = (
    "满意度", "满意率", "合格率", "达标率", "完成率", "覆盖率", "及时率", "到位率",
    "知晓率", "参与率", "出勤率", "执行率", "兑现率", "发放率", "通过率", "合规率",
    "准确率", "正确率", "优良率", "入学率", "巩固率", "使用率", "利用率", "受益率",
    "就业率", "结案率", "办结率", "回复率", "成功率", "配备率", "建成率", "验收率",
    "落实率", "保障率", "拨付率", "支付率", "参训率", "培训率", "完好率", "普及率",
)

# ---- vague targets ---------------------------------------------------------------
# A qualitative target (no number) is vague when it contains one of these phrases ...
VAGUE_PHRASES = (
    "较好", "良好", "很好", "较高", "较强", "较大", "提高", "提升", "改善", "完善", "有效",
    "明显", "显著", "增强", "加强", "规范", "健全", "稳定", "持续", "不断", "积极", "促进",
    "推动", "进一步", "逐步", "充分", "大幅", "优化", "高效", "有所", "优秀", "优良",
)
# ... or is exactly one of these grade words (matched whole, so 不良影响 or 优化
# are not read as the grades 良 / 优).
VAGUE_GRADES = ("好", "高", "良", "优", "强", "中", "差", "低", "一般", "大")
VAGUE_SHARE_LIMIT = 0.5  # a project whose targets are half or more vague is flagged

# ---- budget execution rate (weights) -------------------------------------------------
BUDGET_EXECUTION = "预算执行率"
BUDGET_EXECUTION_WEIGHT = 10.0

SECRET = "涉密"
