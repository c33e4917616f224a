"""Layout parser for 石柱土家族自治县 (重庆市): 中共石柱土家族自治县委组织部本级 2023 单位预算.

Source: data/raw/shizhu_2023.txt. The layout, in order:

- 单位预算情况说明 (text): 收入/支出预算 sentences, 基本/项目支出 against 2022,
  三公 and 机关运行经费 (the only place 机关运行经费 is stated).
- 财政拨款收支总表: income 一般公共预算资金 1,933.57 + 上年结转 59.29 = 收入合计.
- 一般公共预算财政拨款支出预算表 (function classes) and 基本支出预算表 (economic classes):
  科目编码⇥科目名称⇥总计⇥两列, a 合计 row first.
- 三公经费支出表: a single row of amounts under a two-row header.
- 部门收支总表 / 部门支出总表: repeat the totals; used only for extra checks. The
  部门收支总表 puts 一般公共预算资金 at 1,992.86 (the carry-over folded in), which the
  财政拨款收支总表 splits into 1,933.57 + 59.29: reported as a failing extra check.
- 部门整体绩效目标表: header only, no rows (nothing emitted).
- 一级项目 tables (重点专项资金 / 一般性项目 绩效目标表（一级项目）): -> programs and
  indicators with scope 一级项目 (no 一级/二级 columns: level3 is the 指标 cell).
- 项目支出绩效目标表, one per project: -> projects and indicators with scope 项目.

Decisions worth knowing:
- Indicator rows are read relative to their first cell: a blank or the label 绩效指标
  (a header split by a page break) is dropped; a row shifted one cell left starts
  with the value itself. 一级项目 rows with a value but no name (lines 269, 365) sit
  under a vertically merged name cell: they become their own row with the name, unit
  and operator of the row above and no weight (the weights then still add to 90).
- Project amounts come from the labelled 当年预算 cell. Line 503 carried a stray
  unlabelled "27.40" beside the wrapped "(万元)" of that label; data/corrections.csv
  blanks it (29.40 is stated twice on line 501 and equals the table's own 98 人 x
  3000 元). Any other unlabelled amount in a project header raises.
- 石柱县离退休党组织建设经费 (lines 1014-1033) lists six indicators copied from the
  驻村 project (lines 1022-1027, weights 90) before its own five (weights 90): kept as
  printed, so its weights add to 180.
- The 29 project tables add to 1,358.27, 59.30 short of 项目支出 1,417.57 (about the
  59.29 上年结转): a real gap, left to the generic check.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from loaders.contract import ParsedDocument
from loaders.errors import SourceFormatError
from loaders.hierarchy import economic_level, function_level, is_class_code, parent_code
from loaders.indicators import LEVEL1_NAMES, indicator_row
from loaders.numbers import is_amount, parse_amount, split_cells
from loaders.source import SourceText

_PROGRAM_TITLE = re.compile(r"^\d{4}年(重点专项资金|一般性项目)绩效目标表（一级项目）$")
_PROJECT_TITLE = re.compile(r"^\d{4}年项目支出绩效目标表$")
_YEAR = re.compile(r"(\d{4})\s*年单位预算情况说明")
_RULE = re.compile(r"^-+$")
_PROGRAM_CATEGORY = {"重点专项资金": "重点专项资金", "一般性项目": "一般性项目"}
_INCOME_ROWS = {
    "一般公共预算资金": "一般公共预算拨款收入",
    "政府性基金预算资金": "政府性基金预算拨款收入",
    "国有资本经营预算资金": "国有资本经营预算拨款收入",
}
_PROJECT_TEXT_LABELS = ("项目概述", "立项依据", "当年绩效目标", "")
_PROGRAM_TEXT_LABELS = ("项目概况", "立项依据", "当年绩效目标")


# ---------------------------------------------------------------- helpers


def _fail(source: SourceText, line: int, reason: str) -> SourceFormatError:
    return SourceFormatError(source.name, line, reason)


def _find(source: SourceText, start: int, test: Callable[[str], bool], what: str) -> int:
    """First line number >= start whose text passes ``test``; raise if none."""
    for number in range(start, len(source.lines) + 1):
        if test(source.line(number).strip()):
            return number
    raise _fail(source, len(source.lines), f"{what} not found after line {start} (file ends here)")


def _amount(source: SourceText, line: int, cell: str) -> float | None:
    try:
        return parse_amount(cell)
    except ValueError as exc:
        raise _fail(source, line, str(exc)) from exc


def _zero(source: SourceText, line: int, cell: str) -> float:
    value = _amount(source, line, cell)
    return 0.0 if value is None else value


def _required(source: SourceText, line: int, cell: str, what: str) -> float:
    value = _amount(source, line, cell)
    if value is None:
        raise _fail(source, line, f"{what}: amount cell is blank")
    return value


def _cell(cells: list[str], index: int) -> str:
    return cells[index] if index < len(cells) else ""


def _table_rows(source: SourceText, title: int) -> list[tuple[int, list[str]]]:
    """Tab-separated rows after a title, up to the next line of plain text."""
    rows: list[tuple[int, list[str]]] = []
    for number in range(title + 1, len(source.lines) + 1):
        text = source.line(number)
        if "\t" in text:
            rows.append((number, split_cells(text)))
        elif text.strip() and rows:
            break
    return rows


def _label_rows(source: SourceText, title: int, what: str, column: int = 0) -> dict[str, tuple[int, list[str]]]:
    rows = _table_rows(source, title)
    if not rows:
        raise _fail(source, title, f"{what}: no rows under the title")
    return {cells[column]: (number, cells) for number, cells in rows if _cell(cells, column)}


def _row(source: SourceText, rows: dict, label: str, what: str, near: int) -> tuple[int, list[str]]:
    if label not in rows:
        raise _fail(source, near, f"{what}: row {label!r} missing")
    return rows[label]


def _check(check: str, stated: float, stated_line: int, computed: float, lines: list[int]) -> dict:
    return {"check": check, "stated_wan": stated, "computed_wan": round(computed, 2),
            "stated_line": stated_line, "computed_lines": lines}


# ---------------------------------------------------------------- budget tables


def _fiscal_summary(source: SourceText, doc: ParsedDocument) -> tuple[int, float]:
    """财政拨款收支总表 -> income, 收入/支出合计, 上年结转; returns 一般公共预算资金 (line, amount)."""
    what = "财政拨款收支总表"
    title = _find(source, 1, lambda t: t.endswith(what), what)
    doc.department = source.line(title).strip().removesuffix(what)
    left = _label_rows(source, title, what, 0)
    right = _label_rows(source, title, what, 2)
    for label, income_source in _INCOME_ROWS.items():
        line, cells = _row(source, left, label, what, title)
        value = _amount(source, line, cells[1])
        if value is not None:
            doc.income.append({"source": income_source, "amount_wan": value, "line": line})
    line, cells = _row(source, left, "二、上年结转", what, title)
    carry = _required(source, line, cells[1], "上年结转")
    doc.income.append({"source": "上年结转结余", "amount_wan": carry, "line": line})
    doc.summary.append({"metric": "上年结转", "amount_wan": carry, "line": line})
    line, cells = _row(source, left, "收入合计", what, title)
    doc.summary.append({"metric": "收入合计", "amount_wan": _required(source, line, cells[1], "收入合计"),
                        "line": line})
    line, cells = _row(source, right, "支出合计", what, title)
    doc.summary.append({"metric": "支出合计", "amount_wan": _required(source, line, cells[3], "支出合计"),
                        "line": line})
    line, cells = left["一般公共预算资金"]
    return line, _zero(source, line, cells[1])


def _class_table(source: SourceText, suffix: str, level_of: Callable[[str], int],
                 columns: tuple[str, str]) -> tuple[tuple[int, list[float]], list[dict]]:
    """A 科目编码⇥科目名称⇥总计⇥a⇥b table -> (合计 line and amounts, class rows)."""
    title = _find(source, 1, lambda t: t.endswith(suffix), suffix)
    total: tuple[int, list[float]] | None = None
    rows: list[dict] = []
    for number, cells in _table_rows(source, title):
        code = cells[0]
        if code == "合计":
            total = (number, [_zero(source, number, _cell(cells, i)) for i in (2, 3, 4)])
        elif is_class_code(code):
            amounts = [_zero(source, number, _cell(cells, i)) for i in (2, 3, 4)]
            rows.append({"code": code, "name": cells[1], "level": level_of(code),
                         "parent_code": parent_code(code), "total_wan": amounts[0],
                         columns[0]: amounts[1], columns[1]: amounts[2], "line": number})
        elif total is not None:
            raise _fail(source, number, f"{suffix}: row is neither a class code nor 合计")
    if total is None or not rows:
        raise _fail(source, title, f"{suffix}: 合计 row or class rows missing")
    return total, rows


def _sangong(source: SourceText, doc: ParsedDocument) -> None:
    """合计⇥因公出国（境）费⇥小计⇥公务用车购置费⇥公务用车运行费⇥公务接待费, one amount row."""
    what = "“三公”经费支出表"
    title = _find(source, 1, lambda t: t.endswith(what), what)
    rows = _table_rows(source, title)
    data = [(number, cells) for number, cells in rows if is_amount(cells[0])]
    if len(data) != 1 or len(rows) < 3:
        raise _fail(source, title, f"{what}: expected two header rows and one amount row")
    header, sub = rows[1][1], rows[2][1]
    if _cell(header, 1) != "因公出国（境）费" or _cell(header, 5) != "公务接待费" \
            or _cell(sub, 3) != "公务用车购置费" or _cell(sub, 4) != "公务用车运行费":
        raise _fail(source, rows[1][0], f"{what}: header cells not where this layout has them")
    line, cells = data[0]
    values = [_zero(source, line, _cell(cells, i)) for i in range(6)]
    doc.summary.append({"metric": "三公经费合计", "amount_wan": values[0], "line": line})
    for item, value in zip(("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费"),
                           (values[1], values[3], values[4], values[5]), strict=True):
        doc.sangong.append({"item": item, "amount_wan": value, "line": line})
    doc.extra_checks.append(_check("三公表 公务用车购置费 + 运行费 = 公务用车小计", values[2], line,
                                   values[3] + values[4], [line]))


def _department_tables(source: SourceText, doc: ParsedDocument, fiscal_gpb: tuple[int, float],
                       function_total: tuple[int, list[float]]) -> None:
    """部门收支总表 and 部门支出总表 restate the totals: compare them with the first tables."""
    what = "部门收支总表"
    title = _find(source, 1, lambda t: t.endswith(what), what)
    line, cells = _row(source, _label_rows(source, title, what), "一般公共预算资金", what, title)
    doc.extra_checks.append(_check(
        "部门收支总表 一般公共预算资金 = 财政拨款收支总表 一般公共预算资金",
        _required(source, line, cells[1], what), line, fiscal_gpb[1], [fiscal_gpb[0]]))
    what = "部门支出总表"
    title = _find(source, 1, lambda t: t.endswith(what), what)
    line, cells = _row(source, _label_rows(source, title, what), "合计", what, title)
    for index, label in ((2, "总计"), (3, "基本支出"), (4, "项目支出")):
        doc.extra_checks.append(_check(
            f"部门支出总表 合计{label} = 一般公共预算财政拨款支出预算表 合计{label}",
            _zero(source, line, cells[index]), line, function_total[1][index - 2], [function_total[0]]))


# ---------------------------------------------------------------- text


_PRIOR_PATTERNS = {
    # metric: (regex, how the 2023 figure and the change are read)
    "收入合计": r"(?P<head>收入预算：\d{4} 年年初预算数 (?P<now>[\d.]+) 万元).*?(?P<clause>收入较 (?P<prior>\d{4}) 年"
               r"(?P<sign>增加|减少) (?P<change>[\d.]+) 万元)",
    "支出合计": r"(?P<head>支出预算：\d{4} 年年初预算数 (?P<now>[\d.]+) 万元).*?(?P<clause>支出预算较 (?P<prior>\d{4}) 年"
               r"(?P<sign>增加|减少) (?P<change>[\d.]+) 万元)",
    "基本支出": r"基本支出 (?P<now>[\d.]+) 万元，比 (?P<prior>\d{4}) 年(?P<sign>增加|减少) (?P<change>[\d.]+) 万元",
    "项目支出": r"项目支出 (?P<now>[\d.]+) 万元，比 (?P<prior>\d{4}) 年(?P<sign>增加|减少) (?P<change>[\d.]+)",
    "人员经费": r"人员经费(?P<sign>增加|减少) (?P<change>[\d.]+) 万元",
    "公用经费": r"公用经费(?P<sign>增加|减少) (?P<change>[\d.]+) 万元",
    "三公经费合计": r"“三公”经费预算 (?P<now>[\d.]+) 万元，比 (?P<prior>\d{4}) 年(?P<sign>增加|减少) "
                   r"(?P<change>[\d.]+) 万元",
    "机关运行经费": r"运行经费 (?P<now>[\d.]+) 万元，比上年 (?P<stated>[\d.]+) 万元",
}


def _search_text(source: SourceText, end: int, pattern: str, what: str) -> tuple[int, re.Match]:
    for number in range(1, end):
        match = re.search(pattern, source.line(number))
        if match:
            return number, match
    raise _fail(source, end, f"text: the sentence on {what} not found before the tables")


def _text(source: SourceText, doc: ParsedDocument, tables_start: int) -> None:
    """机关运行经费 (summary) and the 2022 figures the text states or implies."""
    line, match = _search_text(source, tables_start, _PRIOR_PATTERNS["机关运行经费"], "机关运行经费")
    doc.summary.append({"metric": "机关运行经费", "amount_wan": float(match["now"]), "line": line})
    current = {row["metric"]: row["amount_wan"] for row in doc.summary}
    for metric, pattern in _PRIOR_PATTERNS.items():
        line, match = _search_text(source, tables_start, pattern, metric)
        groups = match.groupdict()
        if groups.get("stated"):
            amount = float(groups["stated"])
        else:
            if groups.get("prior") and int(groups["prior"]) != doc.year - 1:
                raise _fail(source, line, f"text: {metric} compared with {groups['prior']}, not {doc.year - 1}")
            now = float(groups["now"]) if groups.get("now") else current[metric]
            change = float(groups["change"]) * (1 if groups["sign"] == "增加" else -1)
            amount = round(now - change, 2)
        basis = f"{groups['head']}，…{groups['clause']}" if groups.get("head") else match.group(0)
        doc.prior_year.append({"metric": metric, "amount_wan": amount, "basis": basis, "line": line})


# ---------------------------------------------------------------- performance tables


def _program_cells(source: SourceText, line: int, cells: list[str]) -> list[str]:
    """[name, weight, unit, operator, value], whether or not the row is shifted left."""
    body = cells[1:] if cells[0] == "" else cells
    if any(body[5:]):
        raise _fail(source, line, "一级项目 indicator row has more than five cells")
    return (body + [""] * 5)[:5]


def _target_table_rows(source: SourceText, start: int, end: int):
    """(line, cells) of a 绩效目标表's tab-separated rows strictly between start and end, minus ruler rows."""
    for number in range(start + 1, end):
        text = source.line(number)
        if "\t" not in text:
            continue
        cells = split_cells(text)
        if all(_RULE.match(cell) or not cell for cell in cells):
            continue
        yield number, cells


def _program(source: SourceText, start: int, end: int, category: str, doc: ParsedDocument) -> None:
    name = amount = None
    header = False
    previous: list[str] | None = None
    found = 0
    for number, cells in _target_table_rows(source, start, end):
        if header:
            body = _program_cells(source, number, cells)
            if not body[0]:
                # a value under a merged name cell: the row above names it
                if previous is None or not body[4]:
                    raise _fail(source, number, "一级项目 indicator row has neither name nor value")
                body = [previous[0], "", body[2] or previous[2], body[3] or previous[3], body[4]]
            else:
                previous = body
            doc.indicators.append(indicator_row(
                project_name=name, scope="一级项目", level1="", level2="", level3=body[0],
                weight=body[1], unit=body[2], operator=body[3], target=body[4], line=number))
            found += 1
        elif cells[0] == "专项资金名称":
            name = cells[1]
        elif cells[0] == "当年预算":
            amount = (number, _required(source, number, cells[1], "当年预算"))
        elif "指标权重" in cells and "指标值" in cells:
            header = True
        elif cells[0] not in _PROGRAM_TEXT_LABELS:
            raise _fail(source, number, f"一级项目 table: unexpected row {cells[0]!r}")
    if not name or amount is None or not found:
        raise _fail(source, start, "一级项目 table: 专项资金名称, 当年预算 or indicator rows missing")
    doc.programs.append({"program_name": name, "category": category,
                         "amount_wan": amount[1], "line": amount[0]})


def _project_cells(source: SourceText, line: int, cells: list[str]) -> list[str]:
    """[一级, 二级, 三级, 权重, 单位, 性质, 值, 核心]; drops a blank or 绩效指标 label cell."""
    if cells[0] in ("", "绩效指标"):
        body = cells[1:]
    elif cells[0] in LEVEL1_NAMES:
        body = cells  # shifted one cell left
    else:
        raise _fail(source, line, f"项目 indicator row starts with {cells[0]!r}")
    if any(body[8:]) or len(body) < 7 or not body[2]:
        raise _fail(source, line, "项目 indicator row does not have eight cells with a 三级指标")
    return (body + [""] * 8)[:8]


def _project(source: SourceText, start: int, end: int, doc: ParsedDocument) -> None:
    code = name = category = None
    amount: tuple[int, float] | None = None
    header = False
    found = 0
    for number, cells in _target_table_rows(source, start, end):
        label = cells[0].replace(" ", "")
        if header:
            level1, level2, level3, weight, unit, operator, value, _core = \
                _project_cells(source, number, cells)
            doc.indicators.append(indicator_row(
                project_name=name, scope="项目", level1=level1, level2=level2, level3=level3,
                weight=weight, unit=unit, operator=operator, target=value, line=number))
            found += 1
        elif label == "项目名称":
            code, _, name = cells[1].partition("-")
        elif label == "预算执行率权重" and "项目分类" in cells:
            category = _cell(cells, cells.index("项目分类") + 1)
        elif label.startswith("当年预算"):
            amount = (number, _required(source, number, cells[1], "当年预算(万元)"))
        elif "三级指标" in cells:
            header = True
        elif label not in _PROJECT_TEXT_LABELS or (label == "" and _cell(cells, 1)):
            raise _fail(source, number, f"项目 table: unexpected row {cells[0]!r}⇥{_cell(cells, 1)!r}")
    if not name or amount is None or not found:
        raise _fail(source, start, "项目 table: 项目名称, 当年预算 or indicator rows missing")
    doc.projects.append({"project_code": code or None, "project_name": name,
                         "category": category or None, "amount_wan": amount[1],
                         "plan_year": None, "current": True, "line": amount[0]})


def _performance(source: SourceText, doc: ParsedDocument, after: int) -> None:
    titles: list[tuple[int, str, str | None]] = []
    for number in range(after, len(source.lines) + 1):
        text = source.line(number).strip()
        program = _PROGRAM_TITLE.match(text)
        if program:
            titles.append((number, "program", _PROGRAM_CATEGORY[program[1]]))
        elif _PROJECT_TITLE.match(text):
            titles.append((number, "project", None))
    if not any(kind == "program" for _, kind, _ in titles):
        raise _fail(source, len(source.lines), "no 一级项目 绩效目标表 found (file ends here)")
    if not any(kind == "project" for _, kind, _ in titles):
        raise _fail(source, len(source.lines), "no 项目支出绩效目标表 found (file ends here)")
    ends = [number for number, _, _ in titles[1:]] + [len(source.lines) + 1]
    for (start, kind, category), end in zip(titles, ends, strict=True):
        if kind == "program":
            _program(source, start, end, category, doc)
        else:
            _project(source, start, end, doc)
    total = next(row for row in doc.summary if row["metric"] == "项目支出")
    doc.extra_checks.append(_check(
        "一级项目当年预算之和 = 项目支出", total["amount_wan"], total["line"],
        sum(row["amount_wan"] for row in doc.programs), [row["line"] for row in doc.programs]))


# ---------------------------------------------------------------- entry point


def parse(source: SourceText) -> ParsedDocument:
    year_line, match = _search_text(source, min(len(source.lines), 20) + 1, _YEAR.pattern, "the budget year")
    doc = ParsedDocument(department="", year=int(match[1]))
    fiscal_gpb = _fiscal_summary(source, doc)
    function_total, doc.expenditure_function = _class_table(
        source, "一般公共预算财政拨款支出预算表", function_level, ("basic_wan", "project_wan"))
    line, (_, basic, project) = function_total
    doc.summary += [{"metric": "基本支出", "amount_wan": basic, "line": line},
                    {"metric": "项目支出", "amount_wan": project, "line": line}]
    (line, (_, personnel, public)), doc.expenditure_economic = _class_table(
        source, "基本支出预算表", economic_level, ("personnel_wan", "public_wan"))
    doc.summary += [{"metric": "人员经费", "amount_wan": personnel, "line": line},
                    {"metric": "公用经费", "amount_wan": public, "line": line}]
    _sangong(source, doc)
    _department_tables(source, doc, fiscal_gpb, function_total)
    tables_start = _find(source, year_line, lambda t: t.endswith("财政拨款收支总表"), "财政拨款收支总表")
    _text(source, doc, tables_start)
    running = next(row for row in doc.summary if row["metric"] == "机关运行经费")
    doc.extra_checks.append(_check("文字 机关运行经费 = 基本支出表 日常公用经费", running["amount_wan"],
                                   running["line"], public, [line]))
    _performance(source, doc, tables_start)
    return doc
