"""和政县 layout: 部门整体支出绩效目标表 + 项目支出绩效目标表 (Gansu template).

The department table gives the budget by type (人员经费/公用经费/项目支出)
and by source (当年财政拨款/上年结转/其他资金); each project table gives
年度资金总额 and five-column indicator rows (label, 一级, 二级, 三级, 指标值)
with no operator or weight columns. Cells shift left where leading cells
are empty, so indicator rows are read right-anchored.
"""

from __future__ import annotations

import re

from loaders.contract import DEPARTMENT_WIDE, ParsedDocument
from loaders.errors import SourceFormatError
from loaders.indicators import indicator_row
from loaders.numbers import is_amount, nonempty, parse_amount, split_cells
from loaders.source import SourceText

_YEAR = re.compile(r"\((\d{4})年度\)")
_DEPT_TITLE = "部门整体支出绩效目标表"
_PROJECT_TITLE = "项目支出绩效目标表"
_INDICATOR_HEADER = "绩效指标"


def parse(source: SourceText) -> ParsedDocument:
    sections = _split_sections(source)
    if not sections or sections[0][0] != _DEPT_TITLE:
        raise SourceFormatError(source.name, 1, f"expected the {_DEPT_TITLE} first")
    doc = ParsedDocument(department=_department(source, sections[0]), year=_year(source))
    _parse_department(source, sections[0], doc)
    for section in sections[1:]:
        _parse_project(source, section, doc)
    if not doc.projects:
        raise SourceFormatError(source.name, len(source.lines), f"no {_PROJECT_TITLE} found (truncated?)")
    return doc


def _split_sections(source: SourceText) -> list[tuple[str, int, int]]:
    """(title, first line, last line) of each table."""
    starts = [(line.strip(), n) for n, line in source.numbered()
              if line.strip() in (_DEPT_TITLE, _PROJECT_TITLE)]
    bounds = []
    for i, (title, start) in enumerate(starts):
        end = starts[i + 1][1] - 1 if i + 1 < len(starts) else len(source.lines)
        bounds.append((title, start, end))
    return bounds


def _year(source: SourceText) -> int:
    return int(source.first_match(_YEAR, "budget year '(YYYY年度)' not found").group(1))


def _department(source: SourceText, section: tuple[str, int, int]) -> str:
    for number in range(section[1], section[2] + 1):
        cells = nonempty(split_cells(source.line(number)))
        if cells and cells[0].startswith("部门(单位)名称") and len(cells) > 1:
            return cells[1]
    raise SourceFormatError(source.name, section[1], "部门(单位)名称 not found")


def _labelled_amount(source: SourceText, start: int, end: int, label: str) -> tuple[float, int] | None:
    """The first amount to the right of a cell equal to ``label``."""
    for number in range(start, end + 1):
        cells = split_cells(source.line(number))
        for i, cell in enumerate(cells):
            if cell == label:
                for after in cells[i + 1:]:
                    if is_amount(after):
                        return parse_amount(after), number
                    if after:
                        break
    return None


_DEPT_METRICS = {
    "人员经费": "人员经费",
    "公用经费": "公用经费",
    "项目支出": "项目支出",
    "收入预算合计": "收入合计",
    "支出预算合计": "支出合计",
}


def _parse_department(source: SourceText, section: tuple[str, int, int], doc: ParsedDocument) -> None:
    _, start, end = section
    indicator_start = _find(source, start, end, _INDICATOR_HEADER)
    budget_end = indicator_start - 1
    for label, metric in _DEPT_METRICS.items():
        found = _labelled_amount(source, start, budget_end, label)
        if found is None:
            raise SourceFormatError(source.name, start, f"部门整体表: {label} not found")
        doc.summary.append({"metric": metric, "amount_wan": found[0], "line": found[1]})
    basic = _basic_total(source, start, budget_end)
    doc.summary.append({"metric": "基本支出", "amount_wan": basic[0], "line": basic[1]})
    for label, source_name in (("当年财政拨款", "财政拨款收入"), ("上年结转资金", "上年结转结余")):
        found = _labelled_amount(source, start, budget_end, label)
        if found is not None:
            doc.income.append({"source": source_name, "amount_wan": found[0], "line": found[1]})
    carried = _labelled_amount(source, start, budget_end, "上年结转资金")
    if carried is not None:
        doc.summary.append({"metric": "上年结转", "amount_wan": carried[0], "line": carried[1]})
    _parse_indicators(source, indicator_start + 1, end, DEPARTMENT_WIDE, "部门整体", doc)


def _basic_total(source: SourceText, start: int, end: int) -> tuple[float, int]:
    """基本支出 is the 合计 row of the 按支出类型分 block (left half of the table)."""
    for number in range(start, end + 1):
        cells = split_cells(source.line(number))
        if "合计" in cells:
            i = cells.index("合计")
            if i + 1 < len(cells) and is_amount(cells[i + 1]):
                return parse_amount(cells[i + 1]), number
    raise SourceFormatError(source.name, start, "部门整体表: 基本支出合计 not found")


def _find(source: SourceText, start: int, end: int, first_cell: str) -> int:
    for number in range(start, end + 1):
        cells = split_cells(source.line(number))
        if cells and cells[0] == first_cell:
            return number
    raise SourceFormatError(source.name, start, f"'{first_cell}' header not found")


def _parse_project(source: SourceText, section: tuple[str, int, int], doc: ParsedDocument) -> None:
    _, start, end = section
    name_line = _find(source, start, end, "项目名称")
    name = nonempty(split_cells(source.line(name_line)))[1]
    amount = _labelled_amount(source, start, end, "年度资金总额:")
    if amount is None:
        raise SourceFormatError(source.name, start, f"{name}: 年度资金总额 not found")
    doc.projects.append({
        "project_code": None, "project_name": name, "category": None,
        "amount_wan": amount[0], "plan_year": None, "current": True, "line": name_line,
    })
    header = _find(source, start, end, _INDICATOR_HEADER)
    _parse_indicators(source, header + 1, end, name, "项目", doc)


def _parse_indicators(source: SourceText, start: int, end: int, project: str, scope: str,
                      doc: ParsedDocument) -> None:
    """Right-anchored rows: [..., 一级, 二级, 三级, 指标值]; missing levels carry forward."""
    level1 = level2 = ""
    for number in range(start, end + 1):
        cells = nonempty(split_cells(source.line(number)))
        if len(cells) < 2 or cells[0] in (_PROJECT_TITLE, _DEPT_TITLE):
            continue
        target, level3 = cells[-1], cells[-2]
        levels = cells[:-2]
        if len(levels) >= 2:
            level1, level2 = levels[-2], levels[-1]
        elif len(levels) == 1:
            level2 = levels[0]
        doc.indicators.append(indicator_row(
            project_name=project, scope="部门整体" if scope == "部门整体" else "项目",
            level1=level1, level2=level2, level3=level3, target=target, line=number,
        ))
