"""Extracted text (the four seeds' form) as rows: one row per line, cells split on tabs."""

from __future__ import annotations

from loaders.source import SourceText
from reader.rows import Row, RowSource


def rows_from_text(source: SourceText) -> RowSource:
    """Line n of the text is row n, so row numbers are the seeds' line citations."""
    rows = tuple(
        Row(cells=tuple(cell.strip() for cell in line.split("\t")), number=number)
        for number, line in source.numbered()
    )
    return RowSource(name=source.name, kind="text", rows=rows)
