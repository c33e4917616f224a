"""Find the tables in a row stream: title, unit, header rows, body rows, across pages.

A table starts at a row that titles it (kinds.title_kind) and runs to the
next title. Inside, rows are sorted into: page furniture repeated on each
page (编制单位, 单位：万元, 预算年度, page numbers, repeated header rows),
header rows (column labels, 栏次 numbering), body rows and notes (本表无数据,
注：…). A title marked （续） continues the table before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from reader.cells import is_money, squash, unit_in
from reader.kinds import TableKind, title_kind
from reader.rows import Row

_HEADER_WORDS = (
    "科目编码", "科目名称", "功能分类", "经济分类", "合计", "总计", "小计", "基本支出", "项目支出",
    "人员经费", "公用经费", "预算数", "项目", "收入", "支出", "金额", "类", "款", "项", "编码", "名称",
    "一级指标", "二级指标", "三级指标", "指标值", "因公出国", "公务接待", "公务用车", "本年", "上年",
    "资金性质", "单位名称", "备注",
    "执行数", "增减",  # a comparative table's columns (中央 2026: 2025年执行数 | 2026年预算数 | 增减额)
    "决算", "行次",  # final accounts (决算): 项目 | 行次 | 决算数
)
_FURNITURE = re.compile(
    r"^(编制(部门|单位)|预算单位|部门名称|单位名称)[:：]|(金额)?单位[:：]|^预算年度[:：]|^\(?公章\)?$|报送日期|签章"
)
# "第 2 页,共 46 页", "—5—", "- 2 -" (docs/real_layouts.md §7.3)
_PAGE_NUMBER = re.compile(r"^(第\d+页|[-—－]\d+[-—－]|\d+|共\d+页|第\d+页[,，]?共\d+页|\d+/\d+)$")
_EMPTY_NOTE = re.compile(r"无数据|空表|无.{0,12}(收支|支出|收入|预算|安排)|不涉及|此表为空")
_NUMBERING = re.compile(r"^(栏次|档次|序号|栏号)$")
_ORDINAL_ONLY = re.compile(r"^\d{1,3}$")
# A heading of the explanatory text: "六、政府采购预算情况", "第三部分 预算项目绩效目标"
_SECTION = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+部分).{2,24}"
                      r"(?:情况|说明|信息|解释|目标|公开|其他|附件)$")
_TITLE_TAIL = 8  # longest line that can end a title wrapped from the line above ("情况表")
_BARE_TITLES = ("绩效目标表", "项目支出绩效目标表", "项目绩效目标表", "绩效目标申报表", "绩效目标批复表")
_SENTENCE_END = re.compile(r"[。；;：:]$")
_CONTENTS = re.compile(r"^(目录|目次|公开目录|目录表)$")
_CONTENTS_RUN = 3
# kinds printed once per project under one title: the same title on the next page is the next one
_ONE_PER_ITEM = ("dept_targets", "project_targets", "projects")  # titles in a row with nothing between them: a list of tables, not tables


@dataclass
class Table:
    kind: TableKind
    title: Row
    unit: str | None = None
    meta: list[Row] = field(default_factory=list)
    header: list[Row] = field(default_factory=list)
    body: list[Row] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)  # every non-blank row after the title, in order
    loose: list[Row] = field(default_factory=list)  # one-cell rows inside the table (page headers)
    notes: list[Row] = field(default_factory=list)
    empty_note: Row | None = None
    closed: bool = False  # explanatory text followed the body: later rows are not the table's

    def labels(self) -> list[str]:
        """One label per column: the header cells above it joined top-down with '|'.

        A merged header cell stands in its first column; a lower header row's
        label under it inherits it ("本年收入|财政拨款收入"), so a column is
        found by any of its words.
        """
        width = max((len(row.cells) for row in [*self.header, *self.body]), default=0)
        labels = [""] * width
        for row in self.header:
            if _is_numbering(row):
                continue
            cells = list(row.cells) + [""] * (width - len(row.cells))
            for index, cell in enumerate(cells):
                text = squash(cell)
                if text:
                    labels[index] = f"{labels[index]}|{text}" if labels[index] else text
        return labels


def find_tables(rows: tuple[Row, ...] | list[Row], final: bool = False) -> list[Table]:
    """The tables of the document, without the titles its table of contents lists."""
    return find_tables_and_contents(rows, final)[0]


def find_tables_and_contents(rows: tuple[Row, ...] | list[Row],
                             final: bool = False) -> tuple[list[Table], list[Table]]:
    """(tables, contents entries): a 目录 lists every table's title, and a title there is not the table.
    ``final``: the document is a 决算, its titles read by the 决算 catalogue (kinds.FINAL_KINDS)."""
    tables = _all_titled(rows, final)
    listed = _contents_entries(tables, rows)
    headings = _headings(tables)
    return ([t for t in tables if id(t) not in listed and id(t) not in headings],
            [t for t in tables if id(t) in listed])


def _headings(tables: list[Table]) -> set[int]:
    """A section heading naming the table right under it (泉州 2026: "一、收支预算总表" over the
    title "2026年度收支预算总表" on the same page): not a table of its own, nor an empty one."""
    return {id(t) for t, after in zip(tables, tables[1:], strict=False)
            if _bare(t) and after.kind.id == t.kind.id and t.title.page == after.title.page}


def _contents_entries(tables: list[Table], rows: tuple[Row, ...] | list[Row]) -> set[int]:
    """Titles that list tables rather than start them: every title on a page that has a 目录 line, or
    that holds a run of _CONTENTS_RUN titles with nothing between them; in a stream without pages
    (text, one sheet), the run itself."""
    contents_pages = {row.page for row in rows if row.page is not None
                      and len(row.nonempty()) <= 2 and _CONTENTS.match(squash("".join(row.nonempty())))}
    listed: set[int] = set()
    run: list[Table] = []
    for table in [*tables, None]:
        if table is not None and _bare(table):
            run.append(table)
            continue
        if len(run) >= _CONTENTS_RUN:
            listed.update(id(t) for t in run)
            contents_pages.update(t.title.page for t in run if t.title.page is not None)
        run = []
    listed.update(id(t) for t in tables if t.title.page is not None and t.title.page in contents_pages)
    return listed


def _bare(table: Table) -> bool:
    """Nothing under the title but page furniture (a page number, 编制单位 …): a contents line."""
    return not (table.header or table.body or table.notes or table.loose or table.empty_note)


def _all_titled(rows: tuple[Row, ...] | list[Row], final: bool = False) -> list[Table]:
    tables: list[Table] = []
    current: Table | None = None
    previous: Row | None = None  # the last non-blank row
    for row in rows:
        cells = row.nonempty()
        if not cells:
            continue
        kind = title_kind(cells, final)
        wrapped = previous is not None and _wrapped_title(previous, cells, kind, final)
        if wrapped:
            # "23、关于提前下达…（冀财行[2021]97 号）" / "绩效目标表", "七、…培训费支出" / "情况表":
            # one title over two lines
            joined = squash(previous.nonempty()[0]) + squash(cells[0])
            kind = title_kind([joined], final) or kind
        if kind is not None:
            if current is not None and current.kind is kind and (
                    _is_continuation(cells) or _repeated_on_next_page(current, row, cells)):
                continue
            title = row
            if wrapped:
                title = replace(previous, cells=(joined,))
                if current is not None:
                    _unplace(current, previous)
            unit = unit_in(" ".join(cells))  # "表1 部门收支总表 单位:万元" on one row
            current = Table(kind=kind, title=title, unit=unit)
            tables.append(current)
        elif len(cells) == 1 and _SECTION.match(squash(cells[0])):
            current = None  # "六、政府采购预算情况": a new section of the document ends the table
        elif current is not None and not current.closed:
            _place(current, row, cells)
        previous = row
    return tables


def _repeated_on_next_page(table: Table, row: Row, cells: list[str]) -> bool:
    """The same title again at the top of the next page: the table goes on (湖州、深圳 2026 print the
    title on every page of a long table), unless the table had nothing yet (a contents entry)."""
    if table.kind.id in _ONE_PER_ITEM:
        return False
    if not table.body or row.page is None or table.body[-1].page is None:
        return False
    return row.page == table.body[-1].page + 1 and squash(cells[0]) == squash(table.title.text)


def _wrapped_title(previous: Row, cells: list[str], kind: TableKind | None, final: bool = False) -> bool:
    """The end of a title on its own line under a one-cell line it continues: a bare generic
    title ("绩效目标表") under a line naming what it is for, or a short tail ("情况表") that only
    makes a title with the line above."""
    above = previous.nonempty()
    if len(above) != 1 or len(cells) != 1 or _SENTENCE_END.search(above[0]) or is_money(above[0]):
        return False
    if above[0].strip().endswith("表") or title_kind(above, final) is not None:
        return False
    tail = squash(cells[0])
    if tail in _BARE_TITLES:
        return True
    return (kind is None and tail.endswith("表") and len(tail) <= _TITLE_TAIL
            and title_kind([squash(above[0]) + tail], final) is not None)


def _unplace(table: Table, row: Row) -> None:
    for rows in (table.rows, table.loose, table.notes, table.body, table.meta, table.header):
        if rows and rows[-1] is row:
            rows.pop()


def _place(table: Table, row: Row, cells: list[str]) -> None:
    """One row of a table sorted into its parts: page furniture (meta), a note that the table is
    empty, a header row, a one-cell line, or a body row."""
    table.rows.append(row)
    joined = " ".join(cells)
    unit = unit_in(joined)
    if unit and table.unit is None:
        table.unit, table.unit_row = unit, row
    empty_note = _is_empty_note(joined, cells)
    if _is_furniture(cells):
        table.meta.append(row)
    elif empty_note and not table.body:
        table.empty_note = row
        table.notes.append(row)
    elif _is_header(row, cells):
        if not table.body:
            table.header.append(row)  # else a header repeated after a page break
    elif len(cells) == 1 and not is_money(cells[0]):
        _place_line(table, row, cells[0])
    elif empty_note:
        table.empty_note = table.empty_note or row
        table.notes.append(row)
    else:
        table.body.append(row)


def _is_furniture(cells: list[str]) -> bool:
    """编制单位, 单位：万元, 预算年度, a page number …: printed on each page, no part of the table."""
    return any(_FURNITURE.search(squash(cell)) for cell in cells) or bool(
        len(cells) == 1 and _PAGE_NUMBER.match(squash(cells[0])))


def _is_empty_note(joined: str, cells: list[str]) -> bool:
    """本表无数据, 此表为空 …, with no amount in the row."""
    return bool(_EMPTY_NOTE.search(squash(joined))) and not any(is_money(c) for c in cells)


def _place_line(table: Table, row: Row, text: str) -> None:
    """A one-cell line: a paragraph between tables (a note; after the body it ends the table), or a
    page header (department, year) on a continuation page."""
    long = len(text) > 40
    (table.notes if long else table.loose).append(row)
    if long and table.body and table.kind.money:
        table.closed = True


def _is_header(row: Row, cells: list[str]) -> bool:
    if _is_numbering(row):
        return True
    if any(is_money(cell) for cell in cells):
        return False
    squashed = [squash(cell) for cell in cells]
    words = sum(1 for text in squashed if any(word in text for word in _HEADER_WORDS))
    return words >= max(1, len(cells) // 2) and len(cells) >= 2


def _is_numbering(row: Row) -> bool:
    """'栏次 1 2 3 4' or a bare '1 2 3 4 5' row under the header."""
    cells = [squash(c) for c in row.nonempty()]
    if not cells:
        return False
    rest = cells[1:] if _NUMBERING.match(cells[0]) else cells
    if not rest or not all(_ORDINAL_ONLY.match(c) for c in rest):
        return False
    numbers = [int(c) for c in rest]
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _is_continuation(cells: list[str]) -> bool:
    return "续" in "".join(cells)
