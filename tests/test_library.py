"""library.Library: documents stored whole, duplicates caught, nothing lost, safe under concurrency.

The documents are the seed texts read by the general reader under other ids, so the figures
checked are the seeds' (石柱 收入合计 1,992.86, line 104; 青龙 8,815.77, line 84).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

import polars as pl
import pytest

from library import Library, LibraryError, safe_name
from loaders.registry import RAW_DIR
from reader.document import read_document

_SEEDS = {name: (RAW_DIR / f"{name}_2023.txt").read_bytes() for name in ("shizhu", "qinglong")}


def _read(name: str, data: bytes, doc_id: str):
    result = read_document(f"{name}.txt", data, {"id": doc_id})
    meta = {"id": result.doc_id, "year": result.meta.year, "region": result.meta.region,
            "department": result.meta.department, "edition": result.meta.edition, "report": result.report}
    return result.tables, meta


def _add(root: Path, name: str, doc_id: str, data: bytes | None = None, on_conflict: str = "ask"):
    data = data if data is not None else _SEEDS[name]
    tables, meta = _read(name, data, doc_id)
    return Library(root).add(tables, meta, data, f"{name}.txt", on_conflict)


def _income_total(lib: Library, doc_id: str) -> float:
    summary = lib.tables()["summary"]
    return summary.filter((pl.col("county_id") == doc_id) & (pl.col("metric") == "收入合计"))["amount_wan"].item()


def test_added_document_persists(tmp_path):
    added = _add(tmp_path, "shizhu", "石柱-组织部")
    assert added.status == "added"
    reopened = Library(tmp_path)  # a new object over the same folder: a server restart
    assert [e.key for e in reopened.entries()] == ["石柱-组织部-2023"]
    assert _income_total(reopened, "石柱-组织部") == pytest.approx(1992.86)
    assert reopened.original("石柱-组织部-2023").read_bytes() == _SEEDS["shizhu"]


def test_same_file_again_is_a_duplicate(tmp_path):
    _add(tmp_path, "shizhu", "石柱-组织部")
    rows = Library(tmp_path).tables()["summary"].height
    again = _add(tmp_path, "shizhu", "石柱-组织部")
    assert (again.status, again.existing.key) == ("duplicate", "石柱-组织部-2023")
    assert Library(tmp_path).tables()["summary"].height == rows


def _edited_copy() -> bytes:
    """石柱's text with one amount changed: another file for the same document and year."""
    return _SEEDS["shizhu"].replace(b"1,992.86", b"1,992.87", 1)


def test_another_file_for_the_same_document_asks_then_replaces(tmp_path):
    _add(tmp_path, "shizhu", "石柱-组织部")
    conflict = _add(tmp_path, "shizhu", "石柱-组织部", _edited_copy())
    assert conflict.status == "conflict"
    assert len(Library(tmp_path).entries()) == 1
    replaced = _add(tmp_path, "shizhu", "石柱-组织部", _edited_copy(), on_conflict="replace")
    assert (replaced.status, replaced.existing.key) == ("replaced", "石柱-组织部-2023")
    lib = Library(tmp_path)
    assert [e.sha256 for e in lib.entries()] == [replaced.entry.sha256]
    assert len(list((tmp_path / "trash").iterdir())) == 1  # the old one kept, not deleted


def test_keep_both_gives_the_second_its_own_id(tmp_path):
    _add(tmp_path, "shizhu", "石柱-组织部")
    kept = _add(tmp_path, "shizhu", "石柱-组织部", _edited_copy(), on_conflict="keep_both")
    assert kept.entry.doc_id == "石柱-组织部-2"
    ids = Library(tmp_path).tables()["counties"]["county_id"].sort().to_list()
    assert ids == ["石柱-组织部", "石柱-组织部-2"]


def test_remove_moves_to_trash(tmp_path):
    _add(tmp_path, "shizhu", "石柱-组织部")
    Library(tmp_path).remove("石柱-组织部-2023")
    assert Library(tmp_path).entries() == []
    assert Library(tmp_path).tables()["summary"].is_empty()
    with pytest.raises(LibraryError, match="没有"):
        Library(tmp_path).remove("石柱-组织部-2023")


def test_failure_mid_write_leaves_the_library_unchanged(tmp_path, monkeypatch):
    _add(tmp_path, "shizhu", "石柱-组织部")
    calls = {"n": 0}
    real = pl.DataFrame.write_parquet

    def failing(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pl.DataFrame, "write_parquet", failing)
    with pytest.raises(OSError, match="disk full"):
        _add(tmp_path, "qinglong", "青龙-组织部")
    lib = Library(tmp_path)
    assert [e.key for e in lib.entries()] == ["石柱-组织部-2023"]
    assert not list(tmp_path.glob(".tmp-*"))


def _slow_import(root: str) -> None:
    """Child process: an import that stalls just before its final rename."""
    real = os.replace

    def stalled(src, dst):
        if "documents" in str(dst):
            time.sleep(60)
        return real(src, dst)

    os.replace = stalled
    _add(Path(root), "qinglong", "青龙-组织部")


def test_killed_import_leaves_the_library_readable_and_unchanged(tmp_path):
    _add(tmp_path, "shizhu", "石柱-组织部")
    child = multiprocessing.get_context("spawn").Process(target=_slow_import, args=(str(tmp_path),))
    child.start()
    deadline = time.time() + 60
    while not list(tmp_path.glob(".tmp-*/meta.json")) and time.time() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".tmp-*/meta.json")), "the child never reached its final rename"
    os.kill(child.pid, signal.SIGKILL)
    child.join()
    lib = Library(tmp_path)
    assert [e.key for e in lib.entries()] == ["石柱-组织部-2023"]
    assert _income_total(lib, "石柱-组织部") == pytest.approx(1992.86)
    assert _add(tmp_path, "qinglong", "青龙-组织部").status == "added"  # the lock was released


def _import_in_process(args: tuple[str, str, str]) -> str:
    root, name, doc_id = args
    return _add(Path(root), name, doc_id).status


def test_concurrent_imports_in_processes(tmp_path):
    jobs = [(str(tmp_path), "shizhu", "石柱-组织部"), (str(tmp_path), "qinglong", "青龙-组织部"),
            (str(tmp_path), "shizhu", "石柱-组织部"), (str(tmp_path), "qinglong", "青龙-组织部")]
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        statuses = pool.map(_import_in_process, jobs)
    assert sorted(statuses) == ["added", "added", "duplicate", "duplicate"]
    lib = Library(tmp_path)
    assert sorted(e.key for e in lib.entries()) == ["石柱-组织部-2023", "青龙-组织部-2023"]
    assert _income_total(lib, "石柱-组织部") == pytest.approx(1992.86)
    assert _income_total(lib, "青龙-组织部") == pytest.approx(8815.77)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\a\\预算 2024.pdf", "预算_2024.pdf"),
        ("<script>.pdf", "script_.pdf"),
        ("...", "document"),
    ],
)
def test_file_names_are_sanitised(raw, expected):
    assert safe_name(raw) == expected


def test_command_line_adds_to_the_library_once(tmp_path, capsys):
    from loaders.__main__ import main

    source = tmp_path / "shizhu_2023.txt"
    source.write_bytes(_SEEDS["shizhu"])
    assert main(["import", str(source), "--data", str(tmp_path / "data"), "--id", "石柱-组织部"]) == 0
    assert main(["import", str(source), "--data", str(tmp_path / "data"), "--id", "石柱-组织部"]) == 0
    assert "已导入" in capsys.readouterr().out
    assert [e.key for e in Library(tmp_path / "data" / "library").entries()] == ["石柱-组织部-2023"]
