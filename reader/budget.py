"""Interpreting the numeric tables of the national set into rows and stated figures.

Columns are found by their header words (reader.columns), never by position,
so a document that adds a 序号 column, splits its codes over 类/款/项 or
orders its columns differently reads the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import combinations

from contract.hierarchy import function_class_code, parent_code
from contract.tables import INCOME_SOURCES, SANGONG_ITEMS
from reader.cells import ZERO_MARKS, is_money, parse_money, squash, to_wan
from reader.columns import (
    code_columns,
    find_column,
    find_total_column,
    is_total_label,
    name_column,
    split_embedded_code,
)
from reader.reading import CodedRows, Reading, Stated
from reader.rows import Row
from reader.segment import Table

FUNCTION_FIELDS = {"total_wan": ("合计", "总计", "小计"), "basic_wan": ("基本支出",),
                   "project_wan": ("项目支出",),
                   # 湖州 2026 表03: 基本支出 printed as 人员支出 | 公用经费 (no 小计); their 合计 row states
                   # the document's all-funds 人员经费 / 公用经费 (the rows keep only 基本/项目)
                   "personnel_wan": ("人员支出", "人员经费"), "public_wan": ("公用经费", "公用支出")}
_NOT_THIS_YEAR = re.compile(r"执行|决算|上年|增减|%|扣除|比上年|同比")
# spending outside 基本/项目 in a 支出总表 (national template; 江苏's 单位预留机动经费): summed as other_wan
OTHER_SPENDING = ("单位预留机动经费", "事业单位经营支出", "上缴上级支出", "对附属单位补助支出")
ECONOMIC_FIELDS = {"total_wan": ("合计", "总计", "小计"), "personnel_wan": ("人员经费", "人员支出"),
                   "public_wan": ("公用经费", "公用支出")}
_LEVELS = {"function": {3: 1, 5: 2, 7: 3}, "economic": {3: 1, 5: 2}}
# the fields a row keeps (a function table's 人员/公用 columns state only the document's totals)
_ROW_FIELDS = {"function": ("total_wan", "basic_wan", "project_wan", "other_wan"), "economic": tuple(ECONOMIC_FIELDS)}
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|^\([一二三四五六七八九十]+\)|^其中[:：]")


def padded(row: Row, width: int) -> list[str]:
    return list(row.cells) + [""] * (width - len(row.cells))


def money(reading: Reading, table: Table, row: Row, cell: str, unit: str) -> float | None:
    """A cell in 万元 (None for blank); a cell that is not a number is warned about and None."""
    try:
        return to_wan(parse_money(cell), unit)
    except ValueError:
        reading.warn(row, f"{table.kind.label}：无法读取金额“{cell}”，该格按空白处理")
        return None


def table_unit(reading: Reading, table: Table, fallback: str | None) -> str:
    if table.unit:
        return table.unit
    unit = fallback or "万元"
    reading.warn(table.title, f"{table.kind.label}未注明金额单位，按{unit}读取")
    return unit


# ------------------------------------------------------------------ coded tables


@dataclass
class _CodedLayout:
    """What a coded table's header says: where its codes, names and amounts stand."""

    family: str  # 'function' or 'economic'
    labels: list[str]
    codes: list[int]  # code columns (one, or 类 | 款 | 项)
    name_col: int | None
    columns: dict[str, int | None]  # field -> its amount column (None: the table has none)
    basic_from_parts: bool  # 基本支出 printed only as 人员支出 | 公用经费 (_basic_from_parts)
    first_amount: int  # the cells before it label the row
    unit_col: int | None  # a 预算单位 column (_unit_column)
    other_cols: list[int]  # OTHER_SPENDING columns
    levels: dict[float, int]  # no codes printed: indentation -> level (_indent_levels)


def _coded_layout(table: Table, family: str) -> _CodedLayout:
    labels = table.labels()
    codes = code_columns(table, labels)
    name_col = name_column(labels, codes)
    columns = _amount_columns(labels, FUNCTION_FIELDS if family == "function" else ECONOMIC_FIELDS, codes,
                              name_col)
    return _CodedLayout(
        family=family, labels=labels, codes=codes, name_col=name_col, columns=columns,
        basic_from_parts=family == "function" and _basic_from_parts(labels, columns),
        first_amount=min((c for c in columns.values() if c is not None), default=len(labels)),
        unit_col=_unit_column(labels, codes, name_col),
        other_cols=[i for i, label in enumerate(labels)
                    if any(w in label.split("|")[-1] for w in OTHER_SPENDING)] if family == "function" else [],
        levels=_indent_levels(table, name_col, family) if not codes else {},
    )


def _amount_columns(labels: list[str], fields: dict[str, tuple[str, ...]], codes: list[int],
                    name_col: int | None) -> dict[str, int | None]:
    columns = {f: (find_column(labels, *words) if f == "total_wan" else find_total_column(labels, *words))
               for f, words in fields.items()}
    if columns["total_wan"] is None:
        # the first amount column, but never last year's or a comparison (中央 2026 一般公共预算支出表:
        # 2025年执行数 | 2026年预算数 | 增减额 | 增减(%))
        columns["total_wan"] = next((i for i in range(len(labels)) if i not in codes and i != name_col
                                     and not _NOT_THIS_YEAR.search(labels[i])), None)
    return columns


def _basic_from_parts(labels: list[str], columns: dict[str, int | None]) -> bool:
    """基本支出 printed only as its parts (湖州 2026 表03: "基本支出" over 人员支出 | 公用经费, no 小计):
    the header says the two make it, so a row's 基本支出 is their sum. (The derived 基本支出 is no
    column the table prints: a table printing it is still preferred.)"""
    parts = [columns["personnel_wan"], columns["public_wan"]]
    if columns["basic_wan"] is not None or None in parts:
        return False
    # adjacent, under "基本支出" (a merged cell may span only one of them)
    return abs(parts[0] - parts[1]) == 1 and any(labels[c].startswith("基本支出|") for c in parts)


def read_coded(reading: Reading, table: Table, unit: str, family: str) -> CodedRows:
    """Rows of a 功能分类 (family 'function') or 经济分类 ('economic') table."""
    layout = _coded_layout(table, family)
    out = CodedRows(kind=table.kind.id, columns=frozenset(f for f, c in layout.columns.items() if c is not None))
    rows = _CodedRowReader(reading, table, unit, layout, out)
    width = max(len(layout.labels), 1)
    for row in table.body:
        cells = padded(row, max(width, len(row.cells)))
        values = rows.values(row, cells)
        label_cells = [c for c in cells[:layout.first_amount] if c.strip()]
        unit_row = _names_unit(layout, cells, label_cells, values)
        if unit_row and out.rows:
            # 深圳 2026 (corpus): one block of classes per 预算单位; the next unit's block repeats the codes
            reading.warn(row, f"{table.kind.label}：按预算单位分块，只读入第一块“{squash(label_cells[0])[:20]}”之前的科目")
            break
        if unit_row or _is_total_row(label_cells):
            rows.state_total(row, values, label_cells)
        else:
            rows.add(row, cells, values)
    return out


def _names_unit(layout: _CodedLayout, cells: list[str], label_cells: list[str], values: dict) -> bool:
    """A row naming a 预算单位 in its unit column, with amounts and no code: that unit's total."""
    return bool(layout.unit_col is not None and cells[layout.unit_col].strip() and not _coded(label_cells)
                and _any_amount(values))


def _is_total_row(label_cells: list[str]) -> bool:
    return any(is_total_label(c) for c in label_cells) and not _coded(label_cells)


def _any_amount(values: dict[str, float | None]) -> bool:
    return any(v is not None for v in values.values())


class _CodedRowReader:
    """The body of one coded table read row by row into ``out``: the codes read so far (split
    类/款/项 cells are completed from the rows above) and the stand-in codes' counters."""

    def __init__(self, reading: Reading, table: Table, unit: str, layout: _CodedLayout, out: CodedRows):
        self.reading, self.table, self.unit, self.layout, self.out = reading, table, unit, layout, out
        self.current = ["", "", ""]
        self.seen: set[str] = set()
        self.counters = [0, 0, 0]

    def values(self, row: Row, cells: list[str]) -> dict[str, float | None]:
        """The row's amount by field (None where blank or where the table has no such column)."""
        values = {f: (money(self.reading, self.table, row, cells[c], self.unit) if c is not None else None)
                  for f, c in self.layout.columns.items()}
        parts = ("personnel_wan", "public_wan")
        if self.layout.basic_from_parts and any(values[f] is not None for f in parts):
            values["basic_wan"] = decimal_sum([values[f] or 0.0 for f in parts])
        return values

    def state_total(self, row: Row, values: dict[str, float | None], label_cells: list[str]) -> None:
        for field, value in values.items():
            # a column the table does not have states nothing, not 0; the first 合计 is the table's
            # (a later one closes a block of one unit: 深圳人社 2026 prints one per unit)
            if self.layout.columns[field] is not None and field not in self.out.total:
                self.out.total[field] = Stated(value or 0.0, row, self.table.kind.id,
                                               squash(" ".join(label_cells)))

    def add(self, row: Row, cells: list[str], values: dict[str, float | None]) -> None:
        """One class row, unless it has no code, an unknown or a repeated one (warned about)."""
        label = self.table.kind.label
        code, name = self.code(row, cells, values)
        if not code:
            if _any_amount(values):
                self.reading.warn(row, f"{label}：无科目编码的行“{row.text[:40]}”未读入")
            return
        family = self.layout.family
        level = _LEVELS[family].get(len(code))
        if level is None or code in self.seen:
            self.reading.warn(row, f"{label}：科目编码“{code}”无法识别或重复，该行未读入")
            return
        self.seen.add(code)
        if family == "function":
            values["other_wan"] = _other_spending(self.reading, self.table, row, cells, self.layout.other_cols,
                                                  self.unit)
        self.out.rows.append({"code": code, "name": squash(name) if _no_latin(name) else name, "level": level,
                              "parent_code": parent_code(code) if level > 1 else None,
                              **self.row_amounts(values), "line": row.number, "page": row.page})

    def row_amounts(self, values: dict[str, float | None]) -> dict[str, float | None]:
        """The fields a row keeps: a blank cell in a column the table has is 0; a column it lacks
        states nothing."""
        columns = self.layout.columns
        return {f: (v or 0.0) if columns.get(f) is not None else v for f, v in values.items()
                if f in _ROW_FIELDS[self.layout.family]}

    def code(self, row: Row, cells: list[str], values: dict[str, float | None]) -> tuple[str | None, str]:
        """(code, name): from the code columns, else embedded in the name ('2010101 行政运行'), else a
        stand-in from the name's indentation (_pseudo_code)."""
        layout = self.layout
        code = _code(cells, layout.codes, self.current)
        name = cells[layout.name_col].strip() if layout.name_col is not None else ""
        if not code:
            code, name = split_embedded_code(name)
        if not code and layout.levels and name and _any_amount(values):
            code = _pseudo_code(layout.levels.get(_x(row, layout.name_col)), self.counters)
        return code, name


def _other_spending(reading: Reading, table: Table, row: Row, cells: list[str], other_cols: list[int],
                    unit: str) -> float | None:
    """The row's spending outside 基本/项目: the sum of its OTHER_SPENDING columns (blank = 0), None
    when the table has none."""
    if not other_cols:
        return None
    values = [money(reading, table, row, cells[c], unit) for c in other_cols if c < len(cells)]
    return decimal_sum([v for v in values if v is not None])


def _unit_column(labels: list[str], codes: list[int], name_col: int | None) -> int | None:
    """A 预算单位 / 单位名称 column before the codes: a row naming a unit there is that unit's total."""
    index = find_column(labels, "预算单位", "单位名称")
    if index is None or index in codes or index == name_col or (codes and index > min(codes)):
        return None
    return index


_INDENT_TOLERANCE = 1.5  # points (PDF) or spaces (text, Excel; a level is 2 or more) within one step


def _x(row: Row, column: int | None) -> float | None:
    if column is None or row.x is None or column >= len(row.x):
        return None
    return row.x[column]


def _indent_levels(table: Table, name_col: int | None, family: str) -> dict[float, int]:
    """No codes printed: the names' indentation gives 类/款/项 (leftmost = 类)."""
    xs = sorted({x for row in table.body if (x := _x(row, name_col)) is not None
                 and len(row.cells) > name_col and row.cells[name_col].strip()
                 and not is_total_label(row.cells[name_col])})
    starts: list[float] = []
    for x in xs:
        if not starts or x - starts[-1] > _INDENT_TOLERANCE:
            starts.append(x)
    depth = 3 if family == "function" else 2
    if not starts or len(starts) > depth or (len(starts) == 1 and len(table.body) > 3):
        return {}
    return {x: 1 + sum(1 for s in starts[1:] if x - s >= -_INDENT_TOLERANCE) for x in xs}


def _pseudo_code(level: int | None, counters: list[int]) -> str:
    """A stand-in code ('N01', 'N0102', 'N010203') that keeps the hierarchy where none is printed."""
    if level is None:
        return ""
    counters[level - 1] += 1
    for deeper in range(level, len(counters)):
        counters[deeper] = 0
    return "N" + "".join(f"{counters[i]:02d}" for i in range(level))


def _coded(cells: list[str]) -> bool:
    return any(squash(c).isdigit() and len(squash(c)) >= 3 for c in cells)


def _code(cells: list[str], code_cols: list[int], current: list[str]) -> str:
    """The row's full code; split 类/款/项 cells are completed from the rows above."""
    if not code_cols:
        return ""
    parts = [squash(cells[c]) for c in code_cols]
    if len(code_cols) == 1:
        code = parts[0]
        return code if code.isdigit() else ""
    if not any(parts) or not all(p.isdigit() for p in parts if p):
        return ""
    lei, kuan, xiang = (parts + ["", ""])[:3]
    if lei:
        current[0], current[1] = lei, ""
    if kuan:
        current[1] = kuan
    if xiang:
        return current[0] + current[1] + xiang
    if kuan:
        return current[0] + kuan
    return lei


def _no_latin(text: str) -> bool:
    return not re.search(r"[A-Za-z0-9]\s+[A-Za-z0-9]", text)


# ------------------------------------------------------------------ two-sided summaries

_INCOME_WORDS = (
    ("上年结转", "上年结转结余"), ("年初结转", "上年结转结余"), ("结转结余", "上年结转结余"),
    ("上年结余", "上年结转结余"),  # 深圳 2026 "上年结余、结转"
    ("一般公共预算", "一般公共预算拨款收入"), ("政府性基金", "政府性基金预算拨款收入"),
    ("国有资本经营", "国有资本经营预算拨款收入"), ("财政专户", "财政专户管理资金收入"),
    ("事业单位经营", "事业单位经营收入"), ("经营收入", "事业单位经营收入"), ("事业收入", "事业收入"),
    ("上级补助", "上级补助收入"), ("附属单位", "附属单位上缴收入"), ("其他收入", "其他收入"),
    ("其他资金", "其他收入"),
    ("财政拨款", "财政拨款收入"),
)
assert all(source in INCOME_SOURCES for _, source in _INCOME_WORDS)


def income_source(name: str) -> str | None:
    text = squash(_ORDINAL.sub("", squash(name)))
    for word, source in _INCOME_WORDS:
        if word in text:
            return source
    return None


def read_two_sided(reading: Reading, table: Table, unit: str) -> None:
    """收支总表 / 财政拨款收支总表: income items left, spending items right."""
    labels = table.labels()
    columns = _two_sided_columns(labels)
    if columns is None:
        reading.warn(table.title, f"{table.kind.label}：表头无法识别（收入/支出项目与金额列）")
        return
    left_name, left_amount, right_name, right_amount = columns
    rows: list[dict] = []
    section = ""
    groups = _spending_groups(labels, right_name, right_amount, left_amount)
    entries: list[tuple[Row, str, float | None]] = []
    for row in table.body:
        cells = padded(row, max(len(labels), len(row.cells)))
        name = squash(cells[left_name])
        if name:
            value = money(reading, table, row, cells[left_amount], unit)
            section = _income_row(reading, table, row, name, value, section, rows)
            entries.append((row, name, value))
        _spending_side(reading, table, row, cells, groups, unit)
        if _is_grand_total(squash(cells[right_name])):
            _split_of_total(reading, table, row, cells, labels, right_amount, unit)
    _keep_income(reading, table.kind.id, entries, rows)


def _two_sided_columns(labels: list[str]) -> tuple[int, int, int, int] | None:
    """(income name, income amount, spending name, spending amount) columns, left to right; None
    where the header does not name all four."""
    left_name = find_column(labels, "项目", "收入")
    # "预算数", "金额", or only "预算" (珠海 2026 收支总体情况表)
    left_amount = find_column(labels, *_AMOUNT_WORDS, start=(left_name or 0) + 1)
    right_name = find_column(labels, "项目", "支出", start=(left_amount or 0) + 1)
    right_amount = find_column(labels, *_AMOUNT_WORDS, start=(right_name or 0) + 1)
    columns = (left_name, left_amount, right_name, right_amount)
    return None if None in columns else columns


def _spending_side(reading: Reading, table: Table, row: Row, cells: list[str], groups: list[tuple[int, int]],
                   unit: str) -> None:
    """The row's spending items, one per (name, amount) group of columns."""
    for name_col, amount_col in groups:
        name = squash(cells[name_col])
        if not name:
            continue
        value = money(reading, table, row, _spending_cell(cells, name_col, amount_col), unit)
        if value is not None:
            _spending_row(reading, table.kind.id, row, name, value)


def _spending_cell(cells: list[str], name_col: int, amount_col: int) -> str:
    if not cells[amount_col].strip() and not any(c.strip() for c in cells[name_col + 1:-1]):
        # 江苏 2018/2019: "当年支出小计" spans the 功能分类 and 支出用途 groups; its amount is last
        return cells[-1]
    return cells[amount_col]


def _keep_income(reading: Reading, kind: str, entries: list[tuple[Row, str, float | None]],
                 rows: list[dict]) -> None:
    """The income sources read, each counted once: a head whose parts were read as sources is
    not one itself (_group_lines)."""
    heads = _group_lines(entries, {r["line"] for r in rows})
    for row, name, value in entries:
        if row.number in heads and income_source(name) == "财政拨款收入":
            # the head's own figure, kept as the document prints it (上海 "一、财政拨款收入")
            reading.state("财政拨款收入", Stated(value, row, kind, name))
    reading.income.setdefault(kind, [r for r in rows if r["line"] not in heads])


_SUB = re.compile(r"^(?:\d+[.．、]|[（(]\d+[）)]|[（(][一二三四五六七八九十]+[）)])")


def _group_lines(entries: list[tuple[Row, str, float | None]], kept: set[int]) -> set[int]:
    """Income lines that head a group of sub-lines adding up to them ("一、财政拨款 100" over
    "1.一般公共预算拨款 80", "2.政府性基金预算拨款 20": 深圳、江苏): the money is counted once, in
    its parts. A head whose parts do not add up to it stays a source."""
    heads: set[int] = set()
    for index, (row, name, value) in enumerate(entries):
        if _SUB.match(name) or not value:  # "一、财政拨款" or a bare "财政拨款" (深圳 财政拨款收支总表)
            continue
        parts, placed = [], False
        for sub_row, sub_name, sub_value in entries[index + 1:]:
            if not _SUB.match(sub_name):
                break
            parts.append(sub_value or 0.0)
            placed = placed or sub_row.number in kept
        # only where the parts were read as sources: "上年结余、结转" over "1.财政拨款结余、结转" (深圳)
        # keeps its own line, its parts being no sources
        if parts and placed and abs(decimal_sum(parts) - value) <= 0.005:
            heads.add(row.number)
    return heads


def _is_grand_total(name: str) -> bool:
    bare = _ORDINAL.sub("", name)
    return bare in ("支出总计", "总计") or bare.endswith("支出总计")


_SPLIT_COLUMNS = (("人员经费", "人员经费"), ("人员支出", "人员经费"), ("公用经费", "公用经费"), ("公用支出", "公用经费"),
                  ("项目支出", "项目支出"))


def _split_of_total(reading: Reading, table: Table, row: Row, cells: list[str], labels: list[str],
                    right_amount: int, unit: str) -> None:
    """上海 财务收支预算总表: the spending side prints 基本支出 (人员经费 | 公用经费) and 项目支出 columns
    beside its 合计; the 支出总计 row states them for all funds. A blank part is 0 where the parts
    printed add up to the 合计 (上海 域外农场 2026: all project spending, 人员经费/公用经费 blank)."""
    parts = []
    for index in range(right_amount + 1, min(len(labels), len(cells))):
        part = labels[index].split("|")[-1]
        metric = next((m for word, m in _SPLIT_COLUMNS if word in part), None)
        if metric:
            value = money(reading, table, row, cells[index], unit) if cells[index].strip() else None
            parts.append((metric, part, value))
    total = money(reading, table, row, cells[right_amount], unit) if cells[right_amount].strip() else None
    printed = [v for _, _, v in parts if v is not None]
    blank_is_zero = total is not None and printed and abs(decimal_sum(printed) - total) < 0.005
    for metric, part, value in parts:
        value = 0.0 if value is None and blank_is_zero else value
        if value is not None:
            reading.state(metric, Stated(value, row, table.kind.id, f"{squash(cells[right_amount - 1])}·{part}"))


def _spending_groups(labels: list[str], name: int, amount: int, left_amount: int) -> list[tuple[int, int]]:
    """The spending side's (name, amount) column pairs: one, or two where a 收支预算总表 sets 支出用途
    (基本/项目/单位预留机动经费) beside the 功能分类 (江苏 2018/2019)."""
    groups = [(name, amount)]
    for index in range(left_amount + 1, len(labels) - 1):
        if index in (name, amount) or any(index in g for g in groups):
            continue
        part = labels[index].split("|")[-1]
        if any(w in part for w in ("名称", "项目", "科目")) and any(w in labels[index + 1] for w in _AMOUNT_WORDS):
            groups.append((index, index + 1))
    return sorted(groups)


_AMOUNT_WORDS = ("预算数", "金额", "合计", "预算")


def _income_row(reading: Reading, table: Table, row: Row, name: str, value: float | None,
                section: str, rows: list[dict]) -> str:
    """One income-side row; returns the section it opens (本年收入 / 上年结转)."""
    bare = _ORDINAL.sub("", name)
    kind = table.kind.id
    if bare in ("收入总计", "总计") or bare.endswith("收入总计"):
        if value is not None:
            reading.state("收入合计", Stated(value, row, kind, name))
        return section
    if "本年收入" in bare or bare in ("当年收入小计", "当年收入合计"):
        if value is not None:
            reading.state("本年收入合计", Stated(value, row, kind, name))
        return "current"
    if bare in ("收入合计", "合计"):
        if value is not None:
            reading.state("收入合计", Stated(value, row, kind, name))
        return section
    if section == "carry" and not bare.startswith(("上年", "年初")):
        return section  # a breakdown of the carry-over by fund, already counted in its total
    source = income_source(bare)
    if source is None:
        if value is not None:
            reading.warn(row, f"{table.kind.label}：收入项目“{name}”无法归入标准收入来源，未读入")
        return section
    if source == "上年结转结余":
        if value is not None:
            reading.state("上年结转", Stated(value, row, kind, name))
        if value:
            rows.append({"source": source, "amount_wan": value, "line": row.number, "page": row.page})
        return "carry"
    if value and not any(r["source"] == source for r in rows):  # only sources with money
        rows.append({"source": source, "amount_wan": value, "line": row.number, "page": row.page})
    return section


def _spending_row(reading: Reading, kind: str, row: Row, name: str, value: float) -> None:
    bare = _ORDINAL.sub("", name)
    if _is_grand_total(name):
        reading.state("支出总计", Stated(value, row, kind, name))
    elif bare in ("本年支出合计", "本年支出", "当年支出小计", "当年支出合计"):
        reading.state("本年支出合计", Stated(value, row, kind, name))
        reading.state("支出合计", Stated(value, row, kind, name))
    elif bare in ("支出合计", "合计"):
        reading.state("支出合计", Stated(value, row, kind, name))
    elif bare in ("年终结转结余", "年末结转结余", "结转下年", "结转下年资金", "结转结余下年"):
        reading.state("年终结转结余", Stated(value, row, kind, name))
    elif bare in ("基本支出", "项目支出"):  # 江苏: the 支出用途 side of the 收支预算总表
        reading.state(bare, Stated(value, row, kind, name))
    elif "预留机动经费" in bare:  # 江苏: 基本支出 / 项目支出 / 单位预留机动经费 under 支出用途
        reading.state("单位预留机动经费", Stated(value, row, kind, name))
    elif code := function_class_code(bare):  # "四、公共安全支出": a 功能分类 类 named without its code
        reading.classes.setdefault(kind, []).append((code, Stated(value, row, kind, bare)))


# ------------------------------------------------------------------ 机关运行经费 table


def read_running_cost(reading: Reading, table: Table, unit: str) -> None:
    """The 合计 row of a 机关运行经费支出预算表 (by economic class): the year's 机关运行经费."""
    for row in table.body:
        cells = [c for c in row.cells if c.strip()]
        if cells and is_total_label(cells[0]):
            value = next((money(reading, table, row, c, unit) for c in cells[1:] if is_money(c)), None)
            if value is not None:
                reading.state("机关运行经费", Stated(value, row, table.kind.id, squash(cells[0])))
            return


# ------------------------------------------------------------------ income table (收入总表)


def read_income_table(reading: Reading, table: Table, unit: str) -> None:
    """The 合计 row of 收入总表: income by source columns."""
    labels = table.labels()
    for row in table.body:
        cells = padded(row, max(len(labels), len(row.cells)))
        first_amount = next((i for i, c in enumerate(cells) if is_money(c)), None)
        if first_amount is None or not any(is_total_label(c) for c in cells[:first_amount]):
            continue
        rows = []
        for index, label in enumerate(labels):
            part = label.split("|")[-1]
            source = income_source(part) if not is_total_label(part) and "本年收入" not in part else None
            value = money(reading, table, row, cells[index], unit) if first_amount <= index < len(cells) else None
            if is_total_label(part) and index == find_column(labels, "合计", "总计") and value is not None:
                # a 本年收入合计 column (决算 收入决算表) holds no carry-over: the year's income, not the total
                metric = "本年收入合计" if "本年收入" in part else "收入合计"
                reading.state(metric, Stated(value, row, table.kind.id, "收入总表合计"))
            if source and value and not any(r["source"] == source for r in rows):
                rows.append({"source": source, "amount_wan": value, "line": row.number, "page": row.page})
        reading.income.setdefault(table.kind.id, rows)
        return


# ------------------------------------------------------------------ 三公

_SANGONG_WORDS = (
    ("因公出国", "因公出国（境）费"), ("公务接待", "公务接待费"),
    ("公务用车运行", "公务用车运行维护费"), ("运行维护费", "公务用车运行维护费"), ("公务用车运维", "公务用车运行维护费"),
    ("公车运行", "公务用车运行维护费"), ("公务用车购置", "公务用车购置费"), ("公车购置", "公务用车购置费"),
)
assert all(item in SANGONG_ITEMS for _, item in _SANGONG_WORDS)
# Counts printed in 三公 tables (团组数(个), 购置数(辆), 保有量(辆), 接待批次(批), 人次): never money
# (docs/real_layouts.md §2.5, §7.9)
COUNT_UNITS = ("个", "人", "辆", "批", "批次", "人次", "次", "台", "团", "团组")
_COUNT_WORDS = re.compile(r"[（(](?:个|人|辆|批次?|人次|次|台|团组?)[）)]$|保有量|团组数|人数|批次|人次|购置数|车辆数")


def sangong_item(text: str) -> str | None:
    bare = squash(text)
    if "购置及" in bare or "购置和" in bare or bare.startswith("其中：教育") or "其他因公" in bare:
        return None
    if bare.startswith("其中:") or bare.startswith("其中："):
        bare = bare[3:]
    for word, item in _SANGONG_WORDS:
        if word in bare:
            return item
    if bare in ("购置费",):
        return "公务用车购置费"
    if bare in ("运行费", "运维费"):  # "运行维护费" is one of _SANGONG_WORDS
        return "公务用车运行维护费"
    return None


def is_count(text: str) -> bool:
    """'公务用车保有量(辆)', '接待批次', a unit cell '辆': a count, not an amount."""
    bare = squash(text)
    return bare in COUNT_UNITS or bool(_COUNT_WORDS.search(bare))


def read_sangong(reading: Reading, table: Table, unit: str) -> None:
    read = _with_header(table)
    labels = _spanned_labels(read)
    items: dict[str, dict] = {}
    if any("因公出国" in label or "公务接待" in label for label in labels):
        _sangong_columns(reading, read, unit, labels, items)
    else:
        _sangong_rows(reading, read, unit, labels, items)
    if not items and (table.empty_note is not None or (not table.body and table.rows)):
        # listed as empty (本表无数据): disclosed, and zero. A title with nothing under it before
        # the next title is a heading over the table (泉州 2026: "十、…“三公”经费支出预算表" above
        # "2026年度…“三公”经费支出预算表"), not an empty table
        where = table.empty_note or table.title
        items["因公出国（境）费"] = {"item": "因公出国（境）费", "amount_wan": 0.0, "line": where.number,
                                 "page": where.page}
        reading.state("三公经费合计", Stated(0.0, where, table.kind.id, "空表"))
    if items:
        for item in SANGONG_ITEMS:  # disclosed: an item the table leaves blank is zero
            items.setdefault(item, {"item": item, "amount_wan": 0.0, "line": _first_line(items),
                                    "page": None})
        reading.sangong = [items[item] for item in SANGONG_ITEMS]


# 会议费 and 培训费 printed beside the 三公 items (江苏、无锡: "“三公”经费、会议费、培训费支出表"):
# summary metrics of their own, outside the 三公 total
_BESIDE_SANGONG = ("会议费", "培训费")
# Columns of money outside the 一般公共预算 (深圳 2026 splits every item by fund)
_OTHER_FUNDS = ("政府性基金", "国有资本", "固有资本")
_YEAR = re.compile(r"^((?:19|20)\d{2})年?(?:度)?(?:预算数?|预算)?$")
_CHANGE = re.compile(r"增减|增长|变化|变动|比上年|同比")


def _with_header(table: Table) -> Table:
    """Header rows the segmenter took for body rows: a 三公 header names its columns in words it
    does not know ("“三公”经费", "会议费", "一般公共预算 | 政府性基金预算"), so the first such row went
    to the body and the header rows under it were dropped as a repeated header (江苏 2018/2019,
    深圳 2026). Leading body rows of three or more words and no amount are header rows, with the
    rows dropped between them."""
    lead = 0
    while lead < len(table.body) and _header_like(table.body[lead]):
        lead += 1
    if lead == 0:
        return table
    end = table.rows.index(table.body[lead]) if lead < len(table.body) else len(table.rows)
    placed = {id(row) for row in (*table.meta, *table.loose, *table.notes)}
    header = [row for row in table.rows[:end] if id(row) not in placed]
    return replace(table, header=header, body=table.body[lead:])


def _header_like(row: Row) -> bool:
    cells = row.nonempty()
    return len(cells) >= 3 and not any(is_money(c) or c.strip() in ZERO_MARKS for c in cells) and not any(
        _YEAR.match(squash(c)) or _CHANGE.search(c) for c in cells)


def _spanned_labels(table: Table) -> list[str]:
    """Column labels with a merged header cell carried over the columns it spans: a cell stands
    over the empty cells to its right that a lower header row fills ("总计" over "一般公共预算 |
    政府性基金预算 | 国有资本经营预算"; "“三公”经费" over "小计 | 因公出国（境）费 | …")."""
    labels = spanned(table, [row for row in table.header if row.nonempty() and not _is_index_row(row)])
    return labels if any(labels) else table.labels()


def spanned(table: Table, header: list[Row]) -> list[str]:
    """Labels from ``header``'s rows, each merged cell carried over the blank cells to its right
    that a lower row fills (see _spanned_labels)."""
    width = max((len(row.cells) for row in [*header, *table.body]), default=0)
    grid = [[squash(c) for c in padded(row, width)] for row in header]
    labels = [""] * width
    for level, cells in enumerate(grid):
        spanning = ""
        for index, text in enumerate(cells):
            above = any(grid[up][index] for up in range(level))
            below = any(grid[down][index] for down in range(level + 1, len(grid)))
            if text:
                spanning = text
            elif not (spanning and below and not above):
                spanning = ""
            if spanning:
                labels[index] = f"{labels[index]}|{spanning}" if labels[index] else spanning
    return labels


def _first_line(items: dict[str, dict]) -> int:
    return min(row["line"] for row in items.values())


def _column_item(label: str) -> str | None:
    """The 三公 item a column holds: the lowest part of its label that names one, unless a 小计 /
    合计 below it makes it a subtotal; or a name split over header rows ("公务" above "接待费")
    read whole. Counts and other funds' columns hold none."""
    if is_count(label) or any(word in label for word in _OTHER_FUNDS):
        return None
    for part in reversed(label.split("|")):
        if is_total_label(part):
            return None
        if item := sangong_item(part):
            return item
    return sangong_item(label.replace("|", ""))


def _beside_sangong(label: str) -> str | None:
    """'会议费' / '培训费': a column of money printed beside the 三公 items."""
    if is_count(label) or any(word in label for word in _OTHER_FUNDS):
        return None
    last = label.split("|")[-1]
    return next((metric for metric in _BESIDE_SANGONG if metric in last), None)


def _sangong_total_column(labels: list[str]) -> tuple[int | None, bool]:
    """(column, named): the 三公 total — a label naming 三公 as a total ("“三公”经费合计", "“三公”经费"
    over "小计"), named True; else a bare 合计/总计, the 三公 total only where no 会议费/培训费 column
    stands beside it or it adds up to the items (江苏 2018/2019 print 合计 = 三公 + 会议费 + 培训费)."""
    for index, label in enumerate(labels):
        parts = label.split("|")
        if any(word in label for word in _OTHER_FUNDS):
            continue
        for k, part in enumerate(parts):
            if "三公" in part and (k == len(parts) - 1 or is_total_label(parts[k + 1])):
                return index, True
    return find_column(labels, "合计", "总计", exclude=_OTHER_FUNDS), False


def _sangong_columns(reading: Reading, table: Table, unit: str, labels: list[str], items: dict) -> None:
    """One row of amounts under a header naming the items (the first bare row of amounts; else the
    合计 row of a table by unit, or the budget year's row of the first unit's block)."""
    total_col, named = _sangong_total_column(labels)
    chosen = _bare_amount_row(table, labels, total_col) or _named_amount_row(table, labels)
    if chosen is None:
        return
    row, cells = chosen
    beside = any(_beside_sangong(label) for label in labels)
    for index, label in enumerate(labels):
        if is_count(label):
            continue
        item = _column_item(label)
        value = money(reading, table, row, cells[index], unit)
        if item and item not in items:
            items[item] = {"item": item, "amount_wan": value or 0.0, "line": row.number, "page": row.page}
        elif index == total_col and (named or not beside or _adds_up(cells, labels, total_col)):
            reading.state("三公经费合计", Stated(value or 0.0, row, table.kind.id, "三公经费合计"))
        elif metric := _beside_sangong(label):
            reading.state(metric, Stated(value or 0.0, row, table.kind.id, metric))
        elif "机关运行" in label and value is not None:
            reading.state("机关运行经费", Stated(value, row, table.kind.id, "机关运行经费"))


def _bare_amount_row(table: Table, labels: list[str], total_col: int | None) -> tuple[Row, list[str]] | None:
    """The first row holding nothing but amounts, placed by sum where a cell was lost."""
    for row in table.body:
        cells = padded(row, max(len(labels), len(row.cells)))
        filled = [c for c in cells if c.strip()]
        if filled and not _is_index_row(row) and all(
                is_money(c) or c.strip() in ZERO_MARKS for c in filled):
            return row, _placed_by_sum(cells, labels, total_col)
    return None


def _named_amount_row(table: Table, labels: list[str]) -> tuple[Row, list[str]] | None:
    """Rows named by unit and/or year (湖州 2026: a row per unit and a 合计 row; 深圳 2026: per unit
    the rows 2025年 / 2026年 / 增减变化金额): the 合计 row; else, in the first unit's block (the
    department, listed first), the row of the latest year — this year's budget beside last
    year's — and never a change row."""
    rows = [row for row in table.body if not _is_index_row(row) and any(is_money(c) for c in row.cells)]
    named = [(row, [squash(c) for c in row.cells if c.strip() and not is_money(c)]) for row in rows]
    chosen = _total_row(named) or _budget_year_row(_first_unit_block(named))
    return (chosen, padded(chosen, max(len(labels), len(chosen.cells)))) if chosen else None


def _total_row(named: list[tuple[Row, list[str]]]) -> Row | None:
    return next((row for row, words in named if any(is_total_label(word) for word in words)), None)


def _first_unit_block(named: list[tuple[Row, list[str]]]) -> list[tuple[Row, list[str]]]:
    """The rows up to the next row naming a unit (a word that is neither a year nor a change)."""
    block = []
    for row, words in named:
        if block and any(not _YEAR.match(w) and not _CHANGE.search(w) for w in words):
            break
        block.append((row, words))
    return block


def _budget_year_row(block: list[tuple[Row, list[str]]]) -> Row | None:
    """The row of the latest year named; where no year is named, the first that is no change row."""
    years = [(int(m.group(1)), row) for row, words in block for w in words if (m := _YEAR.match(w))]
    if years:
        return max(years, key=lambda pair: pair[0])[1]
    return next((row for row, words in block if not any(_CHANGE.search(w) for w in words)), None)


def _is_index_row(row: Row) -> bool:
    """A column-index row under the header ("** 1 2 3 4 5 6", 湖州 2026; "栏次 1 2 3"): consecutive
    whole numbers."""
    cells = [squash(c) for c in row.nonempty()]
    numbers = [int(c) for c in cells if c.isdigit()]
    others = [c for c in cells if not c.isdigit()]
    return (len(numbers) >= 3 and len(others) <= 2 and not any(is_money(c) for c in others)
            and numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] <= 1)


def _placed_by_sum(cells: list[str], labels: list[str], total_col: int | None) -> list[str]:
    """A row with fewer amounts than labelled columns (a 小计 left unprinted, its blank cell lost
    in extraction: docs/real_layouts.md §7.8) is placed where the total equals the sum of the
    items; the row as read when it already adds up or no single placement does."""
    columns = [i for i, label in enumerate(labels) if label and not is_count(label)]
    values = [c for c in cells if c.strip()]
    missing = len(columns) - len(values)
    if total_col is None or not 0 < missing <= 2 or _adds_up(cells, labels, total_col):
        return cells
    fits = []
    for blanks in combinations([c for c in columns if c != total_col], missing):
        placed = [""] * len(cells)
        for column, value in zip([c for c in columns if c not in blanks], values, strict=True):
            placed[column] = value
        if _adds_up(placed, labels, total_col):
            fits.append(placed)
    return fits[0] if len(fits) == 1 else cells


def _adds_up(cells: list[str], labels: list[str], total_col: int) -> bool:
    """The total column equals the sum of the item columns (blank or a dash is zero)."""
    if not is_money(cells[total_col]):
        return False
    try:
        parts = [parse_money(cells[i]) or 0 for i, label in enumerate(labels) if _column_item(label)]
    except ValueError:
        return False
    return parse_money(cells[total_col]) == sum(parts, Decimal(0))


def _sangong_rows(reading: Reading, table: Table, unit: str, labels: list[str], items: dict) -> None:
    """Items down the rows (项目 column), amounts in the 合计 column; count rows are skipped."""
    name_col = find_column(labels, "项目", "名称", "科目")
    amount_col = find_column(labels, "合计", "预算数", "金额", "总计")
    if name_col is None or amount_col is None:
        reading.warn(table.title, "“三公”经费表：表头无法识别（项目与合计列）")
        return
    total: Stated | None = None
    beside = False
    for row in table.body:
        cells = padded(row, max(len(labels), len(row.cells)))
        if _count_row(cells, name_col, amount_col):
            continue
        name = squash(cells[name_col])
        value = money(reading, table, row, cells[amount_col], unit)
        # the row naming 三公 is the total; else the first 合计
        if "三公" in name or (is_total_label(name) and total is None):
            total = Stated(value or 0.0, row, table.kind.id, name)
        else:
            beside = _sangong_line(reading, table, row, name, value, items) or beside
    if total is not None and (beside and "三公" not in total.label) and not _sums_to(total, items):
        total = None  # a bare 合计 over 会议费/培训费 too: not the 三公 total
    if total is not None:
        reading.state("三公经费合计", total)


def _sangong_line(reading: Reading, table: Table, row: Row, name: str, value: float | None, items: dict) -> bool:
    """A row of a 三公 table other than its total: 机关运行经费, 会议费 / 培训费 (True: money printed
    beside the items) or one of the items."""
    if "机关运行" in name and value is not None:
        reading.state("机关运行经费", Stated(value, row, table.kind.id, name))
        return False
    if (metric := _beside_sangong(name)) and value is not None:
        reading.state(metric, Stated(value, row, table.kind.id, name))
        return True
    item = sangong_item(name)
    if item and item not in items:
        items[item] = {"item": item, "amount_wan": value or 0.0, "line": row.number, "page": row.page}
    return False


def _sums_to(total: Stated, items: dict) -> bool:
    return abs(total.value - decimal_sum([row["amount_wan"] for row in items.values()])) < 0.00005


def _count_row(cells: list[str], name_col: int, amount_col: int) -> bool:
    """'1.因公出国(境)团组数(个)', or a row whose unit cell says 辆 / 人次."""
    return is_count(cells[name_col]) or any(
        squash(cell) in COUNT_UNITS for index, cell in enumerate(cells) if index not in (name_col, amount_col))


# ------------------------------------------------------------------ 项目支出表


def read_project_list(reading: Reading, table: Table, unit: str) -> None:
    labels = table.labels()
    name_col = find_column(labels, "项目名称", "项目") or 0
    amount_col = find_column(labels, "合计", "金额", "预算数", "总计", exclude=("项目名称",))
    if amount_col is None:
        reading.warn(table.title, "项目支出表：找不到金额列")
        return
    for row in table.body:
        cells = padded(row, max(len(labels), len(row.cells)))
        name = cells[name_col].strip()
        value = money(reading, table, row, cells[amount_col], unit)
        if not name or is_total_label(name):
            if value is not None and is_total_label(name):
                reading.state("项目表合计", Stated(value, row, table.kind.id, name))
            continue
        reading.projects.append({
            "project_code": None, "project_name": name, "category": None, "amount_wan": value or 0.0,
            "plan_year": None, "current": True, "line": row.number, "page": row.page,
        })


def decimal_sum(values: list[float]) -> float:
    return float(sum((Decimal(str(v)) for v in values), Decimal(0)))
