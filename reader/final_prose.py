"""A 决算's budget comparison in its 情况说明 text: 年初预算 / 全年预算 against 决算, by function class.

The national 决算 template prints no budget column in its 一般公共预算财政拨款支出决算表; the
comparison is the text's "（三）一般公共预算财政拨款支出决算具体情况": a sentence for the whole
("一般公共预算财政拨款支出年初预算为2993.92万元，支出决算为2940.05万元") and one numbered item per
项 ("1、一般公共服务支出（类）财政事务（款）行政运行（项）。…年初预算为1560.05万元，支出决算为1511.89万元").
Lines are wrapped anywhere ("年" / "初预算为"), so the section is read as one text. An item names
its class by 类, 款 and 项 names; it is placed on the function row whose names are those three
(never by a near name: a text naming another 款 than the table places nothing). Each item's 决算
figure is checked against the row's 合计, so a text that quotes the table wrongly fails as a check.
"""

from __future__ import annotations

import re

from contract.checks import Check, make_check
from reader.cells import squash
from reader.rows import Row

_SECTION = re.compile(r"一般公共预算财政拨款支出决算具体情况")
_NEXT_SECTION = re.compile(r"^(?:[一二三四五六七八九十]+、|（[四五六七八九十]）)")
_ITEM = re.compile(r"(?:^|(?<=[。；：:]))(\d{1,2})[、.．]")
# names may hold brackets of their own ("政府办公厅（室）及相关机构事务（款）")
_CLASS = re.compile(r"(?P<lei>[^。，；：]{2,40}?)（类）(?P<kuan>[^。，；：]{2,40}?)（款）(?P<xiang>[^。，；：]{2,40}?)（项）")
_AMOUNT = r"(\d[\d,]*(?:\.\d+)?)万元"
_BASES = (
    ("budget_wan", re.compile(rf"年初预算(?:数)?为{_AMOUNT}")),
    ("adjusted_budget_wan", re.compile(rf"(?:全年|调整后?)预算(?:数)?为{_AMOUNT}")),
)
_ACTUAL = re.compile(rf"(?:支出)?决算(?:数)?为{_AMOUNT}")
TOTAL_METRIC = "一般公共预算财政拨款支出"


def read_execution(rows: tuple[Row, ...] | list[Row], summary: list[dict], function: list[dict]) -> list[Check]:
    """Set budget_wan / adjusted_budget_wan on the summary's 一般公共预算财政拨款支出 and on the function
    rows the text's items name; the checks of each item's 决算 against the row (rows without
    county_id/year, as document._frames gathers them)."""
    text, lines = _section(rows)
    if not text:
        return []
    items = list(_ITEM.finditer(text))
    head = text[:items[0].start()] if items else text
    checks = []
    total = next((r for r in summary if r["metric"] == TOTAL_METRIC), None)
    if total is not None:
        checks += _place(total, head, _line_at(lines, 0), f"{TOTAL_METRIC}决算", "amount_wan", TOTAL_METRIC)
    paths = _name_paths(function)
    for index, item in enumerate(items):
        end = items[index + 1].start() if index + 1 < len(items) else len(text)
        body = text[item.end():end]
        named = _CLASS.search(body)
        if named is None:
            continue
        row = paths.get(tuple(squash(named.group(k)) for k in ("lei", "kuan", "xiang")))
        if row is not None:
            checks += _place(row, body, _line_at(lines, item.start()),
                             f"功能分类 {row['code']} {row['name']} 决算", "total_wan")
    return checks


def _section(rows) -> tuple[str, list[tuple[int, int]]]:
    """The section's text joined, and (offset, line) where each source line starts in it; the last
    such section (a 目录 lists only its heading)."""
    start = None
    for index, row in enumerate(rows):
        if _SECTION.search(squash(row.text)):
            start = index
    if start is None:
        return "", []
    text, lines = "", []
    for row in rows[start + 1:]:
        line = squash(row.text)
        if _NEXT_SECTION.match(line):
            break
        lines.append((len(text), row.number))
        text += line
    return text, lines


def _line_at(lines: list[tuple[int, int]], offset: int) -> int | None:
    return next((number for start, number in reversed(lines) if start <= offset), None)


def _place(row: dict, text: str, line: int | None, label: str, column: str,
           metric: str | None = None) -> list[Check]:
    """The text's budget figures on ``row``; a check of the text's 决算 against the row's figure
    (``metric``: the summary metric ``row`` is, where it is one)."""
    for field, pattern in _BASES:
        match = pattern.search(text)
        if match:
            row[field] = float(match.group(1).replace(",", ""))
    actual = _ACTUAL.search(text)
    if actual is None or row.get(column) is None:
        return []
    return [make_check(f"{label}：表 = 说明文字", row[column], float(actual.group(1).replace(",", "")),
                       row["line"], [line] if line is not None else [], metric)]


def _name_paths(function: list[dict]) -> dict[tuple[str, str, str], dict]:
    """(类 name, 款 name, 项 name) -> the 项 row; a path two rows share places nothing."""
    by_code = {r["code"]: r for r in function}
    paths: dict[tuple[str, str, str], dict] = {}
    shared = set()
    for row in function:
        kuan = by_code.get(row.get("parent_code") or "")
        lei = by_code.get(kuan.get("parent_code") or "") if kuan else None
        if row["level"] != 3 or kuan is None or lei is None:
            continue
        path = (squash(lei["name"]), squash(kuan["name"]), squash(row["name"]))
        if path in paths:
            shared.add(path)
        paths[path] = row
    return {path: row for path, row in paths.items() if path not in shared}


# "七、财政拨款“三公”经费支出决算情况说明": the text's 三公 total against its budget
_SANGONG_SECTION = re.compile(r"三公.{0,3}经费.*决算.*(?:情况说明|总体情况)")
_SANGONG_BUDGET = re.compile(rf"(年初|全年|调整后?)预算(?:数)?为{_AMOUNT}")


def sangong_checks(rows: tuple[Row, ...] | list[Row], summary: list[dict]) -> list[Check]:
    """The 三公 section's first sentence ("“三公”经费财政拨款支出年初预算为2.85万元，支出决算为0.39万元")
    against the 三公 table: its 决算 and its 年初 (or 全年) 预算 (rows without county_id/year)."""
    total = next((r for r in summary if r["metric"] == "三公经费合计"), None)
    starts = [i for i, row in enumerate(rows) if _SANGONG_SECTION.search(squash(row.text))]
    if total is None:
        return []
    for start in reversed(starts):  # the last heading whose section states both (a 目录 lists the heading only)
        text, lines = _section_text(rows, start)
        budget = _SANGONG_BUDGET.search(text)
        actual = _ACTUAL.search(text, budget.end()) if budget else None
        if budget and actual:
            break
    else:
        return []
    column = "budget_wan" if budget.group(1) == "年初" else "adjusted_budget_wan"
    out = []
    for label, stated, match in (("决算", total["amount_wan"], actual),
                                 (f"{budget.group(1)}预算数", total.get(column), budget)):
        if stated is None:
            continue
        out.append(make_check(f"三公经费合计{label}：表 = 说明文字", stated,
                              float(match.group(match.lastindex).replace(",", "")), total["line"],
                              [n] if (n := _line_at(lines, match.start())) is not None else [], "三公经费合计"))
    return out


def _section_text(rows, start: int) -> tuple[str, list[tuple[int, int]]]:
    """The text from ``rows[start]`` to the next heading, joined, with where each line starts in it."""
    text, lines = "", []
    for index, row in enumerate(rows[start:]):
        line = squash(row.text)
        if index and _NEXT_SECTION.match(line):
            break
        lines.append((len(text), row.number))
        text += line
    return text, lines
