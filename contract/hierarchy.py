"""Levels and parents of the national classification codes.

Function classes (功能分类): 3 digits = 类, 5 = 款, 7 = 项.
Economic classes (经济分类): 3 digits = 类, 5 = 款.
"""

from __future__ import annotations

_FUNCTION_LEVELS = {3: 1, 5: 2, 7: 3}
_ECONOMIC_LEVELS = {3: 1, 5: 2}


def function_level(code: str) -> int:
    try:
        return _FUNCTION_LEVELS[len(code)]
    except KeyError:
        raise ValueError(f"not a function-class code: {code!r}") from None


def economic_level(code: str) -> int:
    try:
        return _ECONOMIC_LEVELS[len(code)]
    except KeyError:
        raise ValueError(f"not an economic-class code: {code!r}") from None


def parent_code(code: str) -> str | None:
    """'2013201' -> '20132', '20132' -> '201', '201' -> None."""
    if len(code) <= 3:
        return None
    return code[:-2]


def is_class_code(cell: str) -> bool:
    return cell.isdigit() and len(cell) in (3, 5, 7)


# The 类 of the national 政府收支分类科目 (支出功能分类), by code, with the names earlier years used:
# a table that names a 类 without its code (泉州 2026 收支预算总表 "四、公共安全支出") is placed by it.
FUNCTION_CLASSES: dict[str, tuple[str, ...]] = {
    "201": ("一般公共服务支出",), "202": ("外交支出",), "203": ("国防支出",), "204": ("公共安全支出",),
    "205": ("教育支出",), "206": ("科学技术支出",),
    "207": ("文化旅游体育与传媒支出", "文化体育与传媒支出"),
    "208": ("社会保障和就业支出",), "209": ("社会保险基金支出",),
    "210": ("卫生健康支出", "医疗卫生与计划生育支出", "医疗卫生支出"),
    "211": ("节能环保支出",), "212": ("城乡社区支出",), "213": ("农林水支出",), "214": ("交通运输支出",),
    "215": ("资源勘探工业信息等支出", "资源勘探信息等支出"), "216": ("商业服务业等支出",), "217": ("金融支出",),
    "219": ("援助其他地区支出",), "220": ("自然资源海洋气象等支出", "国土海洋气象等支出"),
    "221": ("住房保障支出",), "222": ("粮油物资储备支出",), "223": ("国有资本经营预算支出",),
    "224": ("灾害防治及应急管理支出",), "227": ("预备费",), "229": ("其他支出",), "230": ("转移性支出",),
    "231": ("债务还本支出",), "232": ("债务付息支出",), "233": ("债务发行费用支出",),
    "234": ("抗疫特别国债安排的支出",),
}
_CLASS_BY_NAME = {name: code for code, names in FUNCTION_CLASSES.items() for name in names}


def function_class_code(name: str) -> str | None:
    """The 类 code of a function class named without its code ("公共安全支出" -> "204")."""
    return _CLASS_BY_NAME.get(name)
