"""The standard indicator categories, and each indicator's place in them.

Documents name the same category differently (服务对象满意度 / 服务对象满意度指标 /
满意度指标, 社会效益 / 社会效益指标), contradict themselves (和政: 一级 成本指标 over
二级 数量指标) or give none (石柱's 一级项目 tables). ``with_standard_categories`` adds,
beside the document's own ``level1``/``level2``:

- ``level1_std``, ``level2_std``: the standard names (``STANDARD``), or the document's own
  wording where it uses another framework (部门整体 tables: 部门管理, 履职效果, 能力建设),
  or null where nothing fits;
- ``level1_inferred``, ``level2_inferred``, ``category_inferred``: True where the category
  was read from the indicator's name and unit (``INFERENCE_RULES``) because the document
  gives none, a non-standard 二级 under a standard 一级, or two levels that contradict.

The yardstick is the Ministry of Finance's 2021 target-setting guidance (财预〔2021〕101号):
产出 (数量/质量/时效/成本), 效益 (经济/社会/生态/可持续影响), 满意度 (服务对象满意度),
成本 (经济/社会/生态环境成本). Plain data and one pure function: frame in, frame out.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl

# ---- the taxonomy ------------------------------------------------------------------
# (一级指标, 二级指标): a 二级 name belongs to exactly one 一级.
STANDARD: tuple[tuple[str, str], ...] = (
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),  # the pre-2021 templates (青龙, 石柱) keep 成本 under 产出
    ("效益指标", "经济效益指标"),
    ("效益指标", "社会效益指标"),
    ("效益指标", "生态效益指标"),
    ("效益指标", "可持续影响指标"),
    ("满意度指标", "服务对象满意度指标"),
    ("成本指标", "经济成本指标"),
    ("成本指标", "社会成本指标"),
    ("成本指标", "生态环境成本指标"),
)
LEVEL1_STD = tuple(dict.fromkeys(l1 for l1, _ in STANDARD))
PARENT = {l2: l1 for l1, l2 in STANDARD}
# Wordings that are neither a standard name nor a standard name without its 指标 suffix.
ALIASES = {
    "满意度指标": "服务对象满意度指标",  # as a 二级 under 满意度指标 (石柱 line 1049)
    "满意度": "服务对象满意度指标",
    "生态成本指标": "生态环境成本指标",
    "生态成本": "生态环境成本指标",
    "可持续发展影响指标": "可持续影响指标",
}

# ---- inference from the name and unit -------------------------------------------------
# Tried in order; the first rule that fits (and, where the document states a standard 一级,
# gives a 二级 under it) decides. Words are matched in the 三级 name with whitespace removed.
SATISFACTION_WORDS = ("满意",)
ECONOMIC_BENEFIT_WORDS = ("增收", "收入增加", "增加收入", "经济效益", "产值", "创收")
MONEY_UNIT = "元"  # 元, 万元, 元/年, 元/人*天 …
COST_WORDS = ("成本",)
TIME_WORDS = ("及时", "时效", "时间", "时限", "期限", "年限", "进度", "周期")
TIME_TARGET = re.compile(r"(\d+\s*月(\d+\s*日)?|年底|月底|日)前")
ECOLOGY_WORDS = ("生态", "环境保护", "绿化", "污染", "节能", "减排", "水土")
SUSTAINABLE_WORDS = ("可持续", "长效", "长期")
SOCIAL_WORDS = ("效果", "效益", "影响", "氛围", "贡献", "提升", "提高", "改善", "促进", "带动", "充实",
                "发挥", "凝聚", "战斗力", "稳定", "能力", "水平", "积极性", "意识")
QUALITY_WORDS = ("质量", "合格", "达标", "规范", "安全", "准确", "完好", "验收", "覆盖", "契合")
PERCENT_UNITS = ("%", "％", "百分比")
COUNT_UNITS = ("人", "个", "次", "户", "套", "册", "份", "件", "场", "项", "期", "篇", "台", "处",
               "所", "座", "家", "名", "天", "卷", "辆", "批", "本", "部", "间", "条")
COUNT_WORDS = ("人数", "个数", "次数", "户数", "人次", "场次", "天数", "数量", "总量")


def _has(name: str, words: tuple[str, ...]) -> bool:
    return any(word in name for word in words)


def _is_qualitative(value: float | None, target: str) -> bool:
    return value is None and not any(ch.isdigit() for ch in target)


# (二级 it gives, test on name, unit, target text, target value); 成本 has two homes, see _candidates.
INFERENCE_RULES = (
    ("服务对象满意度指标", lambda n, u, t, v: _has(n, SATISFACTION_WORDS)),
    ("经济效益指标", lambda n, u, t, v: _has(n, ECONOMIC_BENEFIT_WORDS)),
    ("经济成本指标", lambda n, u, t, v: MONEY_UNIT in u or _has(n, COST_WORDS)),
    ("时效指标", lambda n, u, t, v: _has(n, TIME_WORDS) or bool(TIME_TARGET.search(t))),
    ("生态效益指标", lambda n, u, t, v: _has(n, ECOLOGY_WORDS)),
    ("可持续影响指标", lambda n, u, t, v: _has(n, SUSTAINABLE_WORDS)),
    ("社会效益指标", lambda n, u, t, v: _has(n, SOCIAL_WORDS)),
    ("质量指标", lambda n, u, t, v: _has(n, QUALITY_WORDS) or _has(u, PERCENT_UNITS) or n.endswith("率")),
    ("数量指标", lambda n, u, t, v: _has(n, COUNT_WORDS) or u.startswith(COUNT_UNITS)),
    # a graded target (好, 良, 优, 较好) with no other cue says how well something is done
    ("质量指标", lambda n, u, t, v: _is_qualitative(v, t)),
)

_SPACE = re.compile(r"\s+")


def standard_name(text: str | None) -> str | None:
    """The standard name a document's wording stands for ('社会效益' -> '社会效益指标'), else None."""
    name = _SPACE.sub("", text or "")
    if not name:
        return None
    if name in ALIASES:
        return ALIASES[name]
    full = name if name.endswith("指标") else f"{name}指标"
    return full if full in PARENT or full in LEVEL1_STD else None


def infer_level2(name: str, unit: str, target: str, value: float | None, level1: str | None = None) -> str | None:
    """The standard 二级 an indicator's name and unit point to (under ``level1`` if given), else None."""
    for level2, fits in INFERENCE_RULES:
        if not fits(name, unit, target, value):
            continue
        for candidate in _candidates(level2):
            if level1 is None or PARENT[candidate] == level1:
                return candidate
    return None


def _candidates(level2: str) -> tuple[str, ...]:
    """Money is 经济成本 under 成本指标, or 成本指标 where the document puts cost under 产出."""
    return ("经济成本指标", "成本指标") if level2 == "经济成本指标" else (level2,)


@lru_cache(maxsize=65_536)  # names repeat across projects; bounded for national data
def classify(level1: str | None, level2: str | None, name: str | None, unit: str | None,
             target: str | None, value: float | None) -> tuple[str | None, str | None, bool, bool]:
    """(level1_std, level2_std, level1_inferred, level2_inferred) for one indicator."""
    l1, l2 = standard_name(level1), standard_name(level2)
    if l1 not in LEVEL1_STD:
        l1 = None
    if l2 is not None and l2 not in PARENT:
        l2 = None  # a 一级 name in the 二级 column says nothing about the 二级
    raw1, raw2 = _SPACE.sub("", level1 or ""), _SPACE.sub("", level2 or "")
    if l2 is not None and (l1 is None or PARENT[l2] == l1):
        return PARENT[l2], l2, False, False  # stated (a lost or non-standard 一级 follows from the 二级)
    if l1 is None and raw1 and l2 is None:
        return raw1, raw2 or None, False, False  # another framework (部门整体: 部门管理 …): kept as stated
    clean = (_SPACE.sub("", name or ""), _SPACE.sub("", unit or ""), _SPACE.sub("", target or ""), value)
    if l1 is not None and l2 is None:
        return l1, infer_level2(*clean, level1=l1), False, True  # 二级 missing or non-standard
    # no category, or two levels that contradict each other: both read from the name and unit
    inferred = infer_level2(*clean)
    return (PARENT[inferred] if inferred else None), inferred, True, True


STANDARD_COLUMNS = {
    "level1_std": pl.String,
    "level2_std": pl.String,
    "level1_inferred": pl.Boolean,
    "level2_inferred": pl.Boolean,
    "category_inferred": pl.Boolean,
}


def with_standard_categories(indicators: pl.DataFrame) -> pl.DataFrame:
    """``indicators`` with the STANDARD_COLUMNS added (rows and other columns unchanged)."""
    if "level1_std" in indicators.columns:
        return indicators
    keys = indicators.select("level1", "level2", "level3", "unit", "target_text", "target_value").rows()
    rows = [classify(*key) for key in keys]
    return indicators.with_columns(
        pl.Series("level1_std", [r[0] for r in rows], dtype=pl.String),
        pl.Series("level2_std", [r[1] for r in rows], dtype=pl.String),
        pl.Series("level1_inferred", [r[2] for r in rows], dtype=pl.Boolean),
        pl.Series("level2_inferred", [r[3] for r in rows], dtype=pl.Boolean),
    ).with_columns((pl.col("level1_inferred") | pl.col("level2_inferred")).alias("category_inferred"))
