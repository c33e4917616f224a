"""Final accounts (部门决算): what tells a 决算 from a budget, and its columns by basis.

A 决算 prints the budget's tables with 决算 words (收入支出决算总表, 支出决算表 …, read by the
budget's interpreters through kinds.FINAL_KINDS) and two things a budget does not:

- 行次 columns (the national template numbers every line: 项目 | 行次 | 金额): line numbers,
  never amounts, so they are taken out before a table is read;
- amounts by basis side by side: 年初预算数, 调整预算数 (全年预算数) and 决算数 (the 三公 table's
  预算数 | 决算数 under every item, in some regions the function table's three columns). The
  table is read once per basis, each time with the other bases' columns taken out
  (``basis_views``), so one interpreter reads every basis and the rows keep their provenance;
  the 决算数 reading is the document's figures, the others become ``budget_wan`` (年初预算数, or a
  bare 预算数) and ``adjusted_budget_wan`` (调整预算数 / 全年预算数) beside them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from contract.checks import Check, make_check
from reader import budget
from reader.cells import is_money, parse_money, squash, to_wan
from reader.kinds import TEXT
from reader.reading import Reading, Stated
from reader.rows import Row
from reader.segment import Table

BUDGET, FINAL = "预算", "决算"
ACTUAL = "决算数"
INITIAL = "年初预算数"  # also a bare 预算数
ADJUSTED = "调整预算数"  # also 全年预算数, 调整后预算数
BASIS_COLUMNS = {INITIAL: "budget_wan", ADJUSTED: "adjusted_budget_wan"}

# a column's lowest label part -> its basis ("决算数", "2024年决算数", "年初预算", "全年预算数")
_BASES = (
    (ADJUSTED, re.compile(r"^(?:\d{4}年度?)?(?:调整(?:后)?预算|全年预算|变动后预算)数?$")),
    (INITIAL, re.compile(r"^(?:\d{4}年度?)?(?:年初)?预算数?$")),
    (ACTUAL, re.compile(r"^(?:\d{4}年度?)?(?:全年)?决算数?$|^实际支出数?$")),
)
_ORDINAL = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）")
_LINE_NUMBER = re.compile(r"^(?:行次|栏次|行号)$")
# the label a kept basis column is read under: a plain amount word every interpreter knows
_AMOUNT = "金额"


def is_final(tables: list[Table]) -> bool:
    """A 决算 titles its tables with the budget's words plus 决算 (found by the budget catalogue as
    kind "final_accounts"); some of its titles may lack the word, so it is a 决算 when its 决算
    tables outnumber its budget tables. A budget with a 决算 table appended stays a budget."""
    final = sum(1 for t in tables if t.kind.id == "final_accounts")
    return final > 0 and final > sum(1 for t in tables if t.kind.expected)


def basis_of(label: str) -> str | None:
    """The basis a column holds, from the lowest part of its label that names one ("决算数" over
    "合计 | 基本支出 | 项目支出"); None for any other column."""
    for part in reversed(label.split("|")):
        basis = next((basis for basis, pattern in _BASES if pattern.match(squash(part))), None)
        if basis:
            return basis
    return None


def basis_views(table: Table) -> dict[str, Table]:
    """The table once per basis it prints: ACTUAL (the 决算数, or the table as printed where it
    names no basis), and INITIAL / ADJUSTED where it prints them beside it. Each view holds its
    basis's columns under the label 金额 and none of the other bases' or the 行次 columns."""
    if table.empty_note is not None:  # 本表无数据: nothing stated, on any basis
        return {ACTUAL: table}
    labels = spanned_labels(table)
    bases = {i: basis_of(label) for i, label in enumerate(labels)}
    line_numbers = {i for i, label in enumerate(labels) if _LINE_NUMBER.match(squash(label.split("|")[-1]))}
    printed = {b for b in bases.values() if b}
    if not printed and not line_numbers:
        return {ACTUAL: table}
    views = {}
    for basis in (ACTUAL, INITIAL, ADJUSTED):
        if basis not in printed and not (basis == ACTUAL and not printed):
            continue
        drop = line_numbers | {i for i, b in bases.items() if b and b != basis}
        views[basis] = _view(table, labels, drop, {i for i, b in bases.items() if b == basis})
    return views


def halves(table: Table) -> Table:
    """A table printed as two blocks side by side (the 决算's 基本支出表: 人员经费 codes 301/303 left,
    公用经费 302/310 right, each 编码 | 名称 | 决算数) as one block: the right half's rows under the
    left's, each keeping its line. Where the footer names each block (人员经费合计 | … | 公用经费合计 | …)
    a block's amounts are that part of 基本支出 too (人员经费 / 公用经费 columns); the footer itself is
    no class (footer_figures). Any other table is returned as it is."""
    labels = spanned_labels(table)
    while labels and not labels[-1]:
        labels.pop()
    half = _block_width(labels)
    if half is None:
        return table
    footer = [row for row in table.body if any(_FOOTER.match(squash(c)) for c in row.cells)]
    blocks = [_block_part(footer, 0, half), _block_part(footer, half, 2 * half)]
    extra = ["人员经费", "公用经费"] if all(blocks) and blocks[0] != blocks[1] else []
    first = table.header[0] if table.header else table.title
    header = Row(cells=tuple(labels[:half] + extra), number=first.number, page=first.page, sheet=first.sheet,
                 sheet_row=first.sheet_row)
    body = _stacked([row for row in table.body if row not in footer], half, blocks, extra)
    return replace(table, header=[header], body=body, rows=[header, *body])


def _stacked(rows: list[Row], half: int, blocks: list[str | None], extra: list[str]) -> list[Row]:
    """The left block's rows, then the right block's (a side left blank is no row)."""
    left = [_side(row, 0, half, blocks[0], extra) for row in rows if any(c.strip() for c in row.cells[:half])]
    right = [_side(row, half, half, blocks[1], extra) for row in rows if any(c.strip() for c in row.cells[half:])]
    return left + right


def _block_width(labels: list[str]) -> int | None:
    """The width of each block where the labels print the same coded columns twice side by side
    (编码 | 名称 | 决算数 | 编码 | 名称 | 决算数); None for any other table."""
    half = len(labels) // 2
    parts = [label.split("|")[-1] for label in labels]
    if half < 2 or len(labels) % 2 or parts[:half] != parts[half:]:
        return None
    return half if any("编码" in x or x in ("类", "款") for x in labels[:half]) else None


def _side(row: Row, start: int, half: int, block: str | None, extra: list[str]) -> Row:
    """One block of a row as a row of its own; its amount repeated under ``extra``'s column naming
    the block's part of 基本支出."""
    cells = list(row.cells[start:start + half]) + [""] * (half - len(row.cells[start:start + half]))
    cells += [cells[-1] if part == block else "" for part in extra]
    x = row.x[start:start + half] if row.x and len(row.x) == len(row.cells) else None
    return replace(row, cells=tuple(cells), x=x)


def _block_part(footer: list[Row], start: int, end: int) -> str | None:
    """人员经费 / 公用经费: what a block's footer cell says it adds up to."""
    for row in footer:
        for cell in row.cells[start:end]:
            match = _FOOTER.match(squash(cell))
            if match:
                return match.group(1)
    return None


# "人员经费合计", "公用经费合计": the footer of a 基本支出表 printed in two blocks
_FOOTER = re.compile(r"^(人员经费|公用经费)(合计|小计)$")


def footer_figures(reading: Reading, table: Table, unit: str) -> None:
    """人员经费 and 公用经费 stated in a 基本支出表's footer, each the first amount after its label."""
    for row in table.body:
        cells = list(row.cells)
        for index, cell in enumerate(cells):
            match = _FOOTER.match(squash(cell))
            after = next((c for c in cells[index + 1:] if c.strip()), "") if match else ""
            if match and is_money(after):
                value = to_wan(parse_money(after), unit) or 0.0
                reading.state(match.group(1), Stated(value, row, table.kind.id, squash(cell)))


def spanned_labels(table: Table) -> list[str]:
    """Column labels top-down with a merged header cell carried over the blank cells to its right
    that a lower header row fills ("因公出国（境）费" over "预算数 | 决算数")."""
    return budget.spanned(table, [row for row in table.header if row.nonempty()])


def _view(table: Table, labels: list[str], drop: set[int], renamed: set[int]) -> Table:
    """``table`` without the columns ``drop``, its header one row of whole labels (a renamed
    column's lowest part read as 金额)."""
    kept = [i for i in range(len(labels)) if i not in drop]
    names = [_renamed(labels[i]) if i in renamed else labels[i] for i in kept]
    first = table.header[0] if table.header else table.title
    header = Row(cells=tuple(names), number=first.number, page=first.page, sheet=first.sheet,
                 sheet_row=first.sheet_row)

    def cut(row: Row) -> Row:
        cells = [c for i, c in enumerate(row.cells) if i not in drop]
        x = tuple(v for i, v in enumerate(row.x) if i not in drop) if row.x and len(row.x) == len(row.cells) else None
        return replace(row, cells=tuple(cells), x=x)

    body = [cut(row) for row in table.body]
    cut_rows = {id(old): new for old, new in zip(table.body, body, strict=True)}
    in_header = {id(row) for row in table.header}
    rows = [cut_rows.get(id(row), row) for row in table.rows if id(row) not in in_header]
    return replace(table, header=[header], body=body, rows=[header, *rows])


def _renamed(label: str) -> str:
    """The basis word out of a label: the lowest part read as 金额 when it is the basis, else the
    basis part dropped ("决算数|基本支出" -> "基本支出")."""
    parts = label.split("|")
    if basis_of(parts[-1]):
        return "|".join([*parts[:-1], _AMOUNT])
    return "|".join(p for p in parts if not basis_of(p))


# ------------------------------------------------------------------ a 决算's own figures

# summary metrics only a 决算 states, and the table each is read from
METRIC_SOURCES: dict[str, tuple[str, ...]] = {
    "年初结转和结余": ("budget_summary",),
    "年末结转和结余": ("budget_summary",),
    "年初财政拨款结转和结余": ("fiscal_summary",),
    "年末财政拨款结转和结余": ("fiscal_summary",),
    "财政拨款收支总计": ("fiscal_summary",),
    "一般公共预算财政拨款支出": ("general_expenditure",),
}
# a 决算's rows by function class come from its 一般公共预算财政拨款支出决算表: the table its own budget
# comparisons (情况说明: 年初预算 / 全年预算 per 项) are stated against; the 支出决算表 (all funds) is checked
FUNCTION_ORDER = {FINAL: ("general_expenditure", "expenditure", "fiscal_expenditure")}
# "年初结转和结余", "年末财政拨款结转和结余", "年初结转结余": the carry-over lines of a 决算's 收支总表
_CARRY = re.compile(r"^(?P<when>年初|年末)(?P<fiscal>财政拨款)?结转和?结余$")
# the other lines between 本年收入/支出合计 and 总计 (figures for the checks, no metrics of their own)
_BESIDE_CARRY = re.compile(r"^(?P<name>使用非财政拨款结余|结余分配)")
_CARRY_METRIC = {("年初", False): "年初结转和结余", ("年末", False): "年末结转和结余",
                 ("年初", True): "年初财政拨款结转和结余", ("年末", True): "年末财政拨款结转和结余"}
# the budget's names for the same lines, restated under the 决算's
_BUDGET_CARRY = ("上年结转", "年终结转结余")


def carry_figures(reading: Reading, table: Table, unit: str) -> None:
    """The carry-over lines of a 决算's two-sided table (年初/年末(财政拨款)结转和结余), each with the
    first amount after its name; a blank cell there is 0 (the template prints the line always). Every
    row of the table: a line with no amount at all may have been taken for page furniture."""
    for row in table.rows:
        cells = list(row.cells)
        for index, cell in enumerate(cells):
            name = _ORDINAL.sub("", squash(cell))
            match, beside = _CARRY.match(name), _BESIDE_CARRY.match(name)
            if not match and not beside:
                continue
            after = next((c for c in cells[index + 1:] if c.strip()), "")
            amount = after if is_money(after) else ""
            value = to_wan(parse_money(amount), unit) if amount else 0.0
            metric = (_CARRY_METRIC[match.group("when"), bool(match.group("fiscal"))] if match
                      else beside.group("name"))
            reading.state(metric, Stated(value or 0.0, row, table.kind.id, squash(cell)))


def final_figures(reading: Reading) -> None:
    """A 决算's figures under its own names: the 财政拨款 table's 总计, the 一般公共预算财政拨款支出表's
    合计; the budget names of the carry-over lines dropped for the 决算's (carry_figures)."""
    for metric in _BUDGET_CARRY:
        kept = [f for f in reading.figures.get(metric, []) if f.kind not in ("budget_summary", "fiscal_summary")]
        if metric in reading.figures:
            reading.figures[metric] = kept
    # "收入、支出总计" in a 决算's text is the 总计 with the carry-over (年末结转和结余), not the 支出决算表's
    # 合计 (this year's spending): a statement of 收入合计 only
    both = {f.row.number for f in reading.figures.get("收入合计", []) if f.kind == TEXT}
    if "支出合计" in reading.figures:
        reading.figures["支出合计"] = [f for f in reading.figures["支出合计"]
                                   if not (f.kind == TEXT and f.row.number in both)]
    for figure in reading.figures.get("收入合计", []):
        if figure.kind == "fiscal_summary":
            reading.state("财政拨款收支总计", figure)
    general = reading.function.get("general_expenditure")
    if general is not None and "total_wan" in general.total:
        total = general.total["total_wan"]
        reading.state("一般公共预算财政拨款支出", Stated(total.value, total.row, "general_expenditure", total.label))


def blank_actuals(reading: Reading, bases: dict[str, Reading]) -> None:
    """A 三公 table that prints its items' 预算数 and leaves every 决算数 blank spent nothing: the
    items and their total are 0 on the row the budget figures stand on."""
    if reading.sangong:
        return
    budget = next((b for b in bases.values() if b.sangong), None)
    if budget is None:
        return
    reading.sangong = [{**row, "amount_wan": 0.0} for row in budget.sangong]
    for figure in budget.figures.get("三公经费合计", [])[:1]:
        reading.state("三公经费合计", Stated(0.0, figure.row, figure.kind, figure.label))


def attach_general(rows: dict[str, list[dict]], reading: Reading) -> None:
    """Each function class's 合计 in the 一般公共预算(财政拨款)支出表 (``general_wan``), the scope of a
    决算's 年初预算数, beside the class read from whichever function table was chosen."""
    general = reading.function.get("general_expenditure")
    codes = {r["code"]: r for r in general.rows} if general else {}
    for row in rows["expenditure_function"]:
        same = codes.get(row["code"])
        row["general_wan"] = same["total_wan"] if same else None
        row["general_page"] = same.get("page") if same else None


def attach_bases(rows: dict[str, list[dict]], bases: dict[str, Reading], function_kind: str | None) -> None:
    """Each basis's figure beside the 决算数 of the same line: ``budget_wan`` (年初预算数) and
    ``adjusted_budget_wan`` (调整预算数) on summary, 三公 and 功能分类 rows."""
    for basis, other in bases.items():
        column = BASIS_COLUMNS[basis]
        for row in rows["summary"]:
            figure = next((f for f in other.figures.get(row["metric"], []) if f.row.number == row["line"]), None)
            if figure is not None:
                row[column] = figure.value
        items = {r["item"]: r["amount_wan"] for r in other.sangong}
        for row in rows["sangong"]:
            if row["item"] in items:
                row[column] = items[row["item"]]
        coded = other.function.get(function_kind) if function_kind else None
        codes = {r["code"]: r["total_wan"] for r in coded.rows} if coded else {}
        for row in rows["expenditure_function"]:
            if row["code"] in codes:
                row[column] = codes[row["code"]]


def budget_id(doc_id: str) -> str:
    """The id of the budget a document belongs with: a 决算's id without its kind (…-部门-决算 ->
    …-部门); a budget's own id unchanged."""
    suffix = f"-{FINAL}"
    return doc_id[: -len(suffix)] if doc_id.endswith(suffix) else doc_id


# a budget's 收支总表 and 财政拨款收支总表 add up: 总计 = 本年 + the carry-over (in, and into next year)
BUDGET_IDENTITIES = (
    ("budget_summary", "收入合计", ("本年收入合计", "上年结转")),
    ("budget_summary", "支出总计", ("本年支出合计", "年终结转结余")),
    ("fiscal_summary", "收入合计", ("本年收入合计", "上年结转")),
    ("fiscal_summary", "支出总计", ("本年支出合计", "年终结转结余")),
)
# a 决算's 收支总表 and 财政拨款收支总表 add up: 总计 = 本年 + the lines beside the carry-over
FINAL_IDENTITIES = (
    ("budget_summary", "收入合计", ("本年收入合计", "使用非财政拨款结余", "年初结转和结余")),
    ("budget_summary", "支出总计", ("本年支出合计", "结余分配", "年末结转和结余")),
    ("fiscal_summary", "收入合计", ("本年收入合计", "年初财政拨款结转和结余")),
    ("fiscal_summary", "支出总计", ("本年支出合计", "年末财政拨款结转和结余")),
)
_STATED_METRIC = {("budget_summary", "收入合计"): "收入合计", ("fiscal_summary", "收入合计"): "财政拨款收支总计"}


def identity_checks(reading: Reading, identities: tuple = FINAL_IDENTITIES) -> list[Check]:
    """总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余 (and the spending side, and the 财政拨款
    table's) for each two-sided table of a 决算 that states them (rows without county_id/year)."""
    out = []
    for kind, total_name, part_names in identities:
        total = next((f for f in reading.figures.get(total_name, []) if f.kind == kind), None)
        parts = [next((f for f in reading.figures.get(n, []) if f.kind == kind), None) for n in part_names]
        stated = [p for p in parts if p is not None]
        if total is None or len(stated) < 2:
            continue
        label = "财政拨款收支总表" if kind == "fiscal_summary" else "收支总表"
        names = " + ".join(n for n, p in zip(part_names, parts, strict=True) if p is not None)
        out.append(make_check(f"{label}：{names} = 总计（{total.row.where()}）", total.value,
                              round(sum(p.value for p in stated), 2), total.row.number,
                              [p.row.number for p in stated], _STATED_METRIC.get((kind, total_name)),
                              [(p.row.number, n) for n, p in zip(part_names, parts, strict=True) if p is not None]))
    return out
