"""A data directory of Parquet tables (e.g. from `python -m synthetic`) instead of data/raw.

Chosen by ``streamlit run app.py -- --data DIR`` or the ``BUDGET_DATA_DIR`` environment
variable. Only the small ``counties`` table is read into memory; every other table
stays a polars LazyFrame over its Parquet file, and a page collects just the
county-years it shows (content.selection.cut_tables), validated on the way.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

from loaders.contract import TABLES
from loaders.validate import validate_table

DATA_DIR_ENV = "BUDGET_DATA_DIR"
Tables = dict[str, pl.DataFrame | pl.LazyFrame]


class DataDirError(Exception):
    """The data directory lacks a table or a table breaks the contract's columns."""

    def __init__(self, path: Path, reason: str):
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


def data_dir_from(argv: Sequence[str], environ: Mapping[str, str]) -> Path | None:
    """``--data DIR`` among the script arguments, else $BUDGET_DATA_DIR, else None (data/raw)."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--data", type=Path)
    known, _ = parser.parse_known_args(list(argv))
    if known.data:
        return known.data
    value = environ.get(DATA_DIR_ENV, "").strip()
    return Path(value) if value else None


def scan_tables(data_dir: Path) -> Tables:
    """``counties`` read and validated; every other table a LazyFrame with contract columns."""
    tables: Tables = {}
    for name, spec in TABLES.items():
        path = data_dir / f"{name}.parquet"
        if not path.is_file():
            raise DataDirError(path, "missing table file")
        frame = pl.scan_parquet(path)
        schema = dict(frame.collect_schema())
        if schema != spec.columns:
            raise DataDirError(path, f"columns/types {schema} != {spec.columns}")
        tables[name] = frame
    tables["counties"] = validate_table("counties", tables["counties"].collect())
    return tables
