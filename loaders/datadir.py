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

from contract.tables import TABLES, with_defaults
from contract.validate import validate_table

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
        # written before a column existed (`confirmed`: unconfirmed; `other_wan`: null), in contract order
        frame = with_defaults(name, pl.scan_parquet(path))
        if set(frame.collect_schema().names()) == set(spec.columns):
            frame = frame.select(list(spec.columns))
        schema = dict(frame.collect_schema())
        if schema != spec.columns:
            raise DataDirError(path, f"columns/types {schema} != {spec.columns}")
        tables[name] = frame
    tables["counties"] = validate_table("counties", tables["counties"].collect())
    return tables


def has_tables(data_dir: Path) -> bool:
    """A data directory may hold a whole dataset's tables (e.g. `python -m synthetic`) or only
    a library of imported documents (``DATA/library``), or both."""
    return (data_dir / "counties.parquet").is_file()


def merge_tables(parts: Sequence[Tables]) -> tuple[Tables, list[str]]:
    """One set of tables over several sources (shipped documents, a data directory, the library).

    ``counties`` stays in memory; any lazy part makes the merged table lazy. A document whose
    (id, year) an earlier part already holds is left out and named in the returned messages
    (the shipped documents come first, so an import can never shadow them).
    """
    messages: list[str] = []
    taken: set[tuple[str, int]] = set()
    kept: list[Tables] = []
    for part in parts:
        counties = part["counties"]
        counties = counties.collect() if isinstance(counties, pl.LazyFrame) else counties
        keys = set(zip(counties["county_id"], counties["year"], strict=True))
        clash = keys & taken
        if clash:
            messages.extend(f"{doc} {year} 与已加载的文件重复，未重复显示" for doc, year in sorted(clash))
            drop = pl.DataFrame({"county_id": [c for c, _ in clash], "year": [y for _, y in clash]},
                                schema={"county_id": pl.String, "year": pl.Int64})
            part = {name: frame.join(drop.lazy() if isinstance(frame, pl.LazyFrame) else drop,
                                     on=["county_id", "year"], how="anti") for name, frame in part.items()}
            counties = counties.join(drop, on=["county_id", "year"], how="anti")
        taken |= keys
        kept.append({**part, "counties": counties})
    merged: Tables = {}
    for name in TABLES:
        frames = [part[name] for part in kept]
        if any(isinstance(f, pl.LazyFrame) for f in frames):
            merged[name] = pl.concat([f.lazy() for f in frames], how="vertical")
        else:
            merged[name] = pl.concat(frames, how="vertical")
    return merged, messages
