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

The folders are the truth; ``index.log`` beside them indexes them, so that ``add`` and ``remove``
find duplicates and clashes without reading every document's meta.json (which cost 290 µs per
stored document and write). It is an append-only log: a header line ``{"op": "index", "id": …}``
naming this build of it, then one JSON line per rename, ``{"op": "add" | "remove", "key",
"doc_id", "year", "sha256", "province", …}`` (every Entry field). Each Library object remembers
the id and the offset it has read up to and, under the lock, reads only the lines appended since,
by itself or any other process (the whole index again only when the id changed: another process
rebuilt it).

Each line is appended *after* its rename: a crash can leave a document the index does not know
yet, never an indexed document that is not there (which would answer "duplicate" and drop the
user's file). To notice such a crash without listing the library, a writer first records the
renames it is about to make, and where the log ends, in ``index.pending`` (written whole, by a
rename), and deletes it once every line is appended. Under the lock, a pending record left behind
means its writer died: the next user cuts a torn last line, looks at the one folder whose rename
may lack its line (one meta.json read) and appends that line. On its first use a Library object
also compares the index's document count with a count of the document folders (directory
listings, no file read): a missing, unreadable or miscounted index (a library written before the
index, a folder moved back from trash by hand) is rebuilt from every meta.json, once; and the
document a "duplicate" or "conflict" answer names is looked for first (one stat), so a folder
deleted by hand makes the index be rebuilt rather than the answer wrong. Nothing is fsync'ed, as
for the documents themselves: the guarantees hold when a process dies at any point, not the
machine.

Libraries written before the partitions (``documents/<key>/``) are read as they are, and their
documents move into their partitions, one rename each, on the next add or remove.
"""

from __future__ import annotations

import glob
import hashlib
import io
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import polars as pl
from filelock import FileLock

from contract.tables import EDITIONS, IMPORTED_ID_PATTERN, TABLES, with_defaults
from contract.validate import validate_table

LOCK_TIMEOUT_S = 120
UNKNOWN_PROVINCE = "未知"
_HIVE = {"province": pl.String, "year": pl.Int64}  # partition keys, outermost first
_DOCUMENTS = "province=*/year=*/*"  # every document folder, relative to documents/
INDEX = "index.log"  # beside documents/: one JSON line per add or remove
PENDING = "index.pending"  # what a writer is about to do; left behind only if it died


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


def meta_of(result, **changes) -> dict:
    """What Library.add needs to know about a read document (reader.document.ReadResult):
    id, year, region, department, edition and the read report; ``changes`` override any."""
    return {"id": result.doc_id, "year": result.meta.year, "region": result.meta.region,
            "department": result.meta.department, "edition": result.meta.edition, "report": result.report,
            **changes}


@dataclass(frozen=True)
class Prepared:
    """A read document encoded for storing, built by ``prepare`` wherever the document was read (a
    batch worker, another machine): the library's writer then only checks the index, writes these
    bytes and renames (the validation and Parquet encoding were two thirds of a write)."""

    doc_id: str
    year: int
    region: str
    department: str
    edition: str
    file: str  # the safe file name
    sha256: str
    province: str
    tables: dict[str, bytes]  # each contract table as Parquet, county_id = doc_id
    data: bytes  # the original file
    report: dict


def prepare(tables: dict[str, pl.DataFrame], meta: dict, data: bytes, file_name: str) -> Prepared:
    """Check and encode a read document for Library.add_prepared. Raises LibraryError (rows of
    another year, several provinces) or SchemaError (tables breaking the contract)."""
    doc_id, year = meta["id"], int(meta["year"])
    framed = _with_id(tables, doc_id)
    _check_year(framed, year)
    return Prepared(doc_id=doc_id, year=year, region=meta.get("region") or "",
                    department=meta.get("department") or "", edition=meta.get("edition") or "",
                    file=safe_name(file_name), sha256=content_hash(data), province=_province(tables, meta),
                    tables={name: _parquet(validate_table(name, framed[name])) for name in TABLES},
                    data=data, report=meta.get("report", {}))


def _parquet(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_parquet(buffer)
    return buffer.getvalue()


def _reidentified(tables: dict[str, bytes], doc_id: str) -> dict[str, bytes]:
    """The encoded tables under another document id (a kept duplicate's ``…-2``). Only the id
    changes, so only the id is checked again (the rest was validated by ``prepare``)."""
    if not re.fullmatch(IMPORTED_ID_PATTERN, doc_id):
        raise LibraryError(f"文档编号不合规：{doc_id}", f"not a document id: {doc_id}")
    return {name: _parquet(pl.read_parquet(io.BytesIO(encoded)).with_columns(pl.lit(doc_id).alias("county_id")))
            for name, encoded in tables.items()}


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
        self.index = self.root / INDEX
        self._pending = self.root / PENDING
        # the index as read so far (under the lock): its id (header line) and the offset read up to
        self._index_id: str | None = None
        self._offset = 0
        self._by_key: dict[str, Entry] = {}
        self._by_sha: dict[str, set[str]] = {}  # the same bytes twice only if put back by hand
        self._by_id: dict[tuple[str, int], str] = {}
        self._ids: dict[str, int] = {}  # doc_id -> documents with it (any year)

    # ------------------------------------------------------------------ reading

    def entries(self) -> list[Entry]:
        """Every document, read from the folders (each meta.json): the listing, not the index."""
        return [entry for entry, _ in self._located()]

    def stamp(self) -> tuple[int, ...]:
        """A value that changes whenever any process adds or removes a document, and stays equal
        otherwise: two ``stat`` calls, no lock, nothing read. Compare stamps for equality only.

        It is the index's inode, size and mtime, and the pending record's: an add or remove appends
        to the index, a rebuild replaces it, and a writer that died after its rename leaves its
        pending record. A library written before the index has none until its first add or remove,
        and folders moved by hand are not seen until the next writer recounts: the stamp stays the
        same meanwhile."""
        return _file_stamp(self.index) + _file_stamp(self._pending)

    def scan(self, *, provinces: Collection[str] | None = None,
             years: Collection[int] | None = None) -> dict[str, pl.LazyFrame]:
        """Every table over every document, lazily: exactly the contract's columns and types.

        Nothing is read until the frames are collected. ``provinces`` / ``years`` keep those
        partitions only, unread files elsewhere; a filter on ``year`` (any table) or on the
        counties table's ``province`` prunes the same way."""
        if isinstance(provinces, str):
            provinces = [provinces]
        return {name: self._scan_table(name, provinces, years) for name in TABLES}

    def document_tables(self, key: str) -> dict[str, pl.DataFrame]:
        """One document's tables, read from its folder (the dashboard keeps these per document,
        so a change to the library reads only the documents it has not seen)."""
        folder = self._folder(key)
        tables = {name: validate_table(name, with_defaults(name, pl.scan_parquet(
                      folder / f"{name}.parquet", schema=spec.columns, hive_partitioning=False,
                      missing_columns="insert")).collect())
                  for name, spec in TABLES.items()}
        counties = tables["counties"]
        if counties["edition"].null_count():  # stored before the counties table held it: meta.json does
            edition = json.loads((folder / "meta.json").read_text(encoding="utf-8")).get("edition") or None
            if edition in EDITIONS:
                tables["counties"] = counties.with_columns(pl.col("edition").fill_null(edition))
        return tables

    def tables(self) -> dict[str, pl.DataFrame]:
        """Every table over every document in the library (empty tables when there is none)."""
        return {name: validate_table(name, frame.collect()) for name, frame in self.scan().items()}

    def original(self, key: str) -> Path:
        return next(self._folder(key).glob("original.*"))

    def _scan_table(self, name: str, provinces: Collection[str] | None,
                    years: Collection[int] | None) -> pl.LazyFrame:
        columns = TABLES[name].columns
        # a document stored before a column existed (``confirmed``) reads with its default
        hive = pl.scan_parquet(f"{self.documents}/{_DOCUMENTS}/{name}.parquet", schema=columns,
                               hive_partitioning=True, hive_schema=_HIVE, missing_columns="insert")
        legacy = pl.scan_parquet(f"{self.documents}/*/{name}.parquet", schema=columns, hive_partitioning=False,
                                 missing_columns="insert")
        if provinces is not None:
            hive = hive.filter(pl.col("province").is_in(list(provinces)))
            keep = self._legacy_counties().filter(pl.col("province").is_in(list(provinces)))
            legacy = legacy.join(keep.select("county_id", "year"), on=["county_id", "year"], how="semi")
        frame = with_defaults(name, pl.concat([hive.select(list(columns)), legacy], how="vertical"))
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
        return self.add_prepared(prepare(tables, meta, data, file_name), on_conflict)

    def add_prepared(self, doc: Prepared, on_conflict: str = "ask") -> Added:
        """``add`` for a document ``prepare`` encoded (in a batch worker): only the index is checked
        and the bytes written under the lock."""
        if on_conflict not in ("ask", "replace", "keep_both"):
            raise ValueError(on_conflict)
        self.root.mkdir(parents=True, exist_ok=True)
        with self.lock:
            self._migrate()
            self._sync()
            same = self._found(lambda: self._first(self._by_sha.get(doc.sha256, ())))
            if same is not None:
                return Added("duplicate", None, same)
            doc_id, year = doc.doc_id, doc.year
            clash = self._found(lambda: self._by_key.get(self._by_id.get((doc_id, year), "")))
            if clash is not None and on_conflict == "ask":
                return Added("conflict", None, clash)
            if clash is not None and on_conflict == "keep_both":
                doc_id = next(f"{doc.doc_id}-{n}" for n in range(2, 10_000) if f"{doc.doc_id}-{n}" not in self._ids)
            replaced = clash if on_conflict == "replace" else None
            entry = Entry(key=f"{doc_id}-{year}", doc_id=doc_id, year=year, region=doc.region,
                          department=doc.department, edition=doc.edition, file=doc.file, sha256=doc.sha256,
                          province=doc.province)
            tables = doc.tables if doc_id == doc.doc_id else _reidentified(doc.tables, doc_id)
            staging = self._stage(entry, tables, doc.data, doc.report)
            try:
                steps = [] if replaced is None else [self._removal(replaced)]
                self._commit(steps + [self._addition(entry, staging)])
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            return Added("replaced" if replaced else "added", entry, replaced)

    def remove(self, key: str) -> Entry:
        """Move a document to trash (restorable by moving its folder back)."""
        with self.lock:
            self._migrate()
            self._sync()
            entry = self._by_key.get(key)
            if entry is None:
                raise LibraryError(f"文档库中没有 {key}", f"no document {key} in the library")
            self._commit([self._removal(entry)])
            return entry

    def _stage(self, entry: Entry, tables: dict[str, bytes], data: bytes, report: dict) -> Path:
        """The document written whole into a temporary folder, ready for its one rename."""
        staging = self.root / f".tmp-{uuid.uuid4().hex}"
        staging.mkdir(parents=True)
        try:
            for name in TABLES:
                (staging / f"{name}.parquet").write_bytes(tables[name])
            suffix = Path(entry.file).suffix.lower() or ".bin"
            (staging / f"original{suffix}").write_bytes(data)
            meta = {**entry.__dict__, "report": report}
            (staging / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return staging

    def _addition(self, entry: Entry, staging: Path) -> tuple[dict, Callable[[], None]]:
        target = self._partition(entry.province, entry.year) / entry.key

        def move() -> None:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging, target)  # one rename: all or nothing

        return self._step("add", entry, target), move

    def _removal(self, entry: Entry) -> tuple[dict, Callable[[], None]]:
        folder = self._where(entry)
        if folder is None:  # deleted by hand since it was indexed
            self._rebuild()
            raise LibraryError(f"文档库中没有 {entry.key}", f"no document {entry.key} in the library")

        def move() -> None:
            self.trash.mkdir(parents=True, exist_ok=True)
            os.replace(folder, self.trash / f"{entry.key}-{uuid.uuid4().hex[:8]}")
            self._prune(folder.parent)

        return self._step("remove", entry, folder), move

    def _step(self, op: str, entry: Entry, folder: Path) -> dict:
        """One rename as the pending record names it: the folder it concerns and its index line."""
        return {"path": folder.relative_to(self.root).as_posix(), "sha256": entry.sha256,
                "line": {"op": op, **asdict(entry)}}

    # ------------------------------------------------------------------ the index (under the lock)

    def _commit(self, steps: list[tuple[dict, Callable[[], None]]]) -> None:
        """Each rename, then its index line, under a pending record naming them all: whoever
        finds the record later knows a writer died at most one rename ahead of its lines."""
        record = {"index": self._index_id, "offset": self._offset, "steps": [step for step, _ in steps]}
        _write_whole(self._pending, json.dumps(record, ensure_ascii=False).encode("utf-8"))
        for step, move in steps:
            move()
            self._append(step["line"])
        self._pending.unlink()

    def _append(self, line: dict) -> None:
        """One whole line at the end of the index, then read like any other (so the offset read up
        to is the index's end: a line lost later shows as a shorter index)."""
        handle = os.open(self.index, os.O_WRONLY | os.O_APPEND)
        try:
            view = memoryview(_line(line))
            while view:
                view = view[os.write(handle, view):]
        finally:
            os.close(handle)
        self._read_new()

    def _sync(self) -> None:
        """Bring the maps up to date with the index, reading only what was appended since the last
        call; repair the index first if a writer died, rebuild it if it cannot be trusted."""
        try:
            pending = _pending_record(self._pending) if self._pending.exists() else None
            index_id = _header(self.index)
        except (OSError, ValueError):  # no index yet, or one it cannot read: start over
            return self._rebuild()
        if pending is not None and pending.get("index") != index_id:  # the index was rebuilt since
            return self._rebuild()
        first = index_id != self._index_id or self.index.stat().st_size < self._offset
        if first:  # never read, or replaced by another process's rebuild: read it whole
            self._forget(index_id)
        try:
            self._read_new()
            if pending is not None:
                self._recover(pending)
            self._cut_torn_tail()
        except _IndexDamaged:
            return self._rebuild()
        if first and not self._counted_right():
            self._rebuild()

    def _recover(self, pending: dict) -> None:
        """Finish the index of a writer that died: of the renames its record names, the lines of
        those before ``done`` are in the log; the next rename may have happened without its line."""
        with self.index.open("rb") as handle:
            handle.seek(pending["offset"])
            done = handle.read().count(b"\n")
        steps = pending["steps"]
        if done > len(steps):
            raise _IndexDamaged("more lines than the pending record names")
        self._cut_torn_tail()
        if done < len(steps) and self._happened(steps[done]):
            self._append(steps[done]["line"])
        self._pending.unlink()

    def _happened(self, step: dict) -> bool:
        """Whether the rename of ``step`` took place: one folder looked at, one meta.json read."""
        meta = self.root / step["path"] / "meta.json"
        holds = meta.is_file() and json.loads(meta.read_text(encoding="utf-8")).get("sha256") == step["sha256"]
        return holds if step["line"]["op"] == "add" else not holds

    def _read_new(self) -> None:
        """Apply the complete lines appended since the offset read up to; a torn last line waits."""
        with self.index.open("rb") as handle:
            handle.seek(self._offset)
            chunk = handle.read()
        end = chunk.rfind(b"\n") + 1
        for raw in chunk[:end].splitlines():
            self._apply(_event(raw))
        self._offset += end

    def _cut_torn_tail(self) -> None:
        """Drop a last line left incomplete by a writer that died (its lines are re-derived)."""
        if self.index.stat().st_size > self._offset:
            os.truncate(self.index, self._offset)

    def _counted_right(self) -> bool:
        """Whether the index holds as many documents as there are folders (listings only, until they
        differ: then meta.json's presence is checked too, as ``entries()`` does)."""
        indexed = len(self._by_key)
        return indexed == self._count_folders(False) or indexed == self._count_folders(True)

    def _count_folders(self, with_meta: bool) -> int:
        """The document folders ``entries()`` would find (plain strings: a Path each costs more than
        the listing)."""
        count = 0
        for top in _subfolders(str(self.documents)):
            count += _holds_meta(top)  # stored before the partitions
            if os.path.basename(top).startswith("province="):
                for year in _subfolders(top):
                    if os.path.basename(year).startswith("year="):
                        folders = _subfolders(year)
                        count += sum(map(_holds_meta, folders)) if with_meta else len(folders)
        return count

    def _rebuild(self) -> None:
        """The index written afresh from every document's meta.json (once: a new or damaged index),
        under a new id, so that every Library object that read the old one reads this one whole."""
        index_id = uuid.uuid4().hex
        lines = [_line({"op": "index", "id": index_id})]
        lines += [_line({"op": "add", **asdict(entry)}) for entry, _ in self._located()]
        _write_whole(self.index, b"".join(lines))
        self._pending.unlink(missing_ok=True)
        self._forget(index_id)
        self._read_new()

    def _forget(self, index_id: str) -> None:
        self._index_id, self._offset = index_id, 0
        self._by_key, self._by_sha, self._by_id, self._ids = {}, {}, {}, {}

    def _apply(self, event: dict) -> None:
        if event["op"] == "index":
            return
        if event["op"] == "remove":
            self._drop(event["key"])
            return
        entry = Entry(**{name: event[name] for name in Entry.__dataclass_fields__})
        self._drop(entry.key)
        self._by_key[entry.key] = entry
        self._by_sha.setdefault(entry.sha256, set()).add(entry.key)
        self._by_id[entry.doc_id, entry.year] = entry.key
        self._ids[entry.doc_id] = self._ids.get(entry.doc_id, 0) + 1

    def _drop(self, key: str) -> None:
        entry = self._by_key.pop(key, None)
        if entry is None:
            return
        keys = self._by_sha[entry.sha256]
        keys.discard(key)
        if not keys:
            del self._by_sha[entry.sha256]
        del self._by_id[entry.doc_id, entry.year]
        self._ids[entry.doc_id] -= 1
        if not self._ids[entry.doc_id]:
            del self._ids[entry.doc_id]

    def _found(self, lookup: Callable[[], Entry | None]) -> Entry | None:
        """``lookup`` in the index, its answer checked with one stat: a document deleted by hand
        since it was indexed makes the index be rebuilt, never a "duplicate" of nothing."""
        entry = lookup()
        if entry is not None and self._where(entry) is None:
            self._rebuild()
            entry = lookup()
        return entry

    def _where(self, entry: Entry) -> Path | None:
        """The folder of an indexed document: where its partition says (one stat), else looked for."""
        folder = self._partition(entry.province, entry.year) / entry.key
        if (folder / "meta.json").is_file():
            return folder
        try:
            return self._folder(entry.key)
        except LibraryError:
            return None

    def _first(self, keys: Collection[str]) -> Entry | None:
        """The document with the first of ``keys`` (as ``entries()`` sorts them), if any."""
        return self._by_key[min(keys)] if keys else None

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


class _IndexDamaged(Exception):
    """A complete index line that cannot be read: the index is rebuilt from the folders."""


def _line(event: dict) -> bytes:
    """One index line, whole: JSON escapes newlines, so the only one ends it."""
    return (json.dumps(event, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _event(raw: bytes) -> dict:
    try:
        event = json.loads(raw)
        if event["op"] not in ("index", "add", "remove") or (event["op"] != "index" and not isinstance(event["key"], str)):
            raise ValueError(event["op"])
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _IndexDamaged(f"unreadable index line {raw[:80]!r}") from exc
    if event["op"] == "add" and set(Entry.__dataclass_fields__) - set(event):
        raise _IndexDamaged(f"index line without every field: {raw[:80]!r}")
    return event


def _header(index: Path) -> str:
    """The index's id, from its first line (written by the rebuild that created it)."""
    with index.open("rb") as handle:
        first = json.loads(handle.readline(1000))
    if not isinstance(first, dict) or first.get("op") != "index" or not isinstance(first.get("id"), str):
        raise ValueError(f"{index} does not start with its header")
    return first["id"]


def _pending_record(path: Path) -> dict:
    """The record a writer left in ``index.pending`` (ValueError when it is not one)."""
    record = json.loads(path.read_bytes())
    steps = record.get("steps") if isinstance(record, dict) else None
    if not isinstance(steps, list) or not isinstance(record.get("offset"), int) or not all(
            isinstance(step, dict) and {"path", "sha256", "line"} <= set(step)
            and isinstance(step["line"], dict) and step["line"].get("op") in ("add", "remove") for step in steps):
        raise ValueError(f"{path} is not a pending record")
    return record


def _write_whole(path: Path, data: bytes) -> None:
    """``path`` replaced by ``data`` with one rename: never seen half-written."""
    staging = path.with_name(f".{path.name}-{uuid.uuid4().hex}")
    try:
        staging.write_bytes(data)
        os.replace(staging, path)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise


def _file_stamp(path: Path) -> tuple[int, int, int]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return 0, 0, 0
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


def _subfolders(path: str) -> list[str]:
    """The folders in ``path`` that a ``*`` glob matches (hidden ones left out), from one listing."""
    try:
        with os.scandir(path) as listing:
            return [e.path for e in listing if e.is_dir() and not e.name.startswith(".")]
    except FileNotFoundError:
        return []


def _holds_meta(folder: str) -> bool:
    return os.path.isfile(os.path.join(folder, "meta.json"))


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
