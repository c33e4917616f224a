"""Batch import: `python -m benchmarks.batch_bench [--docs 1000] [--out docs/benchmarks.md]`.

Generates ``docs`` disclosures once (synthetic.corpus: two PDFs for every workbook), then imports
them into a fresh library each time: the naive way (one process reading and storing one file
after another, no pool), ``run_batch`` with a pool of 1 worker, with a pool of every core, and on
a local Ray instance with every core. Each run's wall time includes its start-up (spawning the
workers, starting Ray). Each worker reports its own peak resident memory (``ru_maxrss``) with
every document it reads, and the driver times each library write (it is the only writer).
Whether a write grows with the library is measured beside the runs: the same documents added into
an empty library and into one holding ``PROBE_STORED`` tiny stand-in documents.
Prints the Markdown section; ``--out`` replaces that section in the report and keeps the rest.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from benchmarks.report import BATCH_HEADING, EFFICIENCY_TARGET, _duration, _peaks, _verdict, replace_section
from library import Library, meta_of
from library.batch import Outcome, _store, run_batch
from library.store import prepare
from synthetic.corpus import write_corpus

PROJECTED_DOCS = 200_000
PROJECTED_NODES = (10, 50)
ON_CONFLICT = "keep_both"  # generated documents share ids and years: every readable one is written
PROBE_STORED = 20_000  # stand-in documents in the library the write probe adds into
PROBE_WRITES = 10  # documents the probe adds into each library (after two that open it)


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
        _say(f"naive: one process, one file after another; then writes into {PROBE_STORED:,} stand-ins")
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
    wall = time.perf_counter() - started - result.pop("probe_s")  # the probe after it is not the run's
    return {**result, "wall_s": wall}


def _naive_import(paths: list[str], root: str) -> dict:
    """Read each file and store it, in this process, one after another (no pool, no limits); then
    the write probe, with some of the documents read."""
    import resource

    from reader.document import read_document
    from reader.errors import UnreadableDocument

    library = Library(Path(root))
    reads, prepares, writes, relabelled, failed, kept = [], [], [], [], 0, []
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
        started = time.perf_counter()  # checking and encoding: done by the worker in a batch
        prepared = prepare(result.tables, meta_of(result), data, path.name)
        prepares.append(time.perf_counter() - started)
        started = time.perf_counter()  # storing: the driver's part
        added = library.add_prepared(prepared, ON_CONFLICT)
        writes.append(time.perf_counter() - started)
        relabelled.append(added.entry is not None and added.entry.doc_id != prepared.doc_id)
        if len(kept) < PROBE_WRITES + 2:
            kept.append((path, result, data))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    listing = []  # entries() still reads every meta.json (the listing; no longer part of a write)
    for _ in range(5):
        started = time.perf_counter()
        stored = len(library.entries())
        listing.append(time.perf_counter() - started)
    started = time.perf_counter()
    probe = _write_probe(kept, Path(root).with_name("probe"))
    return {"workers": 1, "failed": failed, "read_s": sum(reads) + sum(prepares), "prepare_s": sum(prepares),
            "write_s": sum(writes), "relabelled": relabelled,
            "write_each_s": writes, "stored": stored, "list_s": statistics.median(listing),
            "worker_peak_mb": [peak_mb], "probe": probe, "probe_s": time.perf_counter() - started}


def _write_probe(documents: list[tuple[Path, object, bytes]], root: Path) -> dict:
    """The same documents added into an empty library and into one of ``PROBE_STORED`` stand-ins,
    alternately (drift hits both alike). In each, the first add indexes the library and a new
    Library object's first add reads that index and counts the folders (as a new process would),
    both timed apart; the adds after them are a batch driver's writes."""
    sizes = (0, PROBE_STORED)
    libraries = {}
    for size in sizes:
        _stand_ins(root / str(size), size)
        _store(*_probe_args(documents[0], Library(root / str(size))))  # indexes the stand-ins
        libraries[size] = Library(root / str(size))
    opening = {size: _store(*_probe_args(documents[1], libraries[size])).write_s for size in sizes}
    writes: dict[int, list[float]] = {size: [] for size in sizes}
    for document in documents[2:]:
        for size in sizes:
            writes[size].append(_store(*_probe_args(document, libraries[size])).write_s)
    return {"stored": PROBE_STORED, "writes": len(documents) - 2,
            "empty_s": statistics.median(writes[0]), "full_s": statistics.median(writes[PROBE_STORED]),
            "open_empty_s": opening[0], "open_full_s": opening[PROBE_STORED]}


def _probe_args(document: tuple[Path, object, bytes], library: Library) -> tuple:
    """A driver's write: the document arrives checked and encoded (prepared in the worker)."""
    path, result, data = document
    return path, "ok", prepare(result.tables, meta_of(result), data, path.name), library, ON_CONFLICT, 0.0


def _stand_ins(root: Path, count: int) -> None:
    """``count`` stored documents reduced to their meta.json, over 31 provinces: what add() would
    have to look through (their tables are never read here)."""
    for i in range(count):
        key = f"stand-in-{i:06d}-2023"
        folder = root / "documents" / f"province=P{i % 31:02d}" / "year=2023" / key
        folder.mkdir(parents=True)
        meta = {"key": key, "doc_id": f"stand-in-{i:06d}", "year": 2023, "region": "", "department": "",
                "edition": "", "file": "stand-in.pdf", "sha256": f"{i:064x}", "report": {}}
        (folder / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


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
    # Reading (with checking and encoding) spreads over every core; the driver's writes run one after
    # another (the library's single writer).
    floor_s = max((naive["read_s"] + naive["write_s"]) / cores, naive["write_s"])
    # A write = a fixed part + whatever grows with the k documents already stored: the growth is the
    # probe's difference between writes into PROBE_STORED stand-ins and into an empty library.
    # A document whose id and year the library already holds is kept as `…-2` (keep_both): its tables
    # are re-encoded under the new id. Generated documents share ids, so most here are; a national
    # collection's documents (region + department + edition + year) are not: the projection uses the
    # writes of documents kept under their own id, the relabelled ones are reported beside them.
    all_writes, probe = naive["write_each_s"], naive["probe"]
    flags = naive.get("relabelled") or [False] * len(all_writes)
    writes = [w for w, r in zip(all_writes, flags, strict=True) if not r] or all_writes
    relabels = [w for w, r in zip(all_writes, flags, strict=True) if r]
    slope = (probe["full_s"] - probe["empty_s"]) / probe["stored"]
    growth = max(slope, 0.0)  # a write that got faster with more documents stored is noise
    mean = statistics.fmean(writes) if writes else 0.0
    first = max(mean - growth * (len(writes) - 1) / 2, 0.0)  # the k-th write stored k before it
    return {**result, "floor": {"wall_s": floor_s, "per_min": 60 * docs / floor_s},
            "ray_overhead_s": ray["wall_s"] - pool["wall_s"],
            "ray_overhead_pct": 100 * (ray["wall_s"] - pool["wall_s"]) / pool["wall_s"],
            "write": {"mean_s": mean, "first_s": first, "per_doc_stored_s": slope, "probe": probe,
                      "plain": len(writes), "relabelled": len(relabels),
                      "relabel_mean_s": statistics.fmean(relabels) if relabels else 0.0,
                      "list_s": naive["list_s"], "stored": naive["stored"]},
            "projection": project(one, ray, cores, first, growth, result["corpus"]["mean_kb"])}


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


def render_batch(result: dict) -> str:
    """The batch section: the runs, the library write, the projection."""
    return "\n".join([*_runs(result), _write_line(result["write"]), "", *_projection(result["projection"])])


def _runs(result: dict) -> list[str]:
    cores, corpus, naive = result["cores"], result["corpus"], result["naive"]
    docs = corpus["docs"]
    names = {"pool": "pool", "ray": "Ray local"}
    lines = [
        BATCH_HEADING, "",
        f"Measured by `python -m benchmarks.batch_bench --docs {docs}` on {cores} cores: {docs:,} generated "
        f"disclosures (`synthetic.corpus`, seed {corpus['seed']}: {corpus['pdf']:,} PDFs and {corpus['xlsx']:,} "
        f"workbooks, {corpus['mean_kb']:,.0f} KB on average; generated once in {corpus['generate_s']:,.0f} s, "
        "not counted), each run into a fresh library (`on_conflict=\"keep_both\"`: documents sharing an id and "
        "year are all written, the later ones re-labelled `…-2`, `…-3` by the driver). Wall time runs from the "
        "call to its return, start-up included (spawning the workers and loading the reader, starting Ray). "
        "*Reading in workers*: reading each document, then checking it against the contract and encoding its "
        "tables as Parquet (`library.store.prepare`), summed over the documents. *Library writes*: the driver, "
        "the library's only writer, checking the index, writing the bytes and renaming (`add_prepared`). Peak RSS "
        "per worker: each worker's own `ru_maxrss`, reported with every document it reads, largest first. "
        "*Naive*: one fresh process reading, encoding and storing one file after another, no pool and no limits. "
        "*Floor*: the naive run's work spread over every core, and never less than its writes alone (one "
        "writer): the best wall time possible here.", "",
        "| run | workers | wall (s) | documents / min | speed-up | efficiency | reading in workers (s) "
        "| library writes (s) | peak RSS per worker (MB) | failed |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, run in [("naive", naive)] + [(names[r["engine"]], r) for r in result["runs"]]:
        lines.append(f"| {label} | {run['workers']} | {run['wall_s']:,.1f} | {run['per_min']:,.0f} "
                     f"| {run['speed_up']:.2f}× | {run['efficiency']:.2f} | {run['read_s']:,.1f} "
                     f"| {run['write_s']:,.1f} | {_peaks(run['worker_peak_mb'])} | {run['failed']} |")
    floor = result["floor"]
    lines.append(f"| floor | {cores} | {floor['wall_s']:,.1f} | {floor['per_min']:,.0f} | – | – "
                 f"| {naive['read_s']:,.1f} | {naive['write_s']:,.1f} | – | – |")
    runs = {(r["engine"], r["workers"]): r for r in result["runs"]}
    pool, ray = runs[("pool", cores)], runs[("ray", cores)]
    return lines + [
        "",
        f"- {_verdict(pool['efficiency'] >= EFFICIENCY_TARGET)} pool, {cores} workers: scaling efficiency "
        f"{pool['efficiency']:.2f} (speed-up over 1 worker ÷ workers; target ≥ {EFFICIENCY_TARGET})",
        f"- {_verdict(ray['efficiency'] >= EFFICIENCY_TARGET)} Ray local, {cores} workers: scaling efficiency "
        f"{ray['efficiency']:.2f}, {ray['efficiency_started']:.2f} once started; Ray's overhead over the pool "
        f"at {cores} workers: {result['ray_overhead_s']:+,.1f} s ({result['ray_overhead_pct']:+.0f} %), of which "
        f"starting and stopping the local instance {result['ray_start_s']:,.1f} s (measured alone)",
        f"- pool, {cores} workers: {pool['wall_s'] / floor['wall_s']:.2f}× the floor; the naive way takes "
        f"{naive['wall_s'] / pool['wall_s']:.2f}× the pool's time; checking and encoding in the naive run: "
        f"{1000 * naive['prepare_s'] / max(docs - naive['failed'], 1):,.1f} ms per document (in a worker in a batch)",
    ]


def _write_line(write: dict) -> str:
    probe = write["probe"]
    return (
        f"- library write (the driver's part, naive run): {1000 * write['mean_s']:,.1f} ms per document on average "
        f"for the {write['plain']:,} documents kept under their own id; {1000 * write['relabel_mean_s']:,.1f} ms for "
        f"the {write['relabelled']:,} kept as `…-2`, `…-3` (their tables re-encoded under the new id: generated "
        "documents share ids, a national collection's do not). "
        "`add` finds duplicates and clashes in the library's index (`index.log`, reading only the lines "
        "appended since its last write), not in every stored document's meta.json: the same "
        f"{probe['writes']} documents took {1000 * probe['empty_s']:,.1f} ms each into an empty library and "
        f"{1000 * probe['full_s']:,.1f} ms into one of {probe['stored']:,} stored documents (medians), "
        f"{1e6 * write['per_doc_stored_s']:+,.2f} µs per stored document. A Library object's first write also "
        f"reads the whole index and counts the document folders: {1000 * probe['open_full_s']:,.0f} ms with "
        f"{probe['stored']:,} documents ({1000 * probe['open_empty_s']:,.0f} ms empty), once per process. "
        f"Listing the library (`entries()`) still reads every meta.json: {1000 * write['list_s']:,.0f} ms for "
        f"{write['stored']:,} documents, {1e6 * write['list_s'] / max(write['stored'], 1):,.0f} µs each "
        "(not part of a write; `run_batch` lists once, at its start, to skip files already stored)")


def _projection(p: dict) -> list[str]:
    lines = [
        f"### Projection: {p['docs']:,} documents on a Ray cluster (an estimate, not a measurement)", "",
        "| nodes | reading capacity (documents / min) | reading alone | driver's writes | estimated wall | bound by |",
        "|---|---|---|---|---|---|",
    ]
    for row in p["nodes"]:
        bound = "the single writer" if row["write_s"] > row["read_s"] else "reading"
        lines.append(f"| {row['nodes']} | {row['per_min']:,.0f} | {_duration(row['read_s'])} "
                     f"| {_duration(row['write_s'])} | {_duration(row['wall_s'])} | {bound} |")
    lines += ["", f"Assumptions: nodes like this one ({p['cores']} cores each, reading only); this run's per-core "
              f"rate ({p['per_core_per_min']:,.0f} documents / min: the pool with 1 worker) and Ray's scaling "
              f"efficiency here once started ({p['efficiency']:.2f}, at most 1), assumed to hold across nodes; one "
              "driver stores every document (the library's single writer, under its file lock), overlapping the "
              "reading, every document under its own id (a national collection: region, department, edition "
              f"and year tell them apart), at this run's write cost for those: {1000 * p['write_first_s']:,.1f} ms plus "
              f"{1e6 * p['write_slope_s']:,.2f} µs per document already stored (the probe above; a write measured "
              f"faster in the fuller library counts as no growth), so the last of {p['docs']:,} takes "
              f"{p['write_last_s']:,.2f} s. {_bottleneck(p)} The file bytes travel with the tasks from the driver: "
              f"{p['transfer_gb']:,.1f} GB in all (not measured; about {_duration(p['transfer_gb'] * 8)} at "
              "1 Gbit/s). Not included: the cluster's start-up, stragglers, documents re-read in the sandbox "
              "after a worker dies, and listing a library that already holds documents when the batch starts."]
    return lines


def _bottleneck(p: dict) -> str:
    """Which of reading and the single writer bounds each cluster size, in one sentence."""
    writer = f"one writer stores at most {p['writer_per_min']:,.0f} documents / min"
    bound = [row["nodes"] for row in p["nodes"] if row["write_s"] > row["read_s"]]
    if not bound:
        return f"Reading is the bottleneck on every cluster here: {writer}, more than the nodes read."
    sizes = " and ".join(f"{n:,}" for n in bound)
    return (f"**The single writer is the bottleneck** with {sizes} nodes: {writer}, less than they read, so "
            "more nodes shorten only the reading; what remains is the write itself (writing the 11 Parquet "
            "files the workers encoded, meta.json and the original, one rename; re-labelling a kept duplicate "
            "re-encodes its tables), not the library's size.")


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
