"""The shipped documents and the command line, above the reader and the library.

`load_all()` reads the four shipped documents through the general reader (reader/) and returns
the contract's tables (contract/tables.py) as polars frames keyed by table name.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from contract.errors import SchemaError, SourceFormatError
from contract.source import SourceText, decode_source, read_source
from contract.tables import TABLES, empty_frame
from contract.validate import validate_table
from loaders.corrections import CORRECTIONS_FILE, apply_corrections, read_corrections
from loaders.registry import COUNTIES, RAW_DIR, CountySource

__all__ = [
    "SchemaError",
    "SourceFormatError",
    "TABLES",
    "load_all",
    "load_available",
    "combine",
    "load_county",
    "parse_county_text",
]

def parse_county_text(county: CountySource, source: SourceText,
                      corrections_file: Path = CORRECTIONS_FILE) -> dict[str, pl.DataFrame]:
    """Read one shipped document with the general reader, strictly: its corrections must
    still fit, every table it publishes must be found, and any row the reader had to
    skip is an error naming the line (an uploaded document only gets a warning)."""
    from reader.document import read_rows_document  # the reader builds on this package
    from reader.errors import UnreadableDocument
    from reader.kinds import KIND_BY_ID
    from reader.text import rows_from_text

    fixes = [c for c in read_corrections(corrections_file) if c.county_id == county.county_id]
    corrected_source, corrected_lines = apply_corrections(source, fixes)
    # the province, which the text does not state, is the document's profile's (data/profiles/)
    overrides = {"id": county.county_id, "region": county.county_name}
    try:
        result = read_rows_document(rows_from_text(corrected_source), overrides, corrected_lines)
    except UnreadableDocument as exc:
        raise SourceFormatError(source.name, len(source.lines), exc.en) from exc
    for warning in result.report["warnings"]:
        raise SourceFormatError(source.name, warning["line"] or len(source.lines), warning["message"])
    found = {t["kind"] for t in result.report["tables"] if t["status"] != "未找到"}
    missing = [KIND_BY_ID[kind].label for kind in county.tables if kind not in found]
    empty = [name for name in county.frames if result.tables[name].is_empty()]
    if result.meta.department is None:
        empty.append("department (编制部门/单位名称)")
    if missing or empty:
        raise SourceFormatError(source.name, len(source.lines),
                                "file truncated or replaced? "
                                + "; ".join(filter(None, [missing and "tables not found: " + "、".join(missing),
                                                          empty and "nothing read for: " + ", ".join(empty)])))
    return result.tables



def load_county(county_id: str, raw_dir: Path = RAW_DIR) -> dict[str, pl.DataFrame]:
    county = COUNTIES[county_id]
    return parse_county_text(county, read_source(raw_dir / county.file))


def load_all(raw_dir: Path = RAW_DIR) -> dict[str, pl.DataFrame]:
    """Every contract table for all shipped counties; the first bad source raises."""
    return combine([load_county(county_id, raw_dir) for county_id in COUNTIES])


def load_available(raw_dir: Path = RAW_DIR) -> tuple[dict[str, pl.DataFrame], list[SourceFormatError | SchemaError]]:
    """Like load_all, but a county whose source fails is left out and its error returned."""
    loaded, errors = [], []
    for county_id in COUNTIES:
        try:
            loaded.append(load_county(county_id, raw_dir))
        except (SourceFormatError, SchemaError) as exc:
            errors.append(exc)
    return combine(loaded), errors


def combine(per_county: list[dict[str, pl.DataFrame]]) -> dict[str, pl.DataFrame]:
    """Concatenate per-county tables (an empty list gives empty tables)."""
    return {
        name: validate_table(name, pl.concat([empty_frame(name)] + [t[name] for t in per_county], how="vertical"))
        for name in TABLES
    }


def decode(name: str, data: bytes) -> SourceText:
    """Decode uploaded or in-memory bytes with the same checks as files on disk."""
    return decode_source(name, data)
