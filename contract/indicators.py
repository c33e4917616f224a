"""Building indicator rows the same way in every layout."""

from __future__ import annotations

from contract.numbers import parse_target

# 二级指标 -> 一级指标, for rows whose 一级 cell was lost in extraction.
_LEVEL1_OF_LEVEL2 = {
    "数量指标": "产出指标",
    "质量指标": "产出指标",
    "时效指标": "产出指标",
    "成本指标": "成本指标",
    "经济成本": "成本指标",
    "经济成本指标": "成本指标",
    "社会成本": "成本指标",
    "社会成本指标": "成本指标",
    "生态环境成本": "成本指标",
    "生态环境成本指标": "成本指标",
    "经济效益": "效益指标",
    "经济效益指标": "效益指标",
    "社会效益": "效益指标",
    "社会效益指标": "效益指标",
    "生态效益": "效益指标",
    "生态效益指标": "效益指标",
    "可持续影响": "效益指标",
    "可持续影响指标": "效益指标",
    "服务对象满意度": "满意度指标",
    "服务对象满意度指标": "满意度指标",
}
LEVEL1_NAMES = ("产出指标", "效益指标", "满意度指标", "成本指标")


def level1_for(level2: str) -> str | None:
    """The 一级指标 a standard 二级指标 belongs to, or None if non-standard."""
    return _LEVEL1_OF_LEVEL2.get(level2.strip())


def parse_weight(cell: str) -> float | None:
    text = cell.strip()
    if not text:
        return None
    return float(text)


def indicator_row(*, project_name: str, scope: str, level1: str, level2: str, level3: str,
                  target: str, line: int, operator: str = "", unit: str = "",
                  weight: str = "", plan_year: int | None = None, current: bool = True) -> dict:
    """One `indicators` row; the target is read by numbers.parse_target."""
    parsed = parse_target(target, operator=operator, unit=unit)
    return {
        "project_name": project_name,
        "scope": scope,
        "level1": level1 or None,
        "level2": level2 or None,
        "level3": level3,
        "operator": parsed.operator,
        "target_text": parsed.text,
        "target_value": parsed.value,
        "unit": parsed.unit or None,
        "weight": parse_weight(weight),
        "plan_year": plan_year,
        "current": current,
        "line": line,
    }
