"""Excel workbooks (.xlsx, .xls) as rows: every sheet in order, every non-blank row."""

from __future__ import annotations

import datetime as dt
import io

from python_calamine import CalamineError, CalamineWorkbook

from reader.cells import indent
from reader.errors import UnreadableDocument
from reader.rows import Row, RowSource


def read_excel(name: str, data: bytes, file_type: str) -> RowSource:
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (CalamineError, ValueError, OSError) as exc:
        raise UnreadableDocument(name, "damaged", "Excel 文件已损坏或被加密，无法打开",
                                 f"the Excel file is damaged or encrypted ({exc})") from exc
    rows: list[Row] = []
    for sheet_name in workbook.sheet_names:
        try:
            values = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        except (CalamineError, ValueError) as exc:
            raise UnreadableDocument(name, "damaged", f"工作表「{sheet_name}」无法读取",
                                     f"sheet {sheet_name!r} cannot be read ({exc})") from exc
        for index, raw in enumerate(values, start=1):
            cells = tuple(_cell_text(value) for value in raw)
            if any(cells):
                trimmed = _trim(cells)
                rows.append(Row(cells=trimmed, number=len(rows) + 1, sheet=sheet_name, sheet_row=index,
                                x=tuple(float(indent(value)) for value in raw[:len(trimmed)])))
    return RowSource(name=name, file_type=file_type, rows=tuple(rows))


def _cell_text(value: object) -> str:
    """A cell as the printed table shows it: numbers without float noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(round(value, 6)).rstrip("0").rstrip(".")
    if isinstance(value, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return str(value)
    return str(value).strip()


def _trim(cells: tuple[str, ...]) -> tuple[str, ...]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]
