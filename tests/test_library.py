"""library.Library: documents stored whole, duplicates caught, nothing lost, safe under concurrency.

The documents are the seed texts read by the general reader under other ids, so the figures
checked are the seeds' (石柱 收入合计 1,992.86, line 104; 青龙 8,815.77, line 84).
"""

from __future__ import annotations

import json
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


# ---------------------------------------------------------------- hive layout and lazy scan (issue 11)
# Provinces as registered for the seeds (loaders/registry.py lines 35 and 38; not stated in the texts).
_PROVINCE = {"shizhu": "重庆市", "qinglong": "河北省"}
_KEYS = {"shizhu": "石柱-组织部-2023", "qinglong": "青龙-组织部-2023"}


def _two_provinces(root: Path) -> Library:
    _add(root, "shizhu", "石柱-组织部")
    _add(root, "qinglong", "青龙-组织部")
    return Library(root)


def _corrupt(lib: Library, key: str, table: str) -> None:
    (lib._folder(key) / f"{table}.parquet").write_bytes(b"not parquet")


def test_documents_are_stored_in_province_and_year_partitions(tmp_path):
    lib = _two_provinces(tmp_path)
    for name, key in _KEYS.items():
        folder = tmp_path / "documents" / f"province={_PROVINCE[name]}" / "year=2023" / key
        assert sorted(p.name for p in folder.iterdir()) == sorted(
            [f"{t}.parquet" for t in lib.scan()] + ["meta.json", "original.txt"])
    assert {e.key: e.province for e in lib.entries()} == {_KEYS[n]: _PROVINCE[n] for n in _KEYS}


def test_scan_is_lazy_with_exactly_the_contract_columns(tmp_path):
    from loaders.contract import TABLES

    lib = Library(tmp_path)
    empty = lib.scan()
    assert set(empty) == set(TABLES)
    for name, frame in empty.items():
        assert isinstance(frame, pl.LazyFrame)
        assert dict(frame.collect_schema()) == TABLES[name].columns, name
        assert list(frame.collect_schema()) == list(TABLES[name].columns), name  # order kept
        assert frame.collect().is_empty()
    _two_provinces(tmp_path)
    _corrupt(lib, _KEYS["qinglong"], "income")
    scans = lib.scan()  # nothing is read yet: the damaged file is met only when collecting
    with pytest.raises(pl.exceptions.PolarsError):
        scans["income"].collect()
    (lib._folder(_KEYS["qinglong"]) / "income.parquet").unlink()
    for name, frame in lib.scan().items():  # hive columns neither added nor retyped
        assert list(frame.collect().schema.items()) == list(TABLES[name].columns.items()), name
    provinces = dict(lib.scan()["counties"].select("county_id", "province").collect().iter_rows())
    assert provinces == {"石柱-组织部": "重庆市", "青龙-组织部": "河北省"}
    assert _income_total(lib, "青龙-组织部") == pytest.approx(8815.77)


def test_province_filter_reads_only_that_partition(tmp_path):
    lib = _two_provinces(tmp_path)
    _corrupt(lib, _KEYS["qinglong"], "summary")
    _corrupt(lib, _KEYS["qinglong"], "counties")
    with pytest.raises(pl.exceptions.PolarsError):
        lib.scan()["summary"].collect()  # the damaged file is read without a filter
    summary = lib.scan(provinces=["重庆市"])["summary"].collect()
    assert summary.filter(pl.col("metric") == "收入合计")["amount_wan"].to_list() == [pytest.approx(1992.86)]
    assert set(summary["county_id"]) == {"石柱-组织部"}
    counties = lib.scan()["counties"].filter(pl.col("province") == "重庆市").collect()
    assert counties["county_id"].to_list() == ["石柱-组织部"]


def test_year_filter_reads_only_that_partition(tmp_path):
    _add(tmp_path, "shizhu", "石柱-组织部")
    data = _edited_copy()  # 1,992.87 instead of 1,992.86
    tables, meta = _read("shizhu", data, "石柱-组织部")
    year_2024 = read_document("shizhu.txt", data, {"id": "石柱-组织部", "year": "2024"})
    meta = {**meta, "year": 2024}
    assert Library(tmp_path).add(year_2024.tables, meta, data, "shizhu.txt").status == "added"
    lib = Library(tmp_path)
    assert sorted(p.name for p in (tmp_path / "documents" / "province=重庆市").iterdir()) == ["year=2023", "year=2024"]
    _corrupt(lib, "石柱-组织部-2024", "summary")
    with pytest.raises(pl.exceptions.PolarsError):
        lib.scan()["summary"].collect()
    for frame in (lib.scan()["summary"].filter(pl.col("year") == 2023), lib.scan(years=[2023])["summary"]):
        rows = frame.filter(pl.col("metric") == "收入合计").collect()
        assert rows["amount_wan"].to_list() == [pytest.approx(1992.86)] and rows["year"].to_list() == [2023]


@pytest.mark.parametrize("province", ["重庆市", "A/B=C%", ".hidden", "未注明", "2024"])
def test_partition_values_read_back_unchanged(tmp_path, province):
    tables, meta = _read("shizhu", _SEEDS["shizhu"], "石柱-组织部")
    tables["counties"] = tables["counties"].with_columns(pl.lit(province).alias("province"))
    Library(tmp_path).add(tables, meta, _SEEDS["shizhu"], "shizhu.txt")
    lib = Library(tmp_path)
    assert [e.province for e in lib.entries()] == [province]
    counties = lib.scan(provinces=[province])["counties"].collect()
    assert counties["province"].to_list() == [province] and counties.schema["province"] == pl.String
    assert len(list((tmp_path / "documents").iterdir())) == 1  # one partition folder, no path escape


def test_document_stating_no_province_goes_to_unknown(tmp_path):
    tables, meta = _read("shizhu", _SEEDS["shizhu"], "石柱-组织部")
    tables["counties"] = tables["counties"].clear()
    added = Library(tmp_path).add(tables, meta, _SEEDS["shizhu"], "shizhu.txt")
    assert added.entry.province == "未知"
    assert (tmp_path / "documents" / "province=未知" / "year=2023" / "石柱-组织部-2023" / "meta.json").is_file()
    assert _income_total(Library(tmp_path), "石柱-组织部") == pytest.approx(1992.86)


def test_rows_of_another_year_are_refused(tmp_path):
    tables, meta = _read("shizhu", _SEEDS["shizhu"], "石柱-组织部")
    with pytest.raises(LibraryError, match="2023"):
        Library(tmp_path).add(tables, {**meta, "year": 2024}, _SEEDS["shizhu"], "shizhu.txt")
    assert Library(tmp_path).entries() == [] and not list(tmp_path.glob(".tmp-*"))


def test_remove_drops_empty_partition_folders(tmp_path):
    lib = _two_provinces(tmp_path)
    lib.remove(_KEYS["qinglong"])
    assert [p.name for p in (tmp_path / "documents").iterdir()] == ["province=重庆市"]
    assert [e.key for e in lib.entries()] == [_KEYS["shizhu"]]


def _to_flat_layout(root: Path) -> None:
    """Rewrite a library as the unpartitioned layout stored it: documents/<key>/, meta without province."""
    documents = root / "documents"
    for meta in list(documents.glob("province=*/year=*/*/meta.json")):
        data = json.loads(meta.read_text(encoding="utf-8"))
        del data["province"]
        meta.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        meta.parent.rename(documents / meta.parent.name)
    for folder in sorted(documents.glob("province=*/year=*"), reverse=True) + sorted(documents.glob("province=*")):
        folder.rmdir()


def test_flat_layout_is_read_as_it_is(tmp_path):
    _two_provinces(tmp_path)
    _to_flat_layout(tmp_path)
    assert sorted(p.name for p in (tmp_path / "documents").iterdir()) == sorted(_KEYS.values())
    lib = Library(tmp_path)
    assert {e.key: e.province for e in lib.entries()} == {_KEYS[n]: _PROVINCE[n] for n in _KEYS}
    assert _income_total(lib, "石柱-组织部") == pytest.approx(1992.86)
    assert _income_total(lib, "青龙-组织部") == pytest.approx(8815.77)
    hebei = lib.scan(provinces=["河北省"])["summary"].collect()
    assert set(hebei["county_id"]) == {"青龙-组织部"}
    assert lib.scan(years=[2024])["summary"].collect().is_empty()
    assert lib.original(_KEYS["qinglong"]).read_bytes() == _SEEDS["qinglong"]
    assert sorted(p.name for p in (tmp_path / "documents").iterdir()) == sorted(_KEYS.values())  # reads move nothing


def test_flat_layout_moves_into_partitions_on_the_next_write(tmp_path):
    _two_provinces(tmp_path)
    _to_flat_layout(tmp_path)
    removed = Library(tmp_path).remove(_KEYS["qinglong"])  # a write: removes one, migrates the other
    assert (removed.key, removed.province) == (_KEYS["qinglong"], "河北省")
    assert [p.name for p in (tmp_path / "documents").iterdir()] == ["province=重庆市"]
    assert len(list((tmp_path / "trash").iterdir())) == 1
    lib = Library(tmp_path)
    assert [e.key for e in lib.entries()] == [_KEYS["shizhu"]]
    assert _income_total(lib, "石柱-组织部") == pytest.approx(1992.86)
    assert _add(tmp_path, "qinglong", "青龙-组织部").status == "added"
    assert _add(tmp_path, "shizhu", "石柱-组织部").status == "duplicate"  # still found after the move
    assert sorted(p.name for p in (tmp_path / "documents").iterdir()) == sorted(["province=重庆市", "province=河北省"])
    assert lib.original(_KEYS["shizhu"]).read_bytes() == _SEEDS["shizhu"]
