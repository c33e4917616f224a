"""Batch import: `python -m benchmarks.batch_bench [--docs 1000] [--out docs/benchmarks.md]`.

Generates ``docs`` disclosures once (synthetic.corpus: two PDFs for every workbook), then imports
them into a fresh library each time: the naive way (one process reading and storing one file
after another, no pool), ``run_batch`` with a pool of 1 worker, with a pool of every core, and on
a local Ray instance with every core. Each run's wall time includes its start-up (spawning the
workers, starting Ray). Each worker reports its own peak resident memory (``ru_maxrss``) with
every document it reads, and the driver times each library write (it is the only writer).
Prints the Markdown section; ``--out`` replaces that section in the report and keeps the rest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from benchmarks.report import BATCH_HEADING, render_batch, replace_section
from library import Library
from library.batch import Outcome, run_batch
from synthetic.corpus import write_corpus

PROJECTED_DOCS = 200_000
PROJECTED_NODES = (10, 50)
ON_CONFLICT = "keep_both"  # generated documents share ids and years: every readable one is written


def measure(docs: int, seed: int = 1) -> dict:
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="batch_bench_") as tmp:
        root = Path(tmp)
        _say(f"generating {docs} documents")
        started = time.perf_counter()
        files = write_corpus(root / "docs", docs, seed)  # the documents; their .truth.json stay aside
        corpus = {"docs": docs, "seed": seed, "generate_s": time.perf_counter() - started,
                  "pdf": sum(f.suffix == ".pdf" for f in files), "xlsx": sum(f.suffix == ".xlsx" for f in files),
                  "mean_kb": statistics.fmean(f.stat().st_size for f in files) / 1024}
        _say("naive: one process, one file after another")
        naive = _naive_run(files, root / "naive")
        runs = []
        for engine, workers in (("pool", 1), ("pool", cores), ("ray", cores)):
            _say(f"{engine}, {workers} worker(s)")
            runs.append(_batch_run(files, root / f"{engine}-{workers}", engine, workers))
    _say("starting and stopping a local Ray instance alone")
    return derive({"cores": cores, "corpus": corpus, "naive": naive, "runs": runs,
                   "ray_start_s": _ray_start_s(cores)})


def _ray_start_s(cores: int) -> float:
    """Starting and stopping a local Ray instance as run_batch does, with no task: its fixed cost."""
    import ray

    started = time.perf_counter()
    ray.init(include_dashboard=False, log_to_driver=False, num_cpus=cores,
             object_store_memory=256 * 1024 * 1024)
    ray.shutdown()
    return time.perf_counter() - started


def _say(text: str) -> None:
    print(f"… batch: {text}", file=sys.stderr, flush=True)


def _batch_run(files: list[Path], root: Path, engine: str, workers: int) -> dict:
    library = Library(root)
    started = time.perf_counter()
    outcomes = run_batch(files, library, workers=workers, engine=engine, on_conflict=ON_CONFLICT,
                         show_progress=False)
    wall = time.perf_counter() - started
    return {"engine": engine, "workers": workers, "wall_s": wall, **_tally(outcomes),
            "stored": len(library.entries())}


def _tally(outcomes: list[Outcome]) -> dict:
    peaks: dict[int, float] = {}
    for o in outcomes:
        if o.worker is not None:
            peaks[o.worker] = max(peaks.get(o.worker, 0.0), o.worker_peak_mb)
    writes = [o.write_s for o in outcomes if o.write_s is not None]
    return {"failed": sum(o.status == "failed" for o in outcomes),
            "worker_peak_mb": sorted(peaks.values(), reverse=True),
            "read_s": sum(o.read_s or 0.0 for o in outcomes), "write_s": sum(writes)}


def _naive_run(files: list[Path], root: Path) -> dict:
    """The naive import in a fresh process (so its peak memory is its own), timed from here."""
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as one:
        result = one.submit(_naive_import, [str(f) for f in files], str(root)).result()
    return {**result, "wall_s": time.perf_counter() - started}


def _naive_import(paths: list[str], root: str) -> dict:
    """Read each file and store it, in this process, one after another (no pool, no limits)."""
    import resource

    from library.batch import _store  # the batch's own store step, so both write the same way
    from reader.document import read_document
    from reader.errors import UnreadableDocument

    library = Library(Path(root))
    reads, writes, failed = [], [], 0
    for path in map(Path, paths):
        data = path.read_bytes()
        started = time.perf_counter()
        try:
            result = read_document(path.name, data)
        except UnreadableDocument:
            failed += 1
            continue
        finally:
            reads.append(time.perf_counter() - started)
        writes.append(_store(path, "ok", (result, data), library, ON_CONFLICT, 0.0).write_s)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    listing = []  # what grows with the library: every add lists it under the lock
    for _ in range(5):
        started = time.perf_counter()
        stored = len(library.entries())
        listing.append(time.perf_counter() - started)
    return {"workers": 1, "failed": failed, "read_s": sum(reads), "write_s": sum(writes),
            "write_each_s": writes, "stored": stored, "list_s": statistics.median(listing),
            "worker_peak_mb": [peak_mb]}


def derive(result: dict) -> dict:
    """Speed-ups, efficiency, Ray's overhead, the floor and the projection (pure)."""
    cores, docs, naive = result["cores"], result["corpus"]["docs"], result["naive"]
    by_name = {(r["engine"], r["workers"]): r for r in result["runs"]}
    one, pool, ray = by_name[("pool", 1)], by_name[("pool", cores)], by_name[("ray", cores)]
    for run in (naive, *result["runs"]):
        run["per_min"] = 60 * docs / run["wall_s"]
        run["speed_up"] = one["wall_s"] / run["wall_s"]
        run["efficiency"] = run["speed_up"] / run["workers"]
    # Ray's start-up is paid once per batch: the projection uses its efficiency without it
    ray["efficiency_started"] = one["wall_s"] / (ray["wall_s"] - result["ray_start_s"]) / ray["workers"]
    # Reads spread over every core; the writes run one after another in the driver.
    floor_s = max((naive["read_s"] + naive["write_s"]) / cores, naive["write_s"])
    # A write = a fixed part + listing the k documents already stored (add() looks for duplicates and
    # clashes in entries()): the slope is the listing's time per document, measured on the full library.
    writes = naive["write_each_s"]
    slope = naive["list_s"] / max(naive["stored"], 1)
    mean = statistics.fmean(writes) if writes else 0.0
    first = max(mean - slope * (len(writes) - 1) / 2, 0.0)  # the k-th write stored k before it
    return {**result, "floor": {"wall_s": floor_s, "per_min": 60 * docs / floor_s},
            "ray_overhead_s": ray["wall_s"] - pool["wall_s"],
            "ray_overhead_pct": 100 * (ray["wall_s"] - pool["wall_s"]) / pool["wall_s"],
            "write": {"mean_s": mean, "first_s": first, "per_doc_stored_s": slope,
                      "list_s": naive["list_s"], "stored": naive["stored"]},
            "projection": project(one, ray, cores, first, slope, result["corpus"]["mean_kb"])}


def project(one: dict, ray: dict, cores: int, write_first_s: float, write_slope_s: float,
            mean_kb: float, docs: int = PROJECTED_DOCS, nodes: tuple[int, ...] = PROJECTED_NODES) -> dict:
    """An estimate for ``docs`` on clusters of nodes like this one, from this run's figures."""
    per_core = one["per_min"]  # documents a minute with one reading worker
    efficiency = min(ray["efficiency_started"], 1.0)  # above 1 is noise in the start-up subtracted
    # sum over k = 0 … docs-1 of (first + slope·k): every add lists the k documents stored before it
    write_total_s = write_first_s * docs + write_slope_s * docs * (docs - 1) / 2
    rows = []
    for n in nodes:
        rate = n * cores * per_core * efficiency
        read_s = 60 * docs / rate
        rows.append({"nodes": n, "per_min": rate, "read_s": read_s, "write_s": write_total_s,
                     "wall_s": max(read_s, write_total_s), "wall_constant_write_s": max(read_s, write_first_s * docs)})
    return {"docs": docs, "per_core_per_min": per_core, "efficiency": efficiency, "cores": cores,
            "write_first_s": write_first_s, "write_slope_s": write_slope_s,
            "write_last_s": write_first_s + write_slope_s * docs, "transfer_gb": docs * mean_kb / 2**20,
            "writer_per_min": 60 / write_first_s if write_first_s else float("inf"),
            "nodes": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.batch_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents generated and imported")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help=f"replace the '{BATCH_HEADING}' section of this report")
    args = parser.parse_args(argv)
    section = render_batch(measure(args.docs, args.seed))
    print(section)
    if args.out is not None:
        old = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
        args.out.write_text(replace_section(old, BATCH_HEADING, section), encoding="utf-8")
        print(f"\nwritten to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
