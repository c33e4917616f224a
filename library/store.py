"""A library of imported disclosures on disk: one folder per document, written atomically.

    DATA/library/documents/province=<province>/year=<year>/<key>/
        <table>.parquet     the document's contract tables (one part per document)
        meta.json           id, region, department, edition, year, province, file name, content hash,
                            read report
        original.<ext>      the file as uploaded (for quotes and re-reading)

The folders above the documents are a hive layout (issue 11): ``Library.scan()`` reads every table
over all documents with one ``pl.scan_parquet`` glob per table, and a filter on province or year
skips the other partitions' files unread. The partition values are the document's own: ``year`` is
the contract's year column and ``province`` the counties table's (polars takes a hive column's
value from the path, so the two must agree; a document stating no province goes to
``province=未知``).

A document is written into a temporary folder beside ``documents/`` and moved into place
with one rename, under a file lock: a crash or a killed process mid-import leaves either
the whole document or nothing, and two importers never interleave. Removing a document
moves its folder to ``trash/`` (nothing is lost by accident).

Libraries written before the partitions (``documents/<key>/``) are read as they are, and their
documents move into their partitions, one rename each, on the next add or remove.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import polars as pl
from filelock import FileLock

from loaders.contract import TABLES
from loaders.validate import validate_table

LOCK_TIMEOUT_S = 120
UNKNOWN_PROVINCE = "未知"
_HIVE = {"province": pl.String, "year": pl.Int64}  # partition keys, outermost first
_DOCUMENTS = "province=*/year=*/*"  # every document folder, relative to documents/


class LibraryError(Exception):
    """A library operation that cannot go ahead; ``zh`` is shown to the user."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


@dataclass(frozen=True)
class Entry:
    key: str  # folder name: the document id and year (ids of kept duplicates get -2, -3 …)
    doc_id: str
    year: int
    region: str
    department: str
    edition: str
    file: str
    sha256: str
    province: str = UNKNOWN_PROVINCE  # the partition the document is stored in


@dataclass(frozen=True)
class Added:
    status: str  # "added" | "duplicate" | "replaced" | "conflict"
    entry: Entry | None
    existing: Entry | None = None  # the document already there (duplicate / conflict / replaced)


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def safe_name(name: str) -> str:
    """A file name reduced to its last part and to characters safe on any file system."""
    base = re.split(r"[\\/]", name)[-1]
    cleaned = re.sub(r"[^\w.\-\u4e00-\u9fff]+", "_", base).strip("._") or "document"
    return cleaned[:120]


def partition_value(value: str) -> str:
    """A hive partition value as a folder name. Characters a path or the hive parser would misread
    are percent-encoded, which polars decodes when it scans, so the value reads back unchanged."""
    return "".join(quote(ch, safe="") if ch in "%/\\=" or not ch.isprintable() or (i == 0 and ch == ".")
                   else ch for i, ch in enumerate(value))


class Library:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.documents = self.root / "documents"
        self.trash = self.root / "trash"
        self.lock = FileLock(str(self.root / ".lock"), timeout=LOCK_TIMEOUT_S)

    # ------------------------------------------------------------------ reading

    def entries(self) -> list[Entry]:
        return [entry for entry, _ in self._located()]

    def scan(self, *, provinces: Collection[str] | None = None,
             years: Collection[int] | None = None) -> dict[str, pl.LazyFrame]:
        """Every table over every document, lazily: exactly the contract's columns and types.

        Nothing is read until the frames are collected. ``provinces`` / ``years`` keep those
        partitions only, unread files elsewhere; a filter on ``year`` (any table) or on the
        counties table's ``province`` prunes the same way."""
        if isinstance(provinces, str):
            provinces = [provinces]
        return {name: self._scan_table(name, provinces, years) for name in TABLES}

    def tables(self) -> dict[str, pl.DataFrame]:
        """Every table over every document in the library (empty tables when there is none)."""
        return {name: validate_table(name, frame.collect()) for name, frame in self.scan().items()}

    def original(self, key: str) -> Path:
        return next(self._folder(key).glob("original.*"))

    def _scan_table(self, name: str, provinces: Collection[str] | None,
                    years: Collection[int] | None) -> pl.LazyFrame:
        columns = TABLES[name].columns
        hive = pl.scan_parquet(f"{self.documents}/{_DOCUMENTS}/{name}.parquet", schema=columns,
                               hive_partitioning=True, hive_schema=_HIVE)
        legacy = pl.scan_parquet(f"{self.documents}/*/{name}.parquet", schema=columns, hive_partitioning=False)
        if provinces is not None:
            hive = hive.filter(pl.col("province").is_in(list(provinces)))
            keep = self._legacy_counties().filter(pl.col("province").is_in(list(provinces)))
            legacy = legacy.join(keep.select("county_id", "year"), on=["county_id", "year"], how="semi")
        frame = pl.concat([hive.select(list(columns)), legacy], how="vertical")
        return frame if years is None else frame.filter(pl.col("year").is_in(list(years)))

    def _legacy_counties(self) -> pl.LazyFrame:
        return pl.scan_parquet(f"{self.documents}/*/counties.parquet", schema=TABLES["counties"].columns,
                               hive_partitioning=False)

    def _located(self) -> list[tuple[Entry, Path]]:
        if not self.documents.is_dir():
            return []
        folders = [meta.parent for meta in self.documents.glob(f"{_DOCUMENTS}/meta.json")]
        found = [(_entry(folder), folder) for folder in folders + self._legacy_folders()]
        return sorted(found, key=lambda pair: pair[0].key)

    def _legacy_folders(self) -> list[Path]:
        """Documents stored before the partitions, straight under documents/."""
        if not self.documents.is_dir():
            return []
        return sorted(meta.parent for meta in self.documents.glob("*/meta.json"))

    def _folder(self, key: str) -> Path:
        legacy = self.documents / key
        if (legacy / "meta.json").is_file():
            return legacy
        found = sorted(self.documents.glob(f"province=*/year=*/{glob.escape(key)}/meta.json"))
        if not found:
            raise LibraryError(f"文档库中没有 {key}", f"no document {key} in the library")
        return found[0].parent

    def _partition(self, province: str, year: int) -> Path:
        return self.documents / f"province={partition_value(province)}" / f"year={year}"

    # ------------------------------------------------------------------ writing

    def add(self, tables: dict[str, pl.DataFrame], meta: dict, data: bytes, file_name: str,
            on_conflict: str = "ask") -> Added:
        """Store one read document. The same bytes again -> "duplicate" (nothing written);
        another file for the same document id and year -> "conflict" unless ``on_conflict`` is
        "replace" (the old one goes to trash) or "keep_both" (the new one gets a new id)."""
        if on_conflict not in ("ask", "replace", "keep_both"):
            raise ValueError(on_conflict)
        digest = content_hash(data)
        self.root.mkdir(parents=True, exist_ok=True)
        with self.lock:
            self._migrate()
            existing = self.entries()
            same = next((e for e in existing if e.sha256 == digest), None)
            if same is not None:
                return Added("duplicate", None, same)
            doc_id, year = meta["id"], int(meta["year"])
            clash = next((e for e in existing if e.doc_id == doc_id and e.year == year), None)
            replaced = None
            if clash is not None:
                if on_conflict == "ask":
                    return Added("conflict", None, clash)
                if on_conflict == "replace":
                    self._to_trash(clash.key)
                    replaced = clash
                else:
                    taken = {e.doc_id for e in existing}
                    doc_id = next(f"{meta['id']}-{n}" for n in range(2, 10_000) if f"{meta['id']}-{n}" not in taken)
            entry = Entry(key=f"{doc_id}-{year}", doc_id=doc_id, year=year,
                          region=meta.get("region") or "", department=meta.get("department") or "",
                          edition=meta.get("edition") or "", file=safe_name(file_name), sha256=digest,
                          province=_province(tables, meta))
            self._write(entry, _with_id(tables, doc_id), data, meta.get("report", {}))
            return Added("replaced" if replaced else "added", entry, replaced)

    def remove(self, key: str) -> Entry:
        """Move a document to trash (restorable by moving its folder back)."""
        with self.lock:
            self._migrate()
            entry = next((e for e in self.entries() if e.key == key), None)
            if entry is None:
                raise LibraryError(f"文档库中没有 {key}", f"no document {key} in the library")
            self._to_trash(key)
            return entry

    def _write(self, entry: Entry, tables: dict[str, pl.DataFrame], data: bytes, report: dict) -> None:
        _check_year(tables, entry.year)
        staging = self.root / f".tmp-{uuid.uuid4().hex}"
        staging.mkdir(parents=True)
        try:
            for name in TABLES:
                validate_table(name, tables[name]).write_parquet(staging / f"{name}.parquet")
            suffix = Path(entry.file).suffix.lower() or ".bin"
            (staging / f"original{suffix}").write_bytes(data)
            meta = {**entry.__dict__, "report": report}
            (staging / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
            partition = self._partition(entry.province, entry.year)
            partition.mkdir(parents=True, exist_ok=True)
            os.replace(staging, partition / entry.key)  # one rename: all or nothing
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def _to_trash(self, key: str) -> None:
        folder = self._folder(key)
        self.trash.mkdir(parents=True, exist_ok=True)
        os.replace(folder, self.trash / f"{key}-{uuid.uuid4().hex[:8]}")
        self._prune(folder.parent)

    def _migrate(self) -> None:
        """Move documents stored before the partitions into theirs: one rename each (under the lock)."""
        for folder in self._legacy_folders():
            entry = _entry(folder)
            partition = self._partition(entry.province, entry.year)
            partition.mkdir(parents=True, exist_ok=True)
            os.replace(folder, partition / entry.key)

    def _prune(self, partition: Path) -> None:
        """Drop the year and province folders a removal left empty (under the lock)."""
        for folder in (partition, partition.parent):
            if folder != self.documents and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()


def _entry(folder: Path) -> Entry:
    data = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    fields = {k: data[k] for k in Entry.__dataclass_fields__ if k != "province"}
    if folder.parent.name.startswith("year="):  # partitioned: the path is what a scan sees
        province = unquote(folder.parent.parent.name.partition("=")[2])
    else:  # stored before the partitions: meta.json did not name it, the counties table does
        province = _province({"counties": pl.read_parquet(folder / "counties.parquet")}, data)
    return Entry(**fields, province=province)


def _province(tables: dict[str, pl.DataFrame], meta: dict) -> str:
    """The counties table's province (a scan takes it from the partition, so it must be the same
    value), else meta's, else UNKNOWN_PROVINCE."""
    counties = tables.get("counties")
    stated = counties["province"].drop_nulls().unique().to_list() if counties is not None else []
    if len(stated) > 1:
        raise LibraryError(f"同一文档标明了多个省份：{'、'.join(sorted(stated))}",
                           f"one document states several provinces: {', '.join(sorted(stated))}")
    value = stated[0] if stated else meta.get("province")
    return value if value and value.strip() else UNKNOWN_PROVINCE


def _check_year(tables: dict[str, pl.DataFrame], year: int) -> None:
    """Rows of another year would be read as ``year`` from this partition: refuse them."""
    for name, frame in tables.items():
        other = frame["year"].filter(frame["year"] != year)
        if other.len():
            raise LibraryError(f"{name} 表中有 {other[0]} 年的行，文档年度为 {year}",
                               f"table {name} has rows of {other[0]} in a document of {year}")


def _with_id(tables: dict[str, pl.DataFrame], doc_id: str) -> dict[str, pl.DataFrame]:
    return {name: frame.with_columns(pl.lit(doc_id).alias("county_id")) if "county_id" in frame.columns
            else frame for name, frame in tables.items()}
