"""Reading one cell: amounts (exact, as Decimal), units, codes."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

ZERO_MARKS = ("", "-", "—", "--", "－", "/", "——", "–")
_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
# The unit must end there: "编制单位：元氏县财政局" names a county, not a unit.
_UNIT_LINE = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元|千元|亿元)(?![\u4e00-\u9fff])")
_UNIT_IN_LABEL = re.compile(r"[（(]\s*(万元|元|千元|亿元)\s*[)）]")
TO_WAN = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}


def parse_money(cell: str) -> Decimal | None:
    """'1,933.57' -> Decimal('1933.57'); blank or a dash (zero in these tables) -> None.

    Raises ValueError for anything else, so text is never read as a number.
    """
    text = cell.strip().replace(" ", "").replace("\u3000", "")
    if text in ZERO_MARKS:
        return None
    text = text.removesuffix("元").removesuffix("万")
    if text.startswith(("(", "（")) and text.endswith((")", "）")):  # accounting negative
        text = "-" + text[1:-1]
    if not _AMOUNT.match(text):
        raise ValueError(f"not an amount: {cell!r}")
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only numbers
        raise ValueError(f"not an amount: {cell!r}") from exc


def is_money(cell: str) -> bool:
    try:
        return parse_money(cell) is not None
    except ValueError:
        return False


def to_wan(value: Decimal | None, unit: str) -> float | None:
    """An amount in the table's unit -> 万元 (float), exact to the stated digits."""
    if value is None:
        return None
    return float(value * TO_WAN[unit])


def unit_in(text: str) -> str | None:
    """'单位：元' / '金额单位:万元' / '预算数（万元）' -> the unit, else None."""
    match = _UNIT_LINE.search(text) or _UNIT_IN_LABEL.search(text)
    return match.group(1) if match else None


_WHITESPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Text without any whitespace (PDF extraction puts spaces inside Chinese words)."""
    return _WHITESPACE.sub("", text)


def indent(value: object) -> int:
    """Leading spaces of a text cell (a full-width space counts two): how far a name is indented."""
    if not isinstance(value, str):
        return 0
    stripped = value.lstrip(" \u3000\t")
    lead = value[: len(value) - len(stripped)]
    return lead.count(" ") + 2 * lead.count("\u3000") + 4 * lead.count("\t")
