"""A library of imported disclosures on disk: one folder per document, written atomically.

    DATA/library/documents/<key>/
        <table>.parquet     the document's contract tables (one part per document)
        meta.json           id, region, department, edition, year, file name, content hash, read report
        original.<ext>      the file as uploaded (for quotes and re-reading)

A document is written into a temporary folder beside ``documents/`` and moved into place
with one rename, under a file lock: a crash or a killed process mid-import leaves either
the whole document or nothing, and two importers never interleave. Removing a document
moves its folder to ``trash/`` (nothing is lost by accident).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import polars as pl
from filelock import FileLock

from loaders.contract import TABLES
from loaders.validate import validate_table

LOCK_TIMEOUT_S = 120


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


class Library:
    def __init__(self, root: Path):
        self.root = Path(root)
        self.documents = self.root / "documents"
        self.trash = self.root / "trash"
        self.lock = FileLock(str(self.root / ".lock"), timeout=LOCK_TIMEOUT_S)

    # ------------------------------------------------------------------ reading

    def entries(self) -> list[Entry]:
        if not self.documents.is_dir():
            return []
        out = []
        for folder in sorted(self.documents.iterdir()):
            meta = folder / "meta.json"
            if folder.is_dir() and meta.is_file():
                data = json.loads(meta.read_text(encoding="utf-8"))
                out.append(Entry(**{k: data[k] for k in Entry.__dataclass_fields__}))
        return out

    def tables(self) -> dict[str, pl.DataFrame]:
        """Every table over every document in the library (empty tables when there is none)."""
        parts: dict[str, list[pl.DataFrame]] = {name: [] for name in TABLES}
        for entry in self.entries():
            for name in TABLES:
                parts[name].append(pl.read_parquet(self.documents / entry.key / f"{name}.parquet"))
        return {name: validate_table(name, pl.concat(frames, how="vertical") if frames
                                     else pl.DataFrame(schema=TABLES[name].columns))
                for name, frames in parts.items()}

    def original(self, key: str) -> Path:
        folder = self.documents / key
        return next(folder.glob("original.*"))

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
                          edition=meta.get("edition") or "", file=safe_name(file_name), sha256=digest)
            self._write(entry, _with_id(tables, doc_id), data, meta.get("report", {}))
            return Added("replaced" if replaced else "added", entry, replaced)

    def remove(self, key: str) -> Entry:
        """Move a document to trash (restorable by moving its folder back)."""
        with self.lock:
            entry = next((e for e in self.entries() if e.key == key), None)
            if entry is None:
                raise LibraryError(f"文档库中没有 {key}", f"no document {key} in the library")
            self._to_trash(key)
            return entry

    def _write(self, entry: Entry, tables: dict[str, pl.DataFrame], data: bytes, report: dict) -> None:
        staging = self.root / f".tmp-{uuid.uuid4().hex}"
        staging.mkdir(parents=True)
        try:
            for name in TABLES:
                validate_table(name, tables[name]).write_parquet(staging / f"{name}.parquet")
            suffix = Path(entry.file).suffix.lower() or ".bin"
            (staging / f"original{suffix}").write_bytes(data)
            meta = {**entry.__dict__, "report": report}
            (staging / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
            self.documents.mkdir(parents=True, exist_ok=True)
            os.replace(staging, self.documents / entry.key)  # one rename: all or nothing
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise

    def _to_trash(self, key: str) -> None:
        self.trash.mkdir(parents=True, exist_ok=True)
        os.replace(self.documents / key, self.trash / f"{key}-{uuid.uuid4().hex[:8]}")


def _with_id(tables: dict[str, pl.DataFrame], doc_id: str) -> dict[str, pl.DataFrame]:
    return {name: frame.with_columns(pl.lit(doc_id).alias("county_id")) if "county_id" in frame.columns
            else frame for name, frame in tables.items()}
