"""Flat 绩效目标批复表: one row per indicator, the project's own columns on the same row.

Columns: [单位名称] 项目名称 项目类别 预算数 绩效目标 一级 二级 三级 性质 指标值 单位 权重.
The project cells are merged down over the project's indicator rows, and a
page break splits them: the first rows of a project may carry fragments of
its code and category with no amount, and the row with the amount (after the
break) completes them. Text extraction also drops empty cells, so a row is
read by content, not position: the operator cell (≥, =, 定性 …) anchors the
indicator (value, unit, weight after it; 三级 before it, then 二级/一级 names);
what lies left of those is the project's part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from contract.indicators import LEVEL1_NAMES, indicator_row, level1_for
from contract.numbers import normalise_operator
from reader.budget import money
from reader.cells import is_money, squash
from reader.reading import Reading, Stated
from reader.rows import Row
from reader.segment import Table

_CODE_CELL = re.compile(r"^[\dA-Z]{5,}(?:\s+[\dA-Z]{5,})*(?:-|$)")
_CODE_NAME = re.compile(r"^([\dA-Z\s]+?)\s*-(.*)$")
_CATEGORY_FRAGMENT = re.compile(r"^\d-|类$")


def is_flat(labels: list[str]) -> bool:
    """A header naming the project's columns and the indicator levels on one row."""
    text = "".join(labels)
    return "项目名称" in text and "一级指标" in text


@dataclass
class _Project:
    start: Row
    code_cells: list[str] = field(default_factory=list)
    category_cells: list[str] = field(default_factory=list)
    indicators: list[tuple[Row, list[str]]] = field(default_factory=list)
    amount: float | None = None
    amount_row: Row | None = None


def read_flat(reading: Reading, table: Table, rows: list[Row], unit: str) -> None:
    projects: list[_Project] = []
    pending: _Project | None = None
    current: _Project | None = None
    for row in rows:
        cells = row.nonempty()
        if cells and squash(cells[0]).startswith("合计"):
            _total(reading, table, row, cells, unit)
            continue
        split = _split(cells)
        if split is None:
            if len(cells) > 1:
                reading.warn(row, f"{table.kind.label}：行中找不到指标性质（≥、=、定性…），未读入")
            continue
        head, indicator = split
        if head and any(is_money(c) for c in head):
            project = pending or _Project(start=row)
            pending = None
            if _complete(reading, table, project, row, head, unit):
                projects.append(project)
                current = project
        elif head:
            if pending is not None:
                reading.warn(pending.start, f"{table.kind.label}：项目没有预算数行，其指标并入下一项目")
            pending = _fragments(row, head, pending)
        target = pending or current
        if target is None:
            reading.warn(row, f"{table.kind.label}：指标行之前没有项目，未读入")
            continue
        target.indicators.append((row, indicator))
    if pending is not None:
        reading.warn(pending.start, f"{table.kind.label}：项目缺少项目名称与预算数所在行，其指标未读入")
    for project in projects:
        _emit(reading, table, project)


def _split(cells: list[str]) -> tuple[list[str], list[str]] | None:
    """Non-empty cells -> (project cells, [一级] [二级] 三级 性质 值 单位 权重)."""
    ops = [i for i, cell in enumerate(cells) if normalise_operator(cell)]
    if not ops or ops[0] == 0 or len(cells) - ops[0] != 4:
        return None
    start = ops[0] - 1
    if _is_level_name(cells[start]):
        return None
    for _ in range(2):
        if start > 0 and _is_level_name(cells[start - 1]):
            start -= 1
    return cells[:start], cells[start:]


def _is_level_name(cell: str) -> bool:
    name = squash(cell)
    return name in LEVEL1_NAMES or level1_for(name) is not None


def _fragments(row: Row, head: list[str], pending: _Project | None) -> _Project:
    project = pending or _Project(start=row)
    for cell in head:
        if _CODE_CELL.match(cell):
            project.code_cells.append(cell)
        elif _CATEGORY_FRAGMENT.search(cell) and len(cell) <= 10:
            project.category_cells.append(cell)
        # anything else is 绩效目标 text, which the tables do not keep
    return project


def _complete(reading: Reading, table: Table, project: _Project, row: Row, head: list[str], unit: str) -> bool:
    at = next(i for i, cell in enumerate(head) if is_money(cell))
    if at < 2:
        reading.warn(row, f"{table.kind.label}：预算数左侧缺少项目名称或项目类别，该项目未读入")
        return False
    project.code_cells.append(head[at - 2])
    project.category_cells.append(head[at - 1])
    project.amount = money(reading, table, row, head[at], unit)
    project.amount_row = row
    return True


def _total(reading: Reading, table: Table, row: Row, cells: list[str], unit: str) -> None:
    amounts = [c for c in cells if is_money(c)]
    if len(amounts) == 1:
        value = money(reading, table, row, amounts[0], unit)
        if value is not None:
            reading.state("项目支出", Stated(value, row, table.kind.id, "合计"))


def _emit(reading: Reading, table: Table, project: _Project) -> None:
    code, name = project_code(" ".join(project.code_cells))
    if not name:
        reading.warn(project.amount_row, f"{table.kind.label}：读不出项目名称，该项目未读入")
        return
    row = project.amount_row
    reading.projects.append({
        "project_code": code, "project_name": name,
        "category": re.sub(r"^\d+-", "", squash("".join(project.category_cells))) or None,
        "amount_wan": project.amount, "plan_year": None, "current": True,
        "line": row.number, "page": row.page,
    })
    level1 = level2 = ""
    for at, cells in project.indicators:
        *levels, level3, operator, value, unit_cell, weight = cells
        levels = [squash(c) for c in levels]
        if len(levels) == 2:
            level1, level2 = levels
        elif len(levels) == 1:
            level2 = levels[0]
            level1 = level1_for(level2) or level1
        reading.indicators.append({
            **indicator_row(project_name=name, scope="项目", level1=level1, level2=level2,
                            level3=squash(level3), target=value, operator=operator, unit=unit_cell,
                            weight=weight if re.fullmatch(r"\d+(\.\d+)?", weight.strip()) else "",
                            line=at.number),
            "page": at.page,
        })


def project_code(text: str) -> tuple[str | None, str]:
    """'63012300 024T0000 00489-第 一书记…' (fragments of a split cell joined) -> (code, name).

    A code split over a page break repeats its middle segment; where the two copies differ
    only by a letter read as the digit 1 ("024T0000" / "02410000"), the letter is kept.
    """
    match = _CODE_NAME.match(text.strip())
    if not match:
        return None, squash(text)
    chunks = match.group(1).split()
    name = squash(match.group(2))
    if len(chunks) < 3:
        return "".join(chunks) or None, name
    middle = chunks[1:-1]
    segment = max(middle, key=lambda c: sum(ch.isalpha() for ch in c))
    if any(not _same_but_ones(c, segment) for c in middle):
        return "".join(chunks), name
    return chunks[0] + segment + chunks[-1], name


def _same_but_ones(a: str, b: str) -> bool:
    return len(a) == len(b) and all(x == y or {x, y} <= set("1TIl") for x, y in zip(a, b, strict=True))
