"""library.batch and `python -m loaders import DIR --data DATA`: a folder of generated disclosures
with bad files among them, read in parallel into the library; re-runs skip what is there; a batch
killed half-way finishes when run again. Figures are checked against the generator's truth."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from library import Library, content_hash
from library.batch import REPORT_FIELDS, REPORT_HEADERS, STATUS_TEXT, Outcome, discover, run_batch
from synthetic.corpus import write_corpus
from synthetic.disclosure import read_truth
from tests.roundtrip import differences_as_printed
from tests.test_sandbox import _zip_bomb_xlsx

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("batch")
    good = write_corpus(out / "docs" / "sub", 4, seed=3)  # nested: found recursively
    for path in good:
        shutil.move(path.with_suffix(".truth.json"), out / f"{path.stem}.truth.json")  # truth kept apart
    bad = out / "docs" / "bad"
    bad.mkdir()
    (bad / "empty.pdf").write_bytes(b"")
    (bad / "noise.xlsx").write_bytes(os.urandom(4096))
    pdf = next(p for p in good if p.suffix == ".pdf")
    (bad / "truncated.pdf").write_bytes(pdf.read_bytes()[: len(pdf.read_bytes()) // 3])
    (bad / "bomb.xlsx").write_bytes(_zip_bomb_xlsx(3_000_000))  # kills its worker at the memory cap
    (out / "docs" / ".hidden.pdf").write_bytes(pdf.read_bytes())  # hidden: not imported
    return out


def _truths(folder: Path) -> dict[str, dict]:
    return {p.name.removesuffix(".truth.json"): read_truth(p) for p in folder.glob("*.truth.json")}


def test_batch_reads_the_good_files_and_reports_every_file(folder, tmp_path):
    files = discover(folder / "docs")
    assert len(files) == 8 and not any(f.name.startswith(".") for f in files)
    library = Library(tmp_path / "library")
    outcomes = run_batch(files, library, workers=2, memory_limit_mb=512, time_limit_s=30, show_progress=False)
    by_name = {Path(o.file).name: o for o in outcomes}
    assert len(outcomes) == 8
    for name in ("empty.pdf", "noise.xlsx", "truncated.pdf", "bomb.xlsx"):
        assert by_name[name].status == "failed" and by_name[name].reason, name
    truths = _truths(folder)
    tables = library.tables()
    for stem, truth in truths.items():
        outcome = next(o for o in outcomes if Path(o.file).stem == stem)
        assert outcome.status == "added", outcome
        doc_id = next(e.doc_id for e in library.entries() if e.key == outcome.document)
        own = {name: frame.filter(frame["county_id"] == doc_id) for name, frame in tables.items()}
        assert differences_as_printed(truth, own) == [], stem
        year = truth["meta"]["year"]  # stored in its year's partition, found by a scan of that year only
        assert list((library.root / "documents").glob(f"province=*/year={year}/{outcome.document}/meta.json"))
        assert doc_id in library.scan(years=[year])["counties"].collect()["county_id"].to_list()
    assert len(library.entries()) == len(truths)
    _assert_measured(outcomes, workers=2)


def _assert_measured(outcomes: list[Outcome], workers: int) -> None:
    """Each document read by a worker carries its read time, the worker and its peak memory."""
    read = [o for o in outcomes if o.worker is not None]
    assert len(read) >= 4 and all(o.status in ("added", "failed") for o in read)
    assert len({o.worker for o in read}) <= workers and os.getpid() not in {o.worker for o in read}
    for o in read:
        assert 0 < o.read_s <= o.seconds + 0.01, o
        assert 30 < o.worker_peak_mb < 4096, o  # MB: the reader's libraries, under the cap
    for o in outcomes:
        assert (o.write_s is not None and o.write_s > 0) == (o.status == "added"), o


def test_second_run_skips_everything(folder, tmp_path):
    files = discover(folder / "docs")
    good = [f for f in files if f.parent.name == "sub"]
    library = Library(tmp_path / "library")
    run_batch(good, library, workers=2, show_progress=False)
    keys = sorted(e.key for e in library.entries())
    again = run_batch(good, library, workers=2, show_progress=False)
    assert {o.status for o in again} == {"skipped"}
    assert sorted(e.key for e in library.entries()) == keys


def _count(library: Path) -> int:
    documents = library / "documents"
    return len(list(documents.glob("province=*/year=*/*/meta.json"))) if documents.is_dir() else 0


def test_killed_batch_finishes_when_run_again(tmp_path):
    docs = tmp_path / "docs"
    paths = write_corpus(docs, 6, seed=4)
    for path in paths:
        path.with_suffix(".truth.json").unlink()
    data = tmp_path / "data"
    command = [sys.executable, "-m", "loaders", "import", str(docs), "--data", str(data), "--workers", "1"]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    deadline = time.time() + 120
    while _count(data / "library") < 2 and time.time() < deadline and child.poll() is None:
        time.sleep(0.05)
    os.killpg(child.pid, signal.SIGKILL)  # the batch and its worker
    child.wait()
    first = _count(data / "library")
    assert 1 <= first < 6, "the kill did not land half-way"
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    library = Library(data / "library")
    assert len(library.entries()) == 6
    assert sorted(e.sha256 for e in library.entries()) == sorted(content_hash(p.read_bytes()) for p in paths)
    reports = sorted((data / "import_reports").glob("*.csv"))
    with reports[-1].open(encoding="utf-8-sig") as handle:
        rows = csv.DictReader(handle)
        statuses = [row[REPORT_HEADERS["status"]] for row in rows]
        # benchmark measures stay out of the report; its words are Chinese with the English beside
        assert rows.fieldnames == [REPORT_HEADERS[f] for f in REPORT_FIELDS]
    assert sorted(statuses) == sorted([STATUS_TEXT["skipped"]] * first + [STATUS_TEXT["added"]] * (6 - first))
    assert done.stdout.splitlines()[-1].startswith(f"共 6 个文件：已加入 {6 - first}，已导入跳过 {first} / 6 files: ")


def _library_state(library: Library) -> tuple:
    entries = sorted((e.key, e.sha256) for e in library.entries())
    tables = {name: frame.sort(frame.columns).rows() for name, frame in library.tables().items()}
    return entries, tables


def test_ray_local_gives_the_same_library_and_report_as_the_pool(folder, tmp_path):
    files = discover(folder / "docs")
    pool_lib, ray_lib = Library(tmp_path / "pool"), Library(tmp_path / "ray")
    options = {"workers": 2, "memory_limit_mb": 512, "time_limit_s": 30, "show_progress": False}
    by_pool = run_batch(files, pool_lib, **options)
    by_ray = run_batch(files, ray_lib, engine="ray", **options)
    assert [(o.file, o.status, o.reason, o.document) for o in by_ray] == \
        [(o.file, o.status, o.reason, o.document) for o in by_pool]
    assert _library_state(ray_lib) == _library_state(pool_lib)
    assert len(pool_lib.entries()) == 4
    _assert_measured(by_ray, workers=2)


def test_projection_adds_the_single_writers_growing_cost():
    from benchmarks.batch_bench import project

    # 10 nodes × 2 cores × 100 documents/min × 0.5 = 1,000/min: 1,000 documents read in 60 s; writes
    # 10 ms + 1 ms per stored document: 1,000 × 0.01 + 0.001 × (0 + 1 + … + 999) = 10 + 499.5 s
    p = project({"per_min": 100.0}, {"efficiency_started": 0.5}, cores=2, write_first_s=0.01,
                write_slope_s=0.001, mean_kb=1024.0, docs=1000, nodes=(10,))
    row = p["nodes"][0]
    assert row["per_min"] == pytest.approx(1000) and row["read_s"] == pytest.approx(60)
    assert row["write_s"] == pytest.approx(509.5) and row["wall_s"] == pytest.approx(509.5)
    assert row["wall_constant_write_s"] == pytest.approx(60)
    assert p["write_last_s"] == pytest.approx(1.01) and p["transfer_gb"] == pytest.approx(1000 / 1024)
    assert p["writer_per_min"] == pytest.approx(6000)  # 10 ms a write, before the library grows
    faster = project({"per_min": 100.0}, {"efficiency_started": 1.5}, cores=2, write_first_s=0.01,
                     write_slope_s=0.0, mean_kb=1.0, docs=1000, nodes=(10,))
    assert faster["nodes"][0]["per_min"] == pytest.approx(2000)  # efficiency never above 1


def test_batch_section_replaced_and_the_rest_of_the_report_kept():
    from benchmarks.report import BATCH_HEADING, replace_section, section

    report = f"# Benchmarks\n\n## Loading\n\n| a |\n\n{BATCH_HEADING}\n\nold\n\n### Projection\n\nold\n\n## Later\n\nkept\n"
    new = f"{BATCH_HEADING}\n\nnew\n\n### Projection\n\nnew"
    replaced = replace_section(report, BATCH_HEADING, new)
    assert "old" not in replaced and replaced.count(BATCH_HEADING) == 1
    assert "## Loading\n\n| a |" in replaced and replaced.endswith("## Later\n\nkept\n")
    assert section(replaced, BATCH_HEADING) == new
    assert section(replace_section("# Benchmarks\n", BATCH_HEADING, new), BATCH_HEADING) == new
    assert section("# Benchmarks\n", BATCH_HEADING) is None
