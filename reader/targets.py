"""Performance-target tables (绩效目标表): indicators and the project each belongs to.

Layout read: an optional head block of label/value cells (项目名称, 预算数 /
资金总额 / 当年预算, 年度目标 …) then a header row naming 一级/二级/三级指标,
指标值 and, where the document has them, 指标性质 (operator), 度量单位 and
权重; 一级/二级 cells merged down their group are carried to the rows below.
"""

from __future__ import annotations

import re

from loaders.contract import DEPARTMENT_WIDE
from loaders.indicators import indicator_row, level1_for
from reader.budget import money, padded
from reader.cells import is_money, squash
from reader.columns import find_column
from reader.reading import Figure, Reading
from reader.rows import Row
from reader.segment import Table

_NAME_LABELS = ("项目名称", "专项资金名称", "项目(资金)名称", "资金名称")
_AMOUNT_LABELS = ("当年预算", "预算数", "资金总额", "年度资金总额", "项目资金", "预算金额", "本年预算", "部门支出预算数")
_TITLE_NAME = re.compile(r"^(?:\d+[、.．]|[（(]?[一二三四五六七八九十]+[）)、])?(?P<name>.+?)(?:项目支出)?绩效目标(?:申报|批复)?表")


def read_targets(reading: Reading, table: Table, unit: str) -> None:
    """One table may hold several projects (a workbook sheet often does): each head block
    naming a project starts the next one, each indicator header its indicator rows."""
    department_wide = table.kind.id == "dept_targets"
    scope = "部门整体" if department_wide else ("一级项目" if "一级项目" in table.title.text else "项目")
    title_name = _title_name(table)
    blocks: list[tuple[list[Row], Row | None, list[Row]]] = []  # (head rows, header, indicator rows)
    head: list[Row] = []
    header: Row | None = None
    body: list[Row] = []
    for row in table.rows:
        if _is_indicator_header(row):
            if header is not None:
                body = body  # a header repeated after a page break: same block
            header = header or row
            continue
        if header is not None and _names_project(row):
            blocks.append((head, header, body))
            head, header, body = [], None, []
        (body if header is not None else head).append(row)
    blocks.append((head, header, body))
    if all(h is None for _, h, _ in blocks):
        if any(len(row.nonempty()) >= 4 for row in table.rows):
            reading.warn(table.title, f"{table.kind.label}：找不到指标表头（一级/二级/三级指标、指标值），表内数据未读入")
        return
    for head, header, body in blocks:
        name, amount, amount_row = _head(reading, table, head, unit)
        if department_wide:
            name = DEPARTMENT_WIDE
        name = name or title_name
        if header is None:
            continue
        _project(reading, table, scope, name, amount, amount_row)
        _indicators(reading, table, header, body, name or table.kind.label, scope)


def _title_name(table: Table) -> str | None:
    match = _TITLE_NAME.match(squash(table.title.nonempty()[0]))
    name = match.group("name") if match else None
    if not name or len(name) < 2 or re.fullmatch(r"(\d{4}年)?(度)?(部门|单位)?(预算)?(项目支出)?", name):
        return None
    return name


def _names_project(row: Row) -> bool:
    first = squash(row.nonempty()[0]) if row.nonempty() else ""
    return any(first.startswith(label) for label in _NAME_LABELS) and len(row.nonempty()) >= 2


def _project(reading: Reading, table: Table, scope: str, name: str | None, amount: float | None,
             amount_row: Row | None) -> None:
    if scope == "部门整体" or not name:
        return
    where = amount_row or table.title
    if scope == "一级项目":
        # 一级项目 (a programme over several projects): kept apart so money is not counted twice
        if amount is not None:
            reading.programs.append({"program_name": name, "category": None, "amount_wan": amount,
                                     "line": where.number, "page": where.page})
        return
    reading.projects.append({
        "project_code": None, "project_name": name, "category": None, "amount_wan": amount,
        "plan_year": None, "current": True, "line": where.number, "page": where.page,
        "_from_targets": True,
    })


def _is_indicator_header(row: Row) -> bool:
    text = squash(row.text)
    return ("三级指标" in text or ("指标" in text and ("指标值" in text or "目标值" in text))) and len(row.nonempty()) >= 3


def _head(reading: Reading, table: Table, rows: list[Row], unit: str) -> tuple[str | None, float | None, Row | None]:
    name = amount = amount_row = None
    for row in rows:
        cells = [c for c in row.cells]
        for index, cell in enumerate(cells):
            label = squash(cell)
            value = next((c for c in cells[index + 1:] if c.strip()), "")
            if name is None and any(label.startswith(x) for x in _NAME_LABELS) and value:
                name = re.sub(r"^[0-9A-Za-z]{6,}[-－—_]", "", squash(value))
            elif amount is None and any(label.startswith(x) for x in _AMOUNT_LABELS) and is_money(value):
                amount, amount_row = money(reading, table, row, value, unit), row
    return name, amount, amount_row


def _indicators(reading: Reading, table: Table, header: Row, rows: list[Row], project: str, scope: str) -> None:
    labels = [squash(c) for c in header.cells]
    col = {
        "level1": find_column(labels, "一级指标"),
        "level2": find_column(labels, "二级指标"),
        "level3": find_column(labels, "三级指标") if find_column(labels, "三级指标") is not None
        else find_column(labels, "指标名称", "指标内容", "指标"),
        "operator": find_column(labels, "指标性质", "运算符", "符号", "比较"),
        "value": find_column(labels, "指标值", "目标值"),
        "unit": find_column(labels, "度量单位", "计量单位", "单位"),
        "weight": find_column(labels, "权重", "分值"),
    }
    if col["level3"] is None or col["value"] is None:
        reading.warn(header, f"{table.kind.label}：指标表头缺少三级指标或指标值列")
        return
    level1 = level2 = ""
    for row in rows:
        cells = padded(row, max(len(labels), len(row.cells)))
        if _is_indicator_header(row):
            continue
        get = {k: (cells[c].strip() if c is not None else "") for k, c in col.items()}
        level1 = get["level1"] or level1
        if get["level2"]:
            level2 = get["level2"]
            level1 = get["level1"] or level1_for(level2) or level1
        if not get["level3"] or not get["value"]:
            continue
        weight = get["weight"] if _is_number(get["weight"]) else ""
        reading.indicators.append({
            **indicator_row(project_name=project, scope=scope, level1=level1, level2=level2,
                            level3=get["level3"], target=get["value"], line=row.number,
                            operator=get["operator"], unit=get["unit"], weight=weight),
            "page": row.page,
        })


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(\.\d+)?", text.strip()))


def stated(reading: Reading, metric: str, value: float, row: Row, kind: str) -> None:
    reading.state(metric, Figure(value, row, kind, metric))
