"""Batch import: every disclosure under a folder into the library, in parallel, resumable.

Each document is one task. Tasks run in a pool of long-lived worker processes (the libraries
load once per worker, not once per document); each worker caps its address space and each
task has a time limit. A task that kills its worker (a decompression bomb hitting the cap, a
crash in native code) breaks the pool: the documents in flight are then re-read one by one in
the sandbox (library/sandbox.py), which names the culprit, and the batch goes on. Files
already in the library (same content hash) are skipped, so a batch killed half-way finishes
when run again. Every file gets a line in the import report (CSV).

A worker also checks and encodes what it read (``library.store.prepare``: the contract's validation
and the Parquet bytes), so the driver, the library's only writer, only checks the index, writes
bytes and renames: the writer is not the bottleneck however many workers read.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import resource
import signal
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path

from tqdm import tqdm

from contract.errors import SchemaError
from library.sandbox import MEMORY_LIMIT_MB, OCR_PAGE_LIMIT_S, TIME_LIMIT_S, read_untrusted
from library.store import Library, LibraryError, Prepared, content_hash, meta_of, prepare
from reader.errors import UnreadableDocument
from reader.progress import PageProgress, listening

REPORT_FIELDS = ("file", "status", "reason", "document", "seconds")
# the report's header and statuses in Chinese with the English beside (the keys above stay the API)
REPORT_HEADERS = {"file": "文件 file", "status": "结果 status", "reason": "原因 reason",
                  "document": "文档编号 document", "seconds": "用时（秒） seconds"}
STATUS_TEXT = {"added": "已加入 added", "replaced": "已替换 replaced", "skipped": "已在文档库中，跳过 skipped",
               "duplicate": "同一文件已导入 duplicate",
               "conflict": "未导入：文档库中已有同一文档的另一文件 conflict", "failed": "失败 failed"}


@dataclass
class Outcome:
    file: str
    status: str  # added | skipped (already in the library) | duplicate | conflict | failed
    reason: str = ""
    document: str = ""
    seconds: float = 0.0
    # measured for benchmarks (not in the CSV report); None where not measured (a sandboxed re-read)
    read_s: float | None = None  # reading, checking and encoding inside the worker
    write_s: float | None = None  # storing in the library (the driver, the library's only writer)
    worker: int | None = None  # the reading worker's process id
    worker_peak_mb: float | None = None  # that worker's peak resident memory so far (ru_maxrss)


@dataclass(frozen=True)
class _Usage:
    """What reading one document cost its worker."""
    read_s: float
    worker: int
    peak_mb: float


def discover(root: Path) -> list[Path]:
    """Every file under ``root`` (recursively), hidden files and folders left out."""
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts))


def run_batch(files: list[Path], library: Library, *, workers: int, on_conflict: str = "ask",
              overrides: dict | None = None, engine: str = "pool", address: str | None = None,
              time_limit_s: float = TIME_LIMIT_S, memory_limit_mb: int = MEMORY_LIMIT_MB,
              show_progress: bool = True) -> list[Outcome]:
    known = {entry.sha256 for entry in library.entries()}
    outcomes: list[Outcome] = []
    todo: list[Path] = []
    for path in files:
        digest = content_hash(path.read_bytes())
        if digest in known:
            outcomes.append(Outcome(str(path), "skipped", "已导入 / already in the library"))
        else:
            todo.append(path)
    bar = tqdm(total=len(files), initial=len(outcomes), unit="份", disable=not show_progress,
               desc="导入", dynamic_ncols=True)
    failed = 0

    def record(outcome: Outcome) -> None:
        nonlocal failed
        outcomes.append(outcome)
        failed += outcome.status in ("failed", "conflict")
        bar.set_postfix(失败=failed)
        bar.update(1)

    pending = list(todo)
    while pending:
        if engine == "ray":
            suspects = _ray_pass(pending, library, address, workers, on_conflict, time_limit_s, memory_limit_mb,
                                 overrides, record)
        else:
            suspects = _pool_pass(pending, library, workers, on_conflict, time_limit_s, memory_limit_mb,
                                  overrides, record)
        for path in suspects:  # in flight when a worker died: one by one, with hard limits
            record(_sandboxed(path, library, on_conflict, time_limit_s, memory_limit_mb, overrides))
        pending = []
    bar.close()
    order = {str(p): i for i, p in enumerate(files)}
    return sorted(outcomes, key=lambda o: order.get(o.file, 0))


def _pool_pass(paths: list[Path], library: Library, workers: int, on_conflict: str, time_limit_s: float,
               memory_limit_mb: int, overrides: dict | None, record) -> list[Path]:
    """Read ``paths`` in a worker pool; returns the documents in flight if the pool broke."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(memory_limit_mb,)) as pool:
        futures: dict[Future, tuple[Path, float]] = {}
        queue = list(paths)
        while queue or futures:
            while queue and len(futures) < workers * 2:
                path = queue.pop(0)
                futures[pool.submit(_task, str(path), time_limit_s, overrides)] = (path, time.perf_counter())
            done, _ = wait(futures, timeout=time_limit_s * 2, return_when=FIRST_COMPLETED)
            if not done:  # a task stuck in native code past its alarm: stop the pool
                _kill(pool)
                return [p for p, _ in futures.values()] + queue
            for future in done:
                path, started = futures.pop(future)
                try:
                    kind, payload, usage = future.result()
                except BrokenProcessPool:
                    return [path] + [p for p, _ in futures.values()] + queue
                record(_store(path, kind, payload, library, on_conflict, time.perf_counter() - started, usage))
    return []


def _ray_pass(paths: list[Path], library: Library, address: str | None, workers: int, on_conflict: str,
              time_limit_s: float, memory_limit_mb: int, overrides: dict | None, record) -> list[Path]:
    """The same per-document task on a Ray cluster (``address``) or a local Ray instance.

    The file's bytes travel with the task, so workers on other machines need no shared disk;
    results come back to this process, the library's only writer."""
    import ray

    local = address is None
    ray.init(address=address, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True,
             **({"num_cpus": workers, "object_store_memory": 256 * 1024 * 1024} if local else {}))
    try:
        task = ray.remote(max_retries=0)(_ray_task)
        refs = {task.remote(path.name, path.read_bytes(), time_limit_s, overrides, memory_limit_mb): (path, time.perf_counter())
                for path in paths}
        suspects: list[Path] = []
        while refs:
            done, _ = ray.wait(list(refs), num_returns=1, timeout=time_limit_s * 2)
            if not done:  # stuck past its alarm in native code: stop it, re-read alone
                for ref, (path, _) in list(refs.items()):
                    ray.cancel(ref, force=True)
                    suspects.append(path)
                return suspects
            for ref in done:
                path, started = refs.pop(ref)
                try:
                    kind, payload, usage = ray.get(ref)
                except ray.exceptions.RayError:  # the worker died (memory cap, native crash)
                    suspects.append(path)
                    continue
                record(_store(path, kind, payload, library, on_conflict, time.perf_counter() - started, usage))
        return suspects
    finally:
        if local:
            ray.shutdown()


_capped = False


def _ray_task(name: str, data: bytes, time_limit_s: float, overrides: dict | None,
              memory_limit_mb: int) -> tuple[str, object, _Usage]:
    global _capped
    if not _capped:  # Ray reuses its worker processes: cap each once, as the pool's initializer does
        _init_worker(memory_limit_mb)
        _capped = True
    return _measured(name, data, time_limit_s, overrides)


def _kill(pool: ProcessPoolExecutor) -> None:
    for process in list(getattr(pool, "_processes", {}).values()):
        process.kill()
    pool.shutdown(wait=False, cancel_futures=True)


def _init_worker(memory_limit_mb: int) -> None:
    import reader.document  # noqa: F401 - loaded before the cap, so it bounds the reading only
    import reader.excel  # noqa: F401
    import reader.pdf  # noqa: F401
    from library.sandbox import _address_space

    _warm_up_encoding()

    limit = _address_space() + memory_limit_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _warm_up_encoding() -> None:
    """Check and encode a one-row frame once, so polars starts its threads (each with its own
    allocator arena) before the cap: the cap then bounds the reading, not the worker's set-up."""
    import io

    import polars as pl

    frame = pl.DataFrame({"v": [1.0]})
    frame.select(pl.any_horizontal(pl.col("v").is_null().any(), pl.struct("v").is_duplicated().any()))
    frame.write_parquet(io.BytesIO())


class _Overrun(Exception):
    pass


def _alarm(signum, frame):
    raise _Overrun


def _task(path: str, time_limit_s: float, overrides: dict | None = None) -> tuple[str, object, _Usage]:
    return _measured(Path(path).name, Path(path).read_bytes(), time_limit_s, overrides)


def _measured(name: str, data: bytes, time_limit_s: float, overrides: dict | None) -> tuple[str, object, _Usage]:
    """_read_one, with its time and the worker's peak memory so far (Linux reports KiB)."""
    started = time.perf_counter()
    kind, payload = _read_one(name, data, time_limit_s, overrides)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return kind, payload, _Usage(time.perf_counter() - started, os.getpid(), peak_mb)


def _read_one(name: str, data: bytes, time_limit_s: float, overrides: dict | None) -> tuple[str, object]:
    """Read one document under a time limit and encode it for the library; ("ok", Prepared) or
    ("unreadable", reason)."""
    from reader.document import read_document

    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, time_limit_s)

    def rearm(progress: PageProgress) -> None:  # a scan: each OCR'd page gets its own time
        more = progress.ocr_done < progress.ocr_total
        signal.setitimer(signal.ITIMER_REAL, OCR_PAGE_LIMIT_S if more else time_limit_s)

    try:
        with listening(rearm):
            result = read_document(name, data, overrides)
        return "ok", prepare(result.tables, meta_of(result), data, name)
    except UnreadableDocument as exc:
        return "unreadable", exc.line()
    except (LibraryError, SchemaError) as exc:
        return "unreadable", _unstorable(name, exc)
    except _Overrun:
        return "unreadable", f"{name}：读取超过 {time_limit_s:g} 秒仍未完成，已停止 / timed out"
    except MemoryError:
        return "unreadable", f"{name}：读取所需内存超过上限 / needed more memory than allowed"
    except Exception as exc:  # noqa: BLE001 - one bad file never stops the batch
        return "unreadable", f"{name}：无法读取 / could not be read ({type(exc).__name__}: {exc})"[:300]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _unstorable(name: str, exc: Exception) -> str:
    return f"{name}：读出的内容无法存入文档库 / cannot be stored ({exc})"[:300]


def _sandboxed(path: Path, library: Library, on_conflict: str, time_limit_s: float,
               memory_limit_mb: int, overrides: dict | None = None) -> Outcome:
    started = time.perf_counter()
    data = path.read_bytes()
    try:
        result = read_untrusted(path.name, data, overrides, time_limit_s=time_limit_s,
                                memory_limit_mb=memory_limit_mb)
    except UnreadableDocument as exc:
        return Outcome(str(path), "failed", exc.line(), seconds=time.perf_counter() - started)
    try:
        prepared = prepare(result.tables, meta_of(result), data, path.name)
    except (LibraryError, SchemaError) as exc:
        return Outcome(str(path), "failed", _unstorable(path.name, exc),
                       seconds=time.perf_counter() - started)
    return _store(path, "ok", prepared, library, on_conflict, time.perf_counter() - started)


def _store(path: Path, kind: str, payload, library: Library, on_conflict: str, seconds: float,
           usage: _Usage | None = None) -> Outcome:
    measured = {} if usage is None else {"read_s": usage.read_s, "worker": usage.worker,
                                         "worker_peak_mb": usage.peak_mb}
    if kind != "ok":
        return Outcome(str(path), "failed", str(payload), seconds=round(seconds, 3), **measured)
    prepared: Prepared = payload
    started = time.perf_counter()
    added = library.add_prepared(prepared, on_conflict)
    write_s = time.perf_counter() - started
    reason = {"duplicate": "已导入 / already in the library",
              "conflict": "文档库中已有同一文档的另一文件 / another file for this document is in the library"
              }.get(added.status, "")
    key = added.entry.key if added.entry else (added.existing.key if added.existing else "")
    return Outcome(str(path), added.status, reason, key, round(seconds, 3), write_s=write_s, **measured)


def write_report(outcomes: list[Outcome], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # BOM: opens right in Excel
        writer = csv.DictWriter(handle, fieldnames=REPORT_FIELDS)
        writer.writerow(REPORT_HEADERS)
        writer.writerows({**{k: v for k, v in asdict(o).items() if k in REPORT_FIELDS},
                          "status": STATUS_TEXT.get(o.status, o.status)} for o in outcomes)
