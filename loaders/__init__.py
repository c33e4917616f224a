"""Loaders: tidy, validated frames from the county budget disclosures.

`load_all()` parses the four shipped documents and returns the contract's
tables (see loaders/contract.py) as polars frames keyed by table name.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import polars as pl

from loaders.checks import build_checks
from loaders.contract import LINE_TABLES, TABLES, ParsedDocument, empty_frame, frame_from_rows
from loaders.corrections import CORRECTIONS_FILE, apply_corrections, read_corrections
from loaders.errors import SchemaError, SourceFormatError
from loaders.registry import COUNTIES, RAW_DIR, CountySource
from loaders.source import SourceText, decode_source, read_source
from loaders.validate import validate_table

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

_PARSED_TABLES = (
    "summary", "income", "expenditure_function", "expenditure_economic", "sangong",
    "projects", "programs", "indicators", "prior_year",
)


def parse_county_text(county: CountySource, source: SourceText,
                      corrections_file: Path = CORRECTIONS_FILE) -> dict[str, pl.DataFrame]:
    """Parse one county's text into validated frames (one county-year each)."""
    fixes = [c for c in read_corrections(corrections_file) if c.county_id == county.county_id]
    corrected_source, corrected_lines = apply_corrections(source, fixes)
    parser = importlib.import_module(county.parser)
    doc: ParsedDocument = parser.parse(corrected_source)
    tables = {
        name: frame_from_rows(name, getattr(doc, name), county.county_id, doc.year)
        for name in _PARSED_TABLES
    }
    # The layout parsers read only prior-year figures for the year before the document's.
    tables["prior_year"] = tables["prior_year"].with_columns(
        pl.col("for_year").fill_null(doc.year - 1))
    for name in LINE_TABLES:
        if name in tables:
            tables[name] = with_provenance(tables[name], corrected_source, corrected_lines)
    checks = build_checks(tables, doc.extra_checks)
    tables["checks"] = frame_from_rows("checks", checks, county.county_id, doc.year)
    tables["counties"] = frame_from_rows("counties", [{
        "county_name": county.county_name, "province": county.province,
        "department": doc.department, "document": county.file,
    }], county.county_id, doc.year)
    return {name: validate_table(name, frame) for name, frame in tables.items()}


def with_provenance(frame: pl.DataFrame, source: SourceText, corrected_lines: frozenset[int]) -> pl.DataFrame:
    """Fill `source_text` (the line as read) and `corrected` from the text's line numbers."""
    if frame.is_empty():
        return frame
    return frame.with_columns(
        pl.col("line").map_elements(source.line, return_dtype=pl.String).alias("source_text"),
        pl.col("line").is_in(sorted(corrected_lines)).alias("corrected"),
    )


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
