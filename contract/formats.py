"""Numbers as officials write them, in one place: every table, chart, hover, page text and read
report writes its figures through these functions.

- 万元 with two decimals and thousands separators: 9,628.22 (never 9628.2213 or 6.2 beside 6.20);
- 元 whole, with separators: 96,282,213 (a 万元 figure with two decimals is a whole number of 元);
- scores (0–100) with one decimal: 96.8; shares with two decimals and a % sign: 3.48%;
- axis ticks as amounts in 元, 万元 and 亿元 ("5,000万元", "1.2亿元"), never Plotly's "10k"/"200k".

Plotly and Streamlit format in the browser: ``d3_format`` and ``printf_format`` are the same rules
in their notations (d3 for Plotly's hovers, texttemplates and tick formats; printf for Streamlit's
NumberColumn), so a number reads the same on a chart, in its hover and in the table beneath.
"""

from __future__ import annotations

import math

NOT_DISCLOSED = "未公开"  # content.labels' wording for a figure the document does not state
UNIT_DECIMALS = {"万元": 2, "元": 0}
SCORE_DECIMALS = 1
SHARE_DECIMALS = 2  # % of a total (占比)
YUAN_PER_UNIT = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
# The words a tick label is written in, largest first: 1.2亿元, 5,000万元, 800元.
_MAGNITUDES = ((100_000_000, "亿元"), (10_000, "万元"), (1, "元"))


def decimals(unit: str) -> int:
    """Decimals an amount in ``unit`` is written with (万元: 2, 元: 0; a share or other unit: 2)."""
    return UNIT_DECIMALS.get(unit, SHARE_DECIMALS)


def amount(value: float | None, unit: str = "万元", sign: bool = False) -> str:
    """An amount in ``unit`` as officials write it: '9,628.22' (万元), '96,282,213' (元).

    ``sign``: a change, '+1,234.50' / '-3.00'. None: 未公开 (the document does not state it)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_DISCLOSED
    places = decimals(unit)
    text = f"{value:{'+' if sign else ''},.{places}f}"
    return _no_negative_zero(text)


def amount_with_unit(value: float | None, unit: str = "万元", sign: bool = False) -> str:
    """'9,628.22 万元', '96,282,213 元'; None: 未公开 (no unit after it)."""
    text = amount(value, unit, sign)
    return text if text == NOT_DISCLOSED else f"{text} {unit}"


def score(value: float | None) -> str:
    """A score out of 100 with one decimal: '96.8'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_DISCLOSED
    return _no_negative_zero(f"{value:.{SCORE_DECIMALS}f}")


def share(value: float | None, places: int = SHARE_DECIMALS) -> str:
    """A percentage with its sign: '3.48%'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return NOT_DISCLOSED
    return _no_negative_zero(f"{value:,.{places}f}") + "%"


def value_in(value: float | None, unit: str) -> str:
    """A chart's value label in its unit: an amount (万元/元), or a share when ``unit`` is '%'."""
    return share(value) if unit == "%" else amount(value, unit)


def d3_format(unit: str) -> str:
    """The same rule for Plotly (hovertemplate ``%{y:,.2f}``, texttemplate, hoverformat)."""
    return f",.{decimals(unit)}f"


def printf_format(unit: str) -> str:
    """The same rule for Streamlit's NumberColumn (sprintf-js with ',' for thousands)."""
    return f"%,.{decimals(unit)}f"


SCORE_D3 = f".{SCORE_DECIMALS}f"
SCORE_PRINTF = f"%.{SCORE_DECIMALS}f"


def _no_negative_zero(text: str) -> str:
    """'-0.00' -> '0.00' (a rounding artefact, not a fall)."""
    return text[1:] if text.startswith("-") and not any(c in "123456789" for c in text) else text


def _trimmed(value: float) -> str:
    """A tick's number with separators and no trailing zeros: 1.2, 5,000, 0.25."""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return _no_negative_zero(text)


def tick_label(value: float, unit: str) -> str:
    """An axis tick as an amount in words officials use: a 万元 axis reads 0, 5,000元, 1万元,
    5,000万元, 1.2亿元; a 元 axis 0, 800元, 20万元, 1亿元; a share axis 20%."""
    if unit == "%":
        return f"{_trimmed(value)}%"
    if value == 0:
        return "0"
    yuan = value * YUAN_PER_UNIT.get(unit, 1)
    for size, word in _MAGNITUDES:
        if abs(yuan) >= size or size == 1:
            return f"{_trimmed(yuan / size)}{word}"
    raise AssertionError("unreachable")


def nice_step(span: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) giving about ``ticks`` intervals over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw - 1e-12)


def tick_values(low: float, high: float, ticks: int = 5) -> list[float]:
    """Round tick values from ≤ ``low`` (0 when low ≥ 0) up to ``high`` (not beyond it)."""
    low = min(low, 0.0)
    step = nice_step(high - low, ticks)
    start = math.floor(low / step + 1e-9) * step
    out, value = [], start
    while value <= high + step * 1e-9:
        out.append(round(value, 10))
        value += step
    return out
