"""Extracted text (the four seeds' form) as rows: one row per line, cells split on tabs."""

from __future__ import annotations

from contract.source import SourceText
from reader.cells import indent
from reader.rows import Row, RowSource


def rows_from_text(source: SourceText) -> RowSource:
    """Line n of the text is row n, so row numbers are the seeds' line citations."""
    rows = tuple(
        Row(cells=tuple(cell.strip() for cell in cells), number=number,
            x=tuple(float(indent(cell)) for cell in cells))
        for number, cells in ((n, line.split("\t")) for n, line in source.numbered())
    )
    return RowSource(name=source.name, file_type="text", rows=rows)
