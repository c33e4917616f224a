"""Performance-target tables (绩效目标表): indicators and the project each belongs to.

Layout read: an optional head block of label/value cells (项目名称, 预算数 /
资金总额 / 当年预算, 年度目标 …) then a header row naming 一级/二级/三级指标,
指标值 and, where the document has them, 指标性质 (operator), 度量单位 and
权重; 一级/二级 cells merged down their group are carried to the rows below.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from contract.indicators import LEVEL1_NAMES, indicator_row, level1_for
from contract.tables import DEPARTMENT_WIDE
from reader import flat_targets
from reader.budget import income_source, money, padded
from reader.cells import is_money, squash
from reader.columns import find_column
from reader.reading import Reading, Stated
from reader.rows import Row
from reader.segment import Table

_NAME_LABELS = ("项目名称", "专项资金名称", "项目(资金)名称", "资金名称")
_AMOUNT_LABELS = ("当年预算", "预算数", "资金总额", "年度资金总额", "项目资金", "预算金额", "本年预算", "部门支出预算数")
_CATEGORY_LABELS = ("项目分类", "项目类型", "项目类别")
_TITLE_CATEGORIES = ("重点专项资金", "一般性项目")  # "2023年重点专项资金绩效目标表（一级项目）"
_CODE_PREFIX = re.compile(r"^([0-9A-Za-z]{6,})[-－—_]")
# "2022 工作计划" in the 指标值确定依据 column: the table is a plan for that year
_PLAN_YEAR = re.compile(r"(20\d{2})\s*年?\s*(?:度)?\s*工作计划")
_TITLE_NAME = re.compile(r"^(?:\d+[、.．]|[（(]?[一二三四五六七八九十]+[）)、])?(?P<name>.+?)(?:项目支出)?绩效目标(?:申报|批复)?表")


# one project of a table: (head rows, indicator header, indicator rows)
_Block = tuple[list[Row], Row | None, list[Row]]


def read_targets(reading: Reading, table: Table, unit: str) -> None:
    """One table may hold several projects (a workbook sheet often does): each head block
    naming a project starts the next one, each indicator header its indicator rows."""
    scope = _scope(table)
    title_name = _title_name(table)
    blocks = _blocks(table.rows)
    first = next((h for _, h, _ in blocks if h is not None), None)
    if first is None:
        if any(len(row.nonempty()) >= 4 for row in table.rows):
            reading.warn(table.title, f"{table.kind.label}：找不到指标表头（一级/二级/三级指标、指标值），表内数据未读入")
        return
    if flat_targets.is_flat([squash(c) for c in first.cells]):
        flat_targets.read_flat(reading, table, [r for _, _, rows in blocks for r in rows], unit)
        return
    for block in blocks:
        _read_block(reading, table, unit, block, scope, title_name)


def _scope(table: Table) -> str:
    if table.kind.id == "dept_targets":
        return "部门整体"
    return "一级项目" if "一级项目" in table.title.text else "项目"


def _blocks(rows: list[Row]) -> list[_Block]:
    """The table's rows by project: a head block, then from an indicator header on its indicator
    rows, up to the next row naming a project."""
    blocks: list[_Block] = []
    head: list[Row] = []
    header: Row | None = None
    body: list[Row] = []
    for row in rows:
        if _is_indicator_header(row):
            header = header or row  # a header repeated after a page break: same block
            continue
        if header is not None and _names_project(row):
            blocks.append((head, header, body))
            head, header, body = [], None, []
        (body if header is not None else head).append(row)
    blocks.append((head, header, body))
    return blocks


def _read_block(reading: Reading, table: Table, unit: str, block: _Block, scope: str,
                title_name: str | None) -> None:
    """One project: what its head says (the 部门整体 table's also about the whole budget), then
    its indicators."""
    head_rows, header, body = block
    department_wide = scope == "部门整体"
    if department_wide:
        _department_budget(reading, table, head_rows, unit)
    head = _head(reading, table, head_rows, unit)
    head.name = DEPARTMENT_WIDE if department_wide else (head.name or title_name)
    if header is None:
        return
    plan_year = _plan_year(header, body)
    _project(reading, table, scope, head, plan_year)
    _indicators(reading, table, header, body, head.name or table.kind.label, scope, plan_year)


def _title_name(table: Table) -> str | None:
    match = _TITLE_NAME.match(squash(table.title.nonempty()[0]))
    name = match.group("name") if match else None
    if not name or len(name) < 2 or re.fullmatch(r"(\d{4}年)?(度)?(部门|单位)?(预算)?(项目支出)?", name):
        return None
    return name


def _names_project(row: Row) -> bool:
    first = squash(row.nonempty()[0]) if row.nonempty() else ""
    return any(first.startswith(label) for label in _NAME_LABELS) and len(row.nonempty()) >= 2


def _project(reading: Reading, table: Table, scope: str, head: _Head, plan_year: int | None) -> None:
    if scope == "部门整体" or not head.name:
        return
    where = head.amount_row or table.title
    if scope == "一级项目":
        # 一级项目 (a programme over several projects): kept apart so money is not counted twice
        if head.amount is not None:
            reading.programs.append({"program_name": head.name, "category": head.category,
                                     "amount_wan": head.amount, "line": where.number, "page": where.page})
        return
    reading.projects.append({
        "project_code": head.code, "project_name": head.name, "category": head.category,
        "amount_wan": head.amount, "plan_year": plan_year, "current": True, "line": where.number,
        "page": where.page, "_from_targets": True,
    })


def _plan_year(header: Row, rows: list[Row]) -> int | None:
    """The year most 指标值确定依据 cells name as "20xx 工作计划" (a tie goes to the later year):
    a document may reprint last year's plan beside this year's."""
    column = find_column([squash(c) for c in header.cells], "确定依据", "依据")
    if column is None:
        return None
    years = Counter(int(m.group(1)) for row in rows if len(row.cells) > column
                    and (m := _PLAN_YEAR.search(row.cells[column])))
    return max(years, key=lambda y: (years[y], y)) if years else None


def _is_indicator_header(row: Row) -> bool:
    text = squash(row.text)
    return ("三级指标" in text or ("指标" in text and ("指标值" in text or "目标值" in text))) and len(row.nonempty()) >= 3


@dataclass
class _Head:
    """What the block above a project's indicator header says about the project."""

    name: str | None = None
    code: str | None = None
    category: str | None = None
    amount: float | None = None
    amount_row: Row | None = None


def _head(reading: Reading, table: Table, rows: list[Row], unit: str) -> _Head:
    head = _Head(category=_title_category(table))
    for row in rows:
        for index in range(len(row.cells)):
            _head_cell(reading, table, unit, head, row, index)
    return head


def _head_cell(reading: Reading, table: Table, unit: str, head: _Head, row: Row, index: int) -> None:
    """One cell of the head block as a label, the value the next filled cell: the project's name
    (and code), amount or category, each the first stated; an amount with no label is warned about."""
    cells = list(row.cells)
    cell = cells[index]
    label = squash(cell)
    value = next((c for c in cells[index + 1:] if c.strip()), "")
    if head.name is None and label.startswith(_NAME_LABELS) and value:
        head.name, head.code = _name_and_code(value)
    elif head.amount is None and label.startswith(_AMOUNT_LABELS) and is_money(value):
        head.amount, head.amount_row = money(reading, table, row, value, unit), row
    elif head.category is None and label in _CATEGORY_LABELS and value and not is_money(value):
        head.category = squash(value)
    elif is_money(cell) and _orphan(cells, index):
        reading.warn(row, f"{table.kind.label}：项目表头中的金额“{cell}”没有对应的栏目名，未读入")


def _name_and_code(value: str) -> tuple[str, str | None]:
    """(name, code): a project's name with the code printed before it taken off ("1234567-名称")."""
    text = squash(value)
    code = _CODE_PREFIX.match(text)
    return (text[code.end():], code.group(1)) if code else (text, None)


def _orphan(cells: list[str], index: int) -> bool:
    """An amount whose label wrapped away: nothing left of it but a unit ("(万元)")."""
    left = next((squash(c) for c in reversed(cells[:index]) if c.strip()), "")
    return not left or bool(re.fullmatch(r"[（(]?(万元|元)[）)]?", left))


# The 部门整体 table's 预算情况 block (Gansu and others): "按支出类型分" amounts on the left,
# "按来源类型分" on the right, each amount right of its label.
_BUDGET_LABELS = {"人员经费": "人员经费", "公用经费": "公用经费", "项目支出": "项目支出",
                  "收入预算合计": "收入合计", "收入合计": "收入合计", "支出预算合计": "支出合计",
                  "支出合计": "支出合计", "上年结转资金": "上年结转", "上年结转": "上年结转"}
_BUDGET_SOURCES = ("当年财政拨款", "财政拨款", "上年结转资金", "上年结转", "其他资金")


def _department_budget(reading: Reading, table: Table, rows: list[Row], unit: str) -> None:
    """Figures the 部门整体 table states about the whole budget: candidates below the budget
    tables (_METRIC_SOURCES), and income by source where the document has nothing better."""
    group = ""
    for row in rows:
        label = ""
        for cell in row.cells:
            text = squash(cell).rstrip(":：")
            if text in ("基本支出", "项目支出"):
                group = text
            if not is_money(cell):
                label = text or label
                continue
            value = money(reading, table, row, cell, unit)
            if value is None:
                continue
            metric = "基本支出" if label == "合计" and group == "基本支出" else _BUDGET_LABELS.get(label)
            if metric:
                stated(reading, metric, value, row, table.kind.id)
            if label in _BUDGET_SOURCES and (source := income_source(label)):
                reading.income.setdefault(table.kind.id, []).append(
                    {"source": source, "amount_wan": value, "line": row.number, "page": row.page})
            label = ""


def _title_category(table: Table) -> str | None:
    title = squash(table.title.text)
    return next((c for c in _TITLE_CATEGORIES if c in title), None)


def _indicators(reading: Reading, table: Table, header: Row, rows: list[Row], project: str, scope: str,
                plan_year: int | None) -> None:
    labels = [squash(c) for c in header.cells]
    col = {
        "level1": find_column(labels, "一级指标"),
        "level2": find_column(labels, "二级指标"),
        "level3": _level3_column(labels),
        "operator": find_column(labels, "指标性质", "运算符", "符号", "比较"),
        "value": find_column(labels, "指标值", "目标值"),
        "unit": find_column(labels, "度量单位", "计量单位", "单位"),
        "weight": find_column(labels, "权重", "分值"),
    }
    if col["level3"] is None or col["value"] is None:
        reading.warn(header, f"{table.kind.label}：指标表头缺少三级指标或指标值列")
        return
    width = max(i for i, label in enumerate(labels) if label) + 1  # labelled columns only
    level1 = level2 = ""
    previous: dict[str, str] | None = None
    for row in rows:
        if _is_indicator_header(row):
            continue
        get = _aligned(padded(row, max(width, len(row.cells))), col, width)
        level1 = get["level1"] or level1
        if get["level2"]:
            level2 = get["level2"]
            level1 = get["level1"] or _parent(level2, level1)
        if not get["value"]:
            continue  # a description wrapped over a page break
        if not get["level3"]:
            if previous is None or not _value_only(row, get):
                continue  # a cell extracted twice, or a fragment
            # a value under a vertically merged name cell: the row above names it
            get = {**get, "level3": previous["level3"], "unit": get["unit"] or previous["unit"],
                   "operator": get["operator"] or previous["operator"], "weight": ""}
        else:
            previous = get
        weight = get["weight"] if _is_number(get["weight"]) else ""
        reading.indicators.append({
            **indicator_row(project_name=project, scope=scope, level1=level1, level2=level2,
                            level3=get["level3"], target=get["value"], line=row.number,
                            operator=get["operator"], unit=get["unit"], weight=weight,
                            plan_year=plan_year),
            "page": row.page,
        })


def _parent(level2: str, carried: str) -> str:
    """The 一级 of a row whose merged 一级 cell is empty: the one carried down from above (the
    document's own wording, even where a standard 二级 would belong elsewhere), or for the first
    rows of a table the standard parent of its 二级."""
    return carried or level1_for(level2) or ""


def _level3_column(labels: list[str]) -> int | None:
    """三级指标, or in one-level tables the column labelled just 指标 / 指标名称."""
    for words in (("三级指标",), ("指标名称", "指标内容")):
        found = find_column(labels, *words)
        if found is not None:
            return found
    return next((i for i, label in enumerate(labels) if label.split("|")[-1] == "指标"), None)


def _aligned(cells: list[str], col: dict[str, int | None], width: int) -> dict[str, str]:
    """The row's cells by column. Extraction loses empty merged cells: a row may come shifted
    one cell left, or with its cells packed against the value column; the reading that fits
    the header best is taken (the row as read on a tie)."""
    def take(at: list[str]) -> dict[str, str]:
        return {k: (at[c].strip() if c is not None and 0 <= c < len(at) else "") for k, c in col.items()}

    candidates = [take(cells)]
    if width >= 2 and not any(c.strip() for c in cells[width - 1:]):
        candidates.append(take([""] + cells))
        filled = [c for c in cells if c.strip()]
        end = col["value"] + 1
        if len(filled) <= end:
            candidates.append(take([""] * (end - len(filled)) + filled))
    candidates = [candidates[0]] + [c for c in candidates[1:] if c["level3"]]
    return max(candidates, key=_fit)  # max keeps the first of equals


def _fit(get: dict[str, str]) -> int:
    """How well cells sit under their labels: a value, a named 三级指标, a category under 二级."""
    value = get["value"]
    score = 2 * bool(value) + bool(value and (re.search(r"\d", value) or len(value) <= 6))
    level3 = get["level3"]
    score += bool(level3) and not _is_number(level3) and not _is_category(level3)
    score -= _is_category(level3)
    score += _is_category(get["level2"]) or not get["level2"]
    score += get["level1"] in LEVEL1_NAMES or not get["level1"]
    score += _is_number(get["weight"]) or not get["weight"]
    return score


def _is_category(text: str) -> bool:
    return text in LEVEL1_NAMES or level1_for(text) is not None or text.endswith("指标") and len(text) <= 8


def _value_only(row: Row, get: dict[str, str]) -> bool:
    """Only a value (with its operator or unit) and nothing else: not a wrapped description."""
    return (len(get["value"]) <= 20
            and len(row.nonempty()) <= sum(bool(get[k]) for k in ("value", "operator", "unit", "weight")))


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(\.\d+)?", text.strip()))


def stated(reading: Reading, metric: str, value: float, row: Row, kind: str) -> None:
    reading.state(metric, Stated(value, row, kind, metric))
