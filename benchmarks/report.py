"""The benchmark results as a Markdown report (pure: result dicts in, text out)."""

from __future__ import annotations

import platform

PAGE_LIMIT_REAL_MS = 150
PAGE_LIMIT_SCALE_MS = 1000
PARSE_LIMIT_MS = 1000
CACHED_LIMIT_MS = 50
MEMORY_LIMIT_MB = 2048

SCALING = """\
## Growing past one machine

One dashboard process holds one selection's rows in memory and scans the rest from Parquet,
so a single 2-core machine serves a national dataset. Past that, the design splits along the
same seams: the tidy tables are written as Parquet **partitioned by province and year**
(`indicators/province=甘肃省/year=2024/part-0.parquet`) on shared storage (NFS or an object
store such as S3/OSS), and `pl.scan_parquet` with hive partitioning reads only the partitions
a page filters on; **several dashboard processes** run behind a reverse proxy (nginx, or a cloud
load balancer) with **sticky sessions**, because a Streamlit session keeps its state and
websocket in one process; and **parsing fans out** over a standard engine such as **Ray or
Dask**, since each disclosure parses independently (`loaders.load_county` per document is the
unit of work, and `loaders.combine` plus a Parquet write per partition is the reduce step)."""


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f} ms"


def _verdict(ok: bool) -> str:
    return "✅" if ok else "❌"


def render(results: list[dict], generation: dict, machine: dict) -> str:
    names = [r["title"] for r in results]
    lines = ["# Benchmarks", "",
             f"Measured by `python -m benchmarks` on {machine['cpu']} ({machine['cores']} cores), "
             f"Python {platform.python_version()}, streamlit {machine['streamlit']}, polars {machine['polars']}. "
             "Page times are `AppTest.run()` of the whole app (entry file + page) after the page has been "
             "visited once, median of 3; the bare page is a one-line `st.write` app measured the same way "
             "in the same process. Peak memory is the scenario process's `ru_maxrss` "
             "(the export browser runs in separate processes and is not included).", "",
             f"Synthetic data: {generation['counties']:,} counties × {generation['years']} years "
             f"(seed {generation['seed']}), {generation['rows']:,} rows in {generation['seconds']:.1f} s, "
             f"generator peak {generation['peak_rss_mb']:,.0f} MB; Parquet {generation['parquet_mb']:.1f} MB.", "",
             "## Loading", "", "| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    parse = [r.get("parse") for r in results]
    lines.append("| parse the 4 documents from scratch (best / median) | " + " | ".join(
        f"{p['best_ms']:.1f} / {p['median_ms']:.1f} ms" if p else "–" for p in parse) + " |")
    lines.append("| cold load (first `get_tables()` of the process) | "
                 + " | ".join(_ms(r["load"]["cold_ms"]) for r in results) + " |")
    lines.append("| cached load (`st.cache_resource`, median of 50) | "
                 + " | ".join(f"{r['load']['cached']['median_ms']:.2f} ms" for r in results) + " |")
    lines.append("| county-years loaded / counties selected | "
                 + " | ".join(f"{r['load']['county_years']:,} / {r['selected']}" for r in results) + " |")
    lines += ["", "## Page reruns", "",
              "Each cell: rerun median, its ratio to the bare page, and (first visit).", "",
              "| page | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    lines.append("| bare one-line page | " + " | ".join(_ms(r["bare_ms"]) for r in results) + " |")
    for page in results[0]["pages"]:
        cells = []
        for r in results:
            p = r["pages"][page]
            cells.append(f"{p['rerun_ms']:,.0f} ms · {p['rerun_ms'] / r['bare_ms']:,.0f}× ({p['first_ms']:,.0f} ms)")
        lines.append(f"| {page} | " + " | ".join(cells) + " |")
    lines += ["", "## Export and memory", "", "| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    exports = [r.get("export") for r in results]
    lines.append("| single chart PNG (warm browser, median of 3) | " + " | ".join(
        ("not measured" if e is None else f"not available: {e['unavailable']}" if "unavailable" in e
         else f"{e['png']['median_ms']:,.0f} ms") for e in exports) + " |")
    lines.append("| page pack (三公经费: PNG+SVG, Excel, PowerPoint in a ZIP) | " + " | ".join(
        ("not measured" if e is None else "not available" if "unavailable" in e
         else f"{e['pack_ms']:,.0f} ms ({e['pack_charts']} charts)") for e in exports) + " |")
    lines.append("| browser start (once per process) | " + " | ".join(
        ("–" if e is None or "unavailable" in e else f"{e['warm_up_ms']:,.0f} ms") for e in exports) + " |")
    lines.append("| peak memory | " + " | ".join(f"{r['peak_rss_mb']:,.0f} MB" for r in results) + " |")
    lines += ["", "## Targets", ""] + [f"- {line}" for line in targets(results)] + ["", SCALING, ""]
    return "\n".join(lines)


def targets(results: list[dict]) -> list[str]:
    out = []
    for r in results:
        slowest = max(r["pages"].items(), key=lambda kv: kv[1]["rerun_ms"])
        limit = PAGE_LIMIT_REAL_MS if r["real"] else PAGE_LIMIT_SCALE_MS
        out.append(f"{_verdict(slowest[1]['rerun_ms'] < limit)} {r['title']}: slowest page rerun "
                   f"{slowest[0]} {slowest[1]['rerun_ms']:,.0f} ms (target < {limit:,} ms)")
        if r.get("parse"):
            out.append(f"{_verdict(r['parse']['best_ms'] < PARSE_LIMIT_MS)} {r['title']}: parse "
                       f"{r['parse']['best_ms']:.0f} ms (target < {PARSE_LIMIT_MS:,} ms)")
        cached = r["load"]["cached"]["median_ms"]
        out.append(f"{_verdict(cached < CACHED_LIMIT_MS)} {r['title']}: cached load {cached:.2f} ms "
                   f"(target < {CACHED_LIMIT_MS} ms)")
        if not r["real"]:
            out.append(f"{_verdict(r['peak_rss_mb'] < MEMORY_LIMIT_MB)} {r['title']}: peak memory "
                       f"{r['peak_rss_mb']:,.0f} MB (target < {MEMORY_LIMIT_MB:,} MB)")
    return out


# ------------------------------------------------------------------ batch import (issue 11)

BATCH_HEADING = "## Batch import: many documents into the library"
EFFICIENCY_TARGET = 0.8


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:,.0f} s"
    if seconds < 2 * 3600:
        return f"{seconds / 60:,.0f} min"
    return f"{seconds / 3600:,.1f} h"


def _peaks(values: list[float]) -> str:
    return " / ".join(f"{v:,.0f}" for v in values) if values else "–"


def render_batch(result: dict) -> str:
    cores, corpus, naive = result["cores"], result["corpus"], result["naive"]
    docs = corpus["docs"]
    names = {"pool": "pool", "ray": "Ray local"}
    lines = [
        BATCH_HEADING, "",
        f"Measured by `python -m benchmarks.batch_bench --docs {docs}` on {cores} cores: {docs:,} generated "
        f"disclosures (`synthetic.corpus`, seed {corpus['seed']}: {corpus['pdf']:,} PDFs and {corpus['xlsx']:,} "
        f"workbooks, {corpus['mean_kb']:,.0f} KB on average; generated once in {corpus['generate_s']:,.0f} s, "
        "not counted), each run into a fresh library (`on_conflict=\"keep_both\"`: documents sharing an id and "
        "year are all written). Wall time runs from the call to its return, start-up included (spawning the "
        "workers and loading the reader, starting Ray). Peak RSS per worker: each worker's own `ru_maxrss`, "
        "reported with every document it reads, largest first. *Naive*: one fresh process reading and storing "
        "one file after another, no pool and no limits. *Floor*: the naive run's reading and writing spread "
        "over every core, and never less than its writes alone, since the driver is the library's only "
        "writer: the best wall time possible here.", "",
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
    pool, ray, write = runs[("pool", cores)], runs[("ray", cores)], result["write"]
    lines += [
        "",
        f"- {_verdict(pool['efficiency'] >= EFFICIENCY_TARGET)} pool, {cores} workers: scaling efficiency "
        f"{pool['efficiency']:.2f} (speed-up over 1 worker ÷ workers; target ≥ {EFFICIENCY_TARGET})",
        f"- {_verdict(ray['efficiency'] >= EFFICIENCY_TARGET)} Ray local, {cores} workers: scaling efficiency "
        f"{ray['efficiency']:.2f}, {ray['efficiency_started']:.2f} once started; Ray's overhead over the pool "
        f"at {cores} workers: {result['ray_overhead_s']:+,.1f} s ({result['ray_overhead_pct']:+.0f} %), of which "
        f"starting and stopping the local instance {result['ray_start_s']:,.1f} s (measured alone)",
        f"- pool, {cores} workers: {pool['wall_s'] / floor['wall_s']:.2f}× the floor; the naive way takes "
        f"{naive['wall_s'] / pool['wall_s']:.2f}× the pool's time",
        f"- library write (in the driver, naive run): {1000 * write['mean_s']:,.1f} ms per document on average. "
        f"It grows with the library: each `add` lists every stored document (`entries()`, reading each "
        f"meta.json) to find duplicates and clashes, which took {1000 * write['list_s']:,.0f} ms for "
        f"{write['stored']:,} documents, {1e6 * write['per_doc_stored_s']:,.0f} µs per stored document; "
        f"the rest of a write is {1000 * write['first_s']:,.1f} ms (validating and writing 11 Parquet files, "
        "meta.json, the original, one rename)",
    ]
    lines += ["", *_projection(result["projection"], docs)]
    return "\n".join(lines)


def _projection(p: dict, measured_docs: int) -> list[str]:
    lines = [
        f"### Projection: {p['docs']:,} documents on a Ray cluster (an estimate, not a measurement)", "",
        "| nodes | reading capacity (documents / min) | reading alone | driver's writes | estimated wall "
        "| if a write took constant time |",
        "|---|---|---|---|---|---|",
    ]
    for row in p["nodes"]:
        lines.append(f"| {row['nodes']} | {row['per_min']:,.0f} | {_duration(row['read_s'])} "
                     f"| {_duration(row['write_s'])} | {_duration(row['wall_s'])} "
                     f"| {_duration(row['wall_constant_write_s'])} |")
    lines += [
        "",
        f"Assumptions: nodes like this one ({p['cores']} cores each, reading only); this run's per-core rate "
        f"({p['per_core_per_min']:,.0f} documents / min: the pool with 1 worker) and Ray's scaling efficiency "
        f"here once started ({p['efficiency']:.2f}, at most 1), assumed to hold across nodes; one driver stores every document (the "
        "library's single writer, under its file lock), overlapping the reading, at this run's write cost "
        f"measured with {measured_docs:,} documents: {1000 * p['write_first_s']:,.1f} ms plus "
        f"{1e6 * p['write_slope_s']:,.0f} µs per document already stored, so the last of {p['docs']:,} takes "
        f"{p['write_last_s']:,.1f} s. **The single writer is the bottleneck** as soon as its total exceeds "
        "the reading time; the last column is the wall time if a write did not grow with the library "
        "(an index of content hashes and ids instead of reading every meta.json), where one writer still "
        f"stores at most {p['writer_per_min']:,.0f} documents / min. The file bytes travel "
        f"with the tasks from the driver: {p['transfer_gb']:,.1f} GB in all (not measured; about "
        f"{_duration(p['transfer_gb'] * 8)} at 1 Gbit/s). Not included: the cluster's start-up, "
        "stragglers, documents re-read in the sandbox after a worker dies.",
    ]
    return lines


def section(text: str, heading: str) -> str | None:
    """The ``## `` section of ``text`` that starts with ``heading`` (up to the next ``## ``), if any."""
    lines = text.splitlines()
    if heading not in lines:
        return None
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[start:end]).rstrip()


def replace_section(text: str, heading: str, new: str) -> str:
    """``text`` with its ``heading`` section replaced by ``new`` (appended when there is none)."""
    old = section(text, heading)
    if old is None:
        return (text.rstrip() + "\n\n\n" if text.strip() else "") + new.rstrip() + "\n"
    return text.replace(old, new.rstrip(), 1)
