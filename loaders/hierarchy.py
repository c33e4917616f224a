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
