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
    header_at = next((i for i, row in enumerate(table.rows) if _is_indicator_header(row)), None)
    department_wide = table.kind.id == "dept_targets"
    head = table.rows if header_at is None else table.rows[:header_at]
    name, amount, amount_row = _head(reading, table, head, unit)
    if department_wide:
        name = DEPARTMENT_WIDE
    elif not name:
        match = _TITLE_NAME.match(squash(table.title.nonempty()[0]))
        name = match.group("name") if match and len(match.group("name")) > 1 else None
    if header_at is None:
        if any(is_money(c) or len(row.nonempty()) >= 4 for row in table.rows for c in row.cells):
            reading.warn(table.title, f"{table.kind.label}：找不到指标表头（一级/二级/三级指标、指标值），表内数据未读入")
        return
    if not department_wide and name and "一级项目" in table.title.text:
        # 一级项目 (a programme over several projects): kept apart so money is not counted twice
        if amount is not None:
            reading.programs.append({"program_name": name, "category": None, "amount_wan": amount,
                                     "line": (amount_row or table.title).number,
                                     "page": (amount_row or table.title).page})
    elif not department_wide and name:
        reading.projects.append({
            "project_code": None, "project_name": name, "category": None, "amount_wan": amount,
            "plan_year": None, "current": True,
            "line": (amount_row or table.title).number, "page": (amount_row or table.title).page,
            "_from_targets": True,
        })
    scope = "部门整体" if department_wide else ("一级项目" if "一级项目" in table.title.text else "项目")
    _indicators(reading, table, table.rows[header_at], table.rows[header_at + 1:], name or table.kind.label, scope)


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
