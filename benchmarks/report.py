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
same seams: the library keeps every document's tables as Parquet **partitioned by province and
year** (`library/documents/province=甘肃省/year=2024/<document>/indicators.parquet`), which
`Library.scan()` reads lazily with hive partitioning, skipping the partitions a filter leaves
out; on shared storage (NFS or an object store such as S3/OSS) **several dashboard processes**
read the same library behind a reverse proxy (nginx, or a cloud load balancer) with **sticky
sessions**, because a Streamlit session keeps its state and websocket in one process; and
**reading fans out over Ray** (`python -m loaders import DIR --engine ray --address …`): each
disclosure is one task whose worker reads, checks and encodes it, and the library's one writer
only writes the bytes and renames (see "Batch import" below for the measured rates and a
projection)."""


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
