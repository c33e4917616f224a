"""The row model: every input (text, Excel, PDF) becomes a stream of rows of cells.

A row is what a reader of the printed table sees on one line of a table: its
cells left to right, as strings. Rows outside tables (titles, "单位：万元",
paragraphs of explanatory text) are rows too, usually with one cell. The
table finder and the table interpreters work on rows only, so one reader
serves every input format.

Provenance: ``number`` is the row's 1-based position in the document's row
stream (for text it is the line number, so the seeds keep their line
citations); ``page`` is the PDF page (1-based) and ``sheet``/``sheet_row``
the Excel sheet and 1-based row. ``text`` is the row as read (cells joined
by a tab), which the dashboard quotes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    number: int
    page: int | None = None
    sheet: str | None = None
    sheet_row: int | None = None
    # Left edge of each cell's text, in points from the page's left edge (PDF
    # only; None elsewhere). Lets a reader see indented names where a table
    # gives no codes.
    x: tuple[float, ...] | None = field(default=None, compare=False)
    # Recognition confidence of each cell (0–1) on a page read by OCR; None for a text layer.
    confidence: tuple[float, ...] | None = field(default=None, compare=False)

    @property
    def text(self) -> str:
        return "\t".join(self.cells)

    def nonempty(self) -> list[str]:
        return [cell for cell in self.cells if cell.strip()]

    def where(self) -> str:
        """Human-readable location in Chinese: 第3页 / 工作表「收入总表」第5行 / 第97行."""
        if self.page is not None:
            return f"第{self.page}页"
        if self.sheet is not None:
            return f"工作表「{self.sheet}」第{self.sheet_row}行"
        return f"第{self.number}行"


@dataclass(frozen=True)
class RowSource:
    """All rows of one document, and the type of file they came from."""

    name: str  # file name as given (for messages)
    file_type: str  # "pdf" | "xlsx" | "xls" | "text" (reader.inputs.sniff)
    rows: tuple[Row, ...]
    pages: int = 0  # PDF pages (0 for other file types)
    ocr_pages: tuple[int, ...] = ()  # PDF pages (1-based) read by OCR
