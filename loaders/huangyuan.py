"""湟源县 2024: one 项目支出绩效目标批复表 (project performance targets).

Layout (columns): 单位名称, 项目名称, 项目类别, 预算数(万元), 绩效目标, 一级指标,
二级指标, 三级指标, 绩效指标性质, 绩效指标值, 度量单位, 分值权重. A 合计 row states
the 项目支出 total. The extraction shifts cells left wherever leading cells are
empty, so every row is read by content, not by position:

* the operator cell (绩效指标性质) anchors the indicator: value, unit and weight
  follow it; 三级指标 precedes it, then 二级/一级 names where present (a missing
  一级 is inferred from 二级, a missing 二级 is carried forward in the project);
* the cells before those are the project header: [单位名称] 项目名称 项目类别
  预算数 绩效目标, or, without an amount, a project start whose header follows
  after a page break (merged cells split by the page). Such a pending start may
  carry fragments of the code, name and category; the next row with an amount
  completes it and the fragments are joined.

Project codes are normalised to 21 characters without spaces, e.g.
"63012300 024T0000 00489" -> "63012300024T000000489": 8-character prefix,
8-character segment, 5-digit serial. The segment's fourth character is the
letter T in every code of this document; fragments continued after a page
break read it as "1" ("02410000"), which is read back as "T". A continuation
repeats the segment, so the prefix comes from the pending fragment and the
serial from the continuation.

Damage no rule can read (a spurious header on line 18, an amount fragment on
line 71) is fixed in data/corrections.csv before parsing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.contract import ParsedDocument
from loaders.errors import SourceFormatError
from loaders.indicators import LEVEL1_NAMES, indicator_row, level1_for
from loaders.numbers import is_amount, nonempty, normalise_operator, parse_amount, split_cells
from loaders.source import SourceText

_TITLE = re.compile(r"(\d{4})年部门预算项目支出绩效目标批复表")
_DEPARTMENT = re.compile(r"^\d{6}-(\D.*)$")
_CODE_CELL = re.compile(r"^[\dT]{5,}(?:\s+[\dT]{5,})*(?:-|$)")
_CATEGORY_FRAGMENT = re.compile(r"^\d-|类$")
_CODE_NAME = re.compile(r"^([\dT\s]+?)\s*-(.*)$")
_CODE = re.compile(r"^\d{8}\d{3}T\d{4}\d{5}$")
_SPACE = re.compile(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])")


@dataclass
class _Project:
    """A project being assembled from its header row(s) and indicator rows."""

    code_cells: list[str] = field(default_factory=list)
    category_cells: list[str] = field(default_factory=list)
    indicators: list[tuple[int, list[str]]] = field(default_factory=list)
    header_line: int | None = None
    amount: float | None = None
    start_line: int = 0


def _squeeze(text: str) -> str:
    """Drop the spaces the extraction inserts inside Chinese text."""
    return _SPACE.sub("", text.strip())


def _is_level_name(cell: str) -> bool:
    name = _squeeze(cell)
    return name in LEVEL1_NAMES or level1_for(name) is not None


def _split_row(name: str, number: int, cells: list[str]) -> tuple[list[str], list[str]]:
    """Non-empty cells -> (header cells, indicator cells: [l1] [l2] l3 op value unit weight)."""
    ops = [i for i, cell in enumerate(cells) if normalise_operator(cell)]
    if not ops:
        raise SourceFormatError(name, number, "row has no 绩效指标性质 (operator) cell")
    op = ops[0]
    tail = cells[op + 1:]
    if len(tail) != 3 or not is_amount(tail[0]) or not is_amount(tail[2]):
        raise SourceFormatError(name, number, f"expected 指标值, 度量单位, 分值权重 after the operator, got {tail}")
    if op == 0 or _is_level_name(cells[op - 1]):
        raise SourceFormatError(name, number, "indicator row has no 三级指标")
    start = op - 1
    for _ in range(2):
        if start > 0 and _is_level_name(cells[start - 1]):
            start -= 1
    return cells[:start], cells[start:]


def _project_code(name: str, number: int, text: str) -> tuple[str, str]:
    """'63012300 024T0000 00489-第 一书记…' (fragments joined) -> (code, name)."""
    match = _CODE_NAME.match(text)
    if not match:
        raise SourceFormatError(name, number, f"no project code in {text!r}")
    chunks = match.group(1).split()
    if len(chunks) < 3 or not re.fullmatch(r"\d{5}", chunks[-1]):
        raise SourceFormatError(name, number, f"incomplete project code {match.group(1)!r}")
    segments = {chunk[:3] + "T" + chunk[4:] if chunk[3] == "1" else chunk for chunk in chunks[1:-1]}
    if len(segments) != 1:
        raise SourceFormatError(name, number, f"conflicting code segments {sorted(segments)}")
    code = chunks[0] + segments.pop() + chunks[-1]
    if not _CODE.match(code):
        raise SourceFormatError(name, number, f"malformed project code {code!r}")
    return code, _squeeze(match.group(2))


def _category(cells: list[str]) -> str:
    return re.sub(r"^\d+-", "", _squeeze("".join(cells)))


class _Reader:
    """Walks the table rows, grouping indicator rows under their projects."""

    def __init__(self, source: SourceText) -> None:
        self.name = source.name
        self.current: _Project | None = None
        self.pending: _Project | None = None
        self.done: list[_Project] = []
        self.departments: set[str] = set()

    def row(self, number: int, cells: list[str]) -> None:
        header, indicator = _split_row(self.name, number, cells)
        if header and any(is_amount(cell) for cell in header):
            self._header(number, header)
        elif header:
            self._start_pending(number, header)
        target = self.pending or self.current
        if target is None:
            raise SourceFormatError(self.name, number, "indicator row before any project")
        target.indicators.append((number, indicator))

    def _start_pending(self, number: int, header: list[str]) -> None:
        if self.pending is not None:
            raise SourceFormatError(self.name, number, f"project started on line {self.pending.start_line} "
                                    "has no header row yet")
        pending = _Project(start_line=number)
        for cell in header:
            if _CODE_CELL.match(cell):
                pending.code_cells.append(cell)
            elif _CATEGORY_FRAGMENT.search(cell) and len(cell) <= 10:
                pending.category_cells.append(cell)
            # anything else is 绩效目标 text, which the tables do not keep
        self.pending = pending

    def _header(self, number: int, header: list[str]) -> None:
        at = next(i for i, cell in enumerate(header) if is_amount(cell))
        if at not in (2, 3) or len(header) - at > 2:
            raise SourceFormatError(self.name, number, f"unexpected project header cells {header}")
        if at == 3:
            match = _DEPARTMENT.match(header[0])
            if not match:
                raise SourceFormatError(self.name, number, f"expected 单位名称, got {header[0]!r}")
            self.departments.add(_squeeze(match.group(1)))
        project = self.pending or _Project(start_line=number)
        self.pending = None
        project.code_cells.append(header[at - 2])
        project.category_cells.append(header[at - 1])
        project.amount = parse_amount(header[at])
        project.header_line = number
        self.done.append(project)
        self.current = project

    def finish(self, end: int) -> list[_Project]:
        if self.pending is not None:
            raise SourceFormatError(self.name, self.pending.start_line,
                                    f"project has no header row with 项目名称 and 预算数 before line {end}")
        return self.done


def _title_year(source: SourceText) -> int:
    return int(source.first_match(_TITLE, "no title 'YYYY年部门预算项目支出绩效目标批复表'").group(1))


def _total_line(source: SourceText) -> tuple[int, float]:
    header_seen = False
    for number, text in source.numbered():
        cells = nonempty(split_cells(text))
        if cells[:2] == ["单位名称", "项目名称"] and "分值权重" in cells:
            header_seen = True
        elif header_seen and cells and cells[0].startswith("合计"):
            amounts = [cell for cell in cells if is_amount(cell)]
            if len(amounts) != 1:
                raise SourceFormatError(source.name, number, "合计 row should state one amount")
            return number, parse_amount(amounts[0])
    where = "no 合计 row after the column header" if header_seen else "no column header (单位名称…分值权重)"
    raise SourceFormatError(source.name, 0, where)


def _indicator_rows(name: str, project_name: str, project: _Project) -> list[dict]:
    rows = []
    level1 = level2 = ""
    for number, cells in project.indicators:
        *levels, level3, operator, value, unit, weight = cells
        levels = [_squeeze(cell) for cell in levels]
        if len(levels) == 2:
            level1, level2 = levels
        elif len(levels) == 1:
            if levels[0] in LEVEL1_NAMES:
                raise SourceFormatError(name, number, "一级指标 without 二级指标")
            level2 = levels[0]
            level1 = level1_for(level2) or level1
        if not level2:
            raise SourceFormatError(name, number, "no 二级指标 to carry forward")
        rows.append(indicator_row(
            project_name=project_name, scope="项目", level1=level1, level2=level2,
            level3=_squeeze(level3), target=value, operator=operator, unit=unit,
            weight=weight, line=number,
        ))
    return rows


def parse(source: SourceText) -> ParsedDocument:
    year = _title_year(source)
    total_at, total = _total_line(source)
    reader = _Reader(source)
    for number, text in source.numbered():
        cells = nonempty(split_cells(text))
        if number > total_at and cells:
            reader.row(number, cells)
    projects = reader.finish(len(source.lines))
    if not projects:
        raise SourceFormatError(source.name, total_at, "no project rows after the 合计 row")
    if len(reader.departments) != 1:
        raise SourceFormatError(source.name, 0, f"expected one 单位名称, found {sorted(reader.departments)}")
    doc = ParsedDocument(department=reader.departments.pop(), year=year)
    doc.summary.append({"metric": "项目支出", "amount_wan": total, "line": total_at})
    seen: dict[str, int] = {}
    for project in projects:
        code, name = _project_code(source.name, project.header_line, " ".join(project.code_cells))
        if code in seen:
            raise SourceFormatError(source.name, project.header_line,
                                    f"project {code} already listed on line {seen[code]}")
        seen[code] = project.header_line
        doc.projects.append({
            "project_code": code, "project_name": name,
            "category": _category(project.category_cells), "amount_wan": project.amount,
            "plan_year": None, "current": True, "line": project.header_line,
        })
        doc.indicators.extend(_indicator_rows(source.name, name, project))
    doc.indicators.sort(key=lambda row: row["line"])
    return doc
