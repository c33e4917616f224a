"""Prior-year figures stated in the explanatory text.

"基本支出575.29万元，比2022年增加169.38万元" -> 基本支出 for 2022 = 405.91.
"运行经费115.51万元，比上年140.51万元减少25万元" -> 机关运行经费 for the year before = 140.51.
"与上年持平" -> the same figure. The year a figure is for is its own column:
a prior-year row never reads as the document's year.
"""

from __future__ import annotations

import re
from decimal import Decimal

from reader.cells import squash
from reader.rows import Row

_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_METRICS = (  # most specific first: the words nearest before the figure decide
    ("三公", "三公经费合计"), ("机关运行经费", "机关运行经费"), ("运行经费", "机关运行经费"),
    ("人员经费", "人员经费"), ("公用经费", "公用经费"), ("基本支出", "基本支出"), ("项目支出", "项目支出"),
    ("收支", "收入合计"), ("收入", "收入合计"), ("支出", "支出合计"),
)
_UNIT = r"(万元|元)"
_CHANGE = re.compile(
    rf"(?P<subject>[^，。；,;]{{0,40}}?)(?P<cur>{_NUM})(?P<cur_unit>万元|元)[，,]?(?:[^，。；,;\d]{{0,12}}?)"
    rf"(?:较|比|同比|与)(?P<when>(?:20\d{{2}})年|上年|上一年|去年)?(?:度)?(?:预算(?:数)?|年初预算)?"
    rf"(?:的)?(?:(?P<stated>{_NUM})(?P<stated_unit>万元|元))?"
    rf"(?P<verb>增加|减少|增长|下降|持平|无变化)(?:(?P<delta>{_NUM})(?P<delta_unit>万元|元))?"
)
_TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001")}


def _wan(number: str, unit: str) -> Decimal:
    return Decimal(number.replace(",", "")) * _TO_WAN[unit]


def read_prior_year(rows: list[Row] | tuple[Row, ...], year: int | None) -> list[dict]:
    """Rows for the prior_year table: metric, for_year, amount_wan, basis, line, page."""
    found: dict[tuple[str, int | None], dict] = {}
    for row, text in paragraphs(rows):
        for match in _CHANGE.finditer(text):
            metric = _metric(match.group("subject"))
            if metric is None:
                continue
            current = _wan(match.group("cur"), match.group("cur_unit"))
            prior = _prior(match, current)
            if prior is None:
                continue
            for_year = _for_year(match.group("when"), year)
            key = (metric, for_year)
            if key not in found:
                found[key] = {"metric": metric, "for_year": for_year, "amount_wan": float(prior),
                              "basis": match.group(0), "line": row.number, "page": row.page}
    return list(found.values())


def paragraphs(rows: list[Row] | tuple[Row, ...]) -> list[tuple[Row, str]]:
    """Runs of one-cell rows joined (a PDF wraps a paragraph over several rows), each with
    the row it starts on."""
    out: list[tuple[Row, str]] = []
    start: Row | None = None
    parts: list[str] = []
    for row in rows:
        cells = row.nonempty()
        if len(cells) == 1 and not re.fullmatch(r"[\d,.\s]+", cells[0]):
            if start is None:
                start = row
            parts.append(squash(cells[0]))
            continue
        if start is not None:
            out.append((start, "".join(parts)))
        start, parts = None, []
    if start is not None:
        out.append((start, "".join(parts)))
    return out


def _metric(subject: str) -> str | None:
    tail = subject[-12:]
    best = None
    for word, metric in _METRICS:
        at = tail.rfind(word)
        if at >= 0 and (best is None or at > best[0]):
            best = (at, metric)
    return best[1] if best else None


def _prior(match: re.Match[str], current: Decimal) -> Decimal | None:
    verb = match.group("verb")
    if match.group("stated"):
        return _wan(match.group("stated"), match.group("stated_unit"))
    if verb in ("持平", "无变化"):
        return current
    if not match.group("delta"):
        return None
    change = _wan(match.group("delta"), match.group("delta_unit"))
    return current - change if verb in ("增加", "增长") else current + change


def _for_year(when: str | None, year: int | None) -> int | None:
    if when and when[:4].isdigit():
        return int(when[:4])
    return year - 1 if year else None
