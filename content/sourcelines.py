"""Quoting source lines next to flags and checks."""

from __future__ import annotations

import re


def quote_line(lines: tuple[str, ...], number: int | None) -> str:
    """The raw text of line ``number`` with tabs shown as ' | ' ('' if out of range)."""
    if number is None or number < 1 or number > len(lines):
        return ""
    return lines[number - 1].replace("\t", " | ").strip(" |")


def parse_line_list(text: str | None) -> list[int]:
    """'98-100, 104' -> [98, 99, 100, 104]."""
    out: list[int] = []
    for part in re.split(r"\s*,\s*", text or ""):
        if not part:
            continue
        if "-" in part:
            start, end = (int(x) for x in part.split("-", 1))
            out.extend(range(start, end + 1))
        else:
            out.append(int(part))
    return out


def row_sources(tables: dict, county_id: str, year: int) -> dict[int, tuple[int | None, str]]:
    """Line -> (page, text as read) over every table row of one document-year that carries
    provenance (contract LINE_TABLES): what 查看原文 highlights for a check's line numbers."""
    import polars as pl

    from contract.tables import LINE_TABLES

    out: dict[int, tuple[int | None, str]] = {}
    for name in LINE_TABLES:
        frame = tables.get(name)
        if frame is None or "source_text" not in frame.columns:
            continue
        rows = frame.filter((pl.col("county_id") == county_id) & (pl.col("year") == year)
                            & pl.col("source_text").is_not_null())
        for line, page, text in rows.select("line", "page", "source_text").iter_rows():
            out.setdefault(line, (page, text))
    return out
