"""Render a Disclosure as .xlsx: one sheet per table, as departments publish them in Excel.

Row 1 holds the title merged across the table, row 2 the 编制单位 and 单位 line,
then the header rows (merged cells as in the PDF) and the data rows. Amounts
are numbers in most documents and formatted strings when variant.xlsx_values
is "string". Project target tables are stacked in one sheet, one block each.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import xlsxwriter

from synthetic.disclosure import (
    WAN,
    Amount,
    Disclosure,
    Grid,
    Name,
    explanatory_text,
    format_amount,
    table_grids,
)

_INVALID_SHEET_CHARS = str.maketrans({c: "" for c in "[]:*?/\\"})


def sheet_name(index: int, grid: Grid, naming: str) -> str:
    """"表1 部门收支总表" or "1-收支总表" (31 characters at most, as Excel requires)."""
    title = grid.title.translate(_INVALID_SHEET_CHARS)
    if naming == "numbered":
        return f"表{index} {title}"[:31]
    return f"{index}-{title.removeprefix('部门').removeprefix('单位')}"[:31]


class _Book:
    def __init__(self, disclosure: Disclosure, path: Path):
        self.d = disclosure
        self.v = disclosure.variant
        self.book = xlsxwriter.Workbook(str(path))
        add = self.book.add_format
        self.f_title = add({"bold": True, "font_size": 16, "align": "center"})
        self.f_plain = add({})
        self.f_right = add({"align": "right"})
        self.f_head = add({"border": 1, "align": "center", "valign": "vcenter", "bold": True})
        self.f_text = add({"border": 1})
        self.f_center = add({"border": 1, "align": "center"})
        self.f_indent = {depth: add({"border": 1, "indent": depth}) for depth in range(3)}
        number = "#,##0.00" if self.v.thousands else "0.00"
        zero = {"0": "0", "-": '"-"', "blank": '""', "0.00": "0.00"}[self.v.zero_style]
        self.f_amount = add({"border": 1, "num_format": f"{number};-{number};{zero}"})
        self.f_amount_text = add({"border": 1, "align": "right"})

    def cover(self) -> None:
        sheet = self.book.add_worksheet("封面及说明")
        sheet.set_column(0, 0, 100)
        lines = [self.d.region, self.d.department, f"{self.d.year}年{self.d.edition}预算", ""]
        lines += explanatory_text(self.d)
        for row, line in enumerate(lines):
            sheet.write_string(row, 0, line, self.f_title if row < 3 else self.f_plain)

    def table(self, index: int, grids: list[Grid]) -> None:
        first = grids[0]
        sheet = self.book.add_worksheet(sheet_name(index, first, self.v.sheet_naming))
        last_col = len(first.widths) - 1
        for col, width in enumerate(first.widths):
            sheet.set_column(col, col, width * 9)
        self._merge(sheet, 0, 0, 0, last_col, first.title, self.f_title)
        split = max(0, last_col - 1)
        self._merge(sheet, 1, 0, 1, split, self.d.preparer(), self.f_plain)
        sheet.write_string(1, last_col, f"{self.v.unit_label}{first.unit}", self.f_right)
        row = 2
        for grid in grids:
            row = self._block(sheet, row, grid, last_col)
            row += 1 if len(grids) > 1 else 0

    def _block(self, sheet, row: int, grid: Grid, last_col: int) -> int:
        for label, value in grid.head_block:
            sheet.write_string(row, 0, label, self.f_head)
            if isinstance(value, Amount):
                self._amount(sheet, row, 1, value.fen, grid.unit)
                for col in range(2, last_col + 1):
                    sheet.write_blank(row, col, None, self.f_text)
            else:
                self._merge(sheet, row, 1, row, last_col, value, self.f_text)
            row += 1
        for cell in grid.header:
            top, left = row + cell.row, cell.col
            self._merge(sheet, top, left, top + cell.rowspan - 1, left + cell.colspan - 1, cell.text,
                        self.f_head)
        row += grid.header_rows
        if grid.note:
            self._merge(sheet, row, 0, row, last_col, grid.note, self.f_text)
            row += 1
        first_body = row
        for cells in grid.rows:
            for col, cell in enumerate(cells):
                if isinstance(cell, Amount):
                    self._amount(sheet, row, col, cell.fen, grid.unit)
                elif isinstance(cell, Name):
                    text = "  " * cell.depth + cell.text
                    sheet.write_string(row, col, text, self.f_indent[min(cell.depth, 2)])
                else:
                    sheet.write_string(row, col, cell, self.f_center)
            row += 1
        for start, end, col in grid.group_merges:
            text = grid.rows[start][col]
            sheet.merge_range(first_body + start, col, first_body + end, col, text, self.f_center)
        return row

    def _amount(self, sheet, row: int, col: int, fen: int, unit: str) -> None:
        if self.v.xlsx_values == "string":
            sheet.write_string(row, col, format_amount(fen, unit, self.v), self.f_amount_text)
        elif fen == 0 and self.v.zero_style == "blank":
            sheet.write_blank(row, col, None, self.f_amount)
        elif fen == 0 and self.v.zero_style == "-":
            sheet.write_string(row, col, "-", self.f_amount_text)
        else:
            value = Decimal(fen) / (100 if unit == "元" else WAN)
            sheet.write_number(row, col, float(value), self.f_amount)

    @staticmethod
    def _merge(sheet, r0: int, c0: int, r1: int, c1: int, text: str, fmt) -> None:
        if (r0, c0) == (r1, c1):
            sheet.write_string(r0, c0, text, fmt)
        else:
            sheet.merge_range(r0, c0, r1, c1, text, fmt)


def render_xlsx(disclosure: Disclosure, path: Path) -> Path:
    """Write ``disclosure`` as an .xlsx workbook at ``path`` (one sheet per table)."""
    book = _Book(disclosure, path)
    book.cover()
    grouped: list[list[Grid]] = []
    for grid in table_grids(disclosure):
        if grouped and grid.kind == "project_performance" == grouped[-1][0].kind:
            grouped[-1].append(grid)
        else:
            grouped.append([grid])
    for index, grids in enumerate(grouped, start=1):
        book.table(index, grids)
    book.book.close()
    return path
