"""Shared parsing of amounts, target values, operators and units.

Every parser reads numbers through these functions so that "1,933.57",
"≥90%" and "45000元/年" mean the same thing in every layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPERATORS = ("≥", "≤", "=", ">", "<")
QUALITATIVE = "定性"
SECRET = "涉密"

_OPERATOR_ALIASES = {
    ">=": "≥",
    "<=": "≤",
    "＞": ">",
    "＜": "<",
    "＝": "=",
    "不低于": "≥",
    "不少于": "≥",
    "不高于": "≤",
    "不超过": "≤",
    "大于等于": "≥",
    "小于等于": "≤",
    "大于": ">",
    "小于": "<",
    "等于": "=",
}
_AMOUNT = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$|^-?\d+(\.\d+)?$")
_LEADING_NUMBER = re.compile(r"^(-?\d[\d,]*(?:\.\d+)?)\s*(.*)$")
# "10月1日前", "12 月底前", "2022年12月底20日前": deadlines, not quantities.
# A bare "12月" after an operator ("≤12月") is a duration, a quantity.
_DATE = re.compile(r"^(\d{4}\s*年\s*)?\d{1,2}\s*月\s*(\d{1,2}\s*[日号]|底|前|末|份|中|上旬|中旬|下旬|以前|之前)")


def normalise_operator(text: str) -> str:
    """'>=' / '不低于' / '≥' -> '≥'; '定性' stays; anything else -> ''."""
    token = text.strip()
    if token in OPERATORS or token == QUALITATIVE:
        return token
    return _OPERATOR_ALIASES.get(token, "")


@dataclass(frozen=True)
class Target:
    """A performance target as written and as read."""

    operator: str  # one of OPERATORS, "定性", or "" (none written)
    value: float | None
    unit: str
    text: str


def parse_target(text: str, operator: str = "", unit: str = "") -> Target:
    """Read a target cell such as '≥90%', '≤10 万元', '45000元/年', '较好', '涉密'.

    ``operator`` and ``unit`` come from their own columns where the layout has
    them; an operator or unit written inside ``text`` is used when the column
    is empty. A target with no leading number is qualitative: value None and,
    unless it is a 涉密 placeholder, operator 定性.
    """
    raw = text.strip()
    op = normalise_operator(operator)
    body = raw
    for alias in sorted(_OPERATOR_ALIASES, key=len, reverse=True) + list(OPERATORS):
        if body.startswith(alias):
            if not op:
                op = normalise_operator(alias)
            body = body[len(alias):].strip()
            break
    if _DATE.match(body):
        # a deadline such as "10月1日前": not a quantity, read as a qualitative target
        return Target(op or QUALITATIVE, None, unit.strip(), raw)
    match = _LEADING_NUMBER.match(body)
    if match and _AMOUNT.match(match.group(1)):
        value = float(match.group(1).replace(",", ""))
        written_unit = match.group(2).strip()
        return Target(op, value, unit.strip() or written_unit, raw)
    if raw == SECRET:
        return Target("", None, "", raw)
    if op in ("", QUALITATIVE):
        op = QUALITATIVE
    return Target(op, None, unit.strip(), raw)


