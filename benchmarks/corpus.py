"""python -m benchmarks.corpus [CORPUS] [--details]: the real corpus read against its golden figures.

For each PDF under CORPUS/pdf: golden figures exact / unread / unconfirmed / wrong (see
benchmarks.golden), seconds to read it in process and ms a page, beside PyMuPDF's plain text of the
same file (the floor: no reader can take the text out faster). Prints a Markdown table; --details
lists every figure that is not exact.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pymupdf

from benchmarks import golden_final
from benchmarks.golden import CORPUS, ROOT, Outcome, compare, load_golden, tally
from benchmarks.report import replace_section
from contract.errors import SchemaError
from reader.document import read_document
from reader.errors import UnreadableDocument

HEADING = "## Real corpus: golden figures read (python -m benchmarks.corpus)"
FINAL_HEADING = "### Final accounts (决算): CORPUS/final"
REPORT = ROOT / "docs" / "benchmarks.md"
_NOTE = """
Each of the 21 real disclosures in `../shared/corpus/pdf` read in process by `reader.document.read_document`
and scored against `golden.json` (figures read by hand off the page): **exact** the contract holds the
page's figure; **unread** the contract does not hold it (not shown); **unconfirmed** it holds another
value marked `confirmed = false` (shown as 未核实); **wrong** another value shown as confirmed. ms/page is
the whole reader (tables, prose, checks, contract); PyMuPDF's plain text of the same file is the floor.
CPU ms/page is this process's CPU time: on a machine shared with other work it stays what it is on a
quiet one, where the wall time (what a user waits) is close to it.
Target: ≤ 20 ms a page; 0 wrong.
"""


def measure(corpus: Path = CORPUS) -> list[dict]:
    rows = []
    for record in load_golden(corpus):
        path = corpus / "pdf" / record["file"]
        data = path.read_bytes()
        start, cpu = time.perf_counter(), time.process_time()
        try:
            result = read_document(path.name, data)
            error = None
        except UnreadableDocument as exc:
            result, error = None, f"{exc.code}: {exc.zh}"
        except SchemaError as exc:  # the contract refused what was read: the whole document is lost
            result, error = None, f"schema: {str(exc)[:80]}"
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        floor, floor_cpu = _plain_text_seconds(data)
        outcomes = _compare(record)(record, result.tables) if result else _all_unread(record)
        rows.append({"file": record["file"], "pages": record["pages"], "seconds": seconds, "floor": floor,
                     "cpu": cpu, "floor_cpu": floor_cpu,
                     "outcomes": outcomes, "error": error,
                     "region": result.meta.region if result else None,
                     "department": result.meta.department if result else None})
    return rows


def _plain_text_seconds(data: bytes) -> tuple[float, float]:
    """(wall, CPU) seconds for PyMuPDF's plain text of every page."""
    start, cpu = time.perf_counter(), time.process_time()
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page in doc:
            page.get_text()
    return time.perf_counter() - start, time.process_time() - cpu


def _compare(record: dict):
    """The golden names of a 决算 (final accounts) map onto the contract by benchmarks.golden_final."""
    return golden_final.compare if record.get("kind") == golden_final.KIND else compare


def _all_unread(record: dict) -> list[Outcome]:
    empty = {name: _EmptyTables.frame for name in ("summary", "income", "sangong", "expenditure_function",
                                                   "expenditure_economic")}
    return _compare(record)(record, empty)


class _EmptyTables:
    import polars as _pl

    frame = _pl.DataFrame()


def render(rows: list[dict], heading: str = HEADING) -> str:
    note = _NOTE if heading == HEADING else "\nThe three real 部门决算 in `../shared/corpus/final`, read and scored the same way.\n"
    lines = [heading, note,
             "| document | pages | golden | exact | unread | unconfirmed | wrong (confirmed) | s | ms/page "
             "| CPU ms/page | PyMuPDF text ms/page | PyMuPDF CPU ms/page |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    total = {"golden": 0, "exact": 0, "unread": 0, "unconfirmed": 0, "wrong": 0, "pages": 0, "s": 0.0, "f": 0.0,
             "c": 0.0, "fc": 0.0}
    for row in rows:
        t = tally(row["outcomes"])
        n = len(row["outcomes"])
        name = row["file"] + (f" (refused: {row['error']})" if row["error"] else "")
        lines.append(f"| {name} | {row['pages']} | {n} | {t['exact']} | {t['unread']} | {t['unconfirmed']} "
                     f"| {t['wrong']} | {row['seconds']:.2f} | {1000 * row['seconds'] / row['pages']:.1f} "
                     f"| {1000 * row['cpu'] / row['pages']:.1f} | {1000 * row['floor'] / row['pages']:.1f} "
                     f"| {1000 * row['floor_cpu'] / row['pages']:.1f} |")
        for key in ("exact", "unread", "unconfirmed", "wrong"):
            total[key] += t[key]
        total["golden"] += n
        total["pages"] += row["pages"]
        total["s"] += row["seconds"]
        total["f"] += row["floor"]
        total["c"] += row["cpu"]
        total["fc"] += row["floor_cpu"]
    share = 100 * total["exact"] / max(total["golden"], 1)
    lines.append(f"| **all {len(rows)}** | {total['pages']} | {total['golden']} | {total['exact']} ({share:.1f} %) "
                 f"| {total['unread']} | {total['unconfirmed']} | {total['wrong']} | {total['s']:.2f} "
                 f"| {1000 * total['s'] / total['pages']:.1f} | {1000 * total['c'] / total['pages']:.1f} "
                 f"| {1000 * total['f'] / total['pages']:.1f} | {1000 * total['fc'] / total['pages']:.1f} |")
    return "\n".join(lines) + "\n"


def details(rows: list[dict]) -> str:
    out = []
    for row in rows:
        for o in row["outcomes"]:
            if o.outcome != "exact":
                out.append(f"{o.outcome:11} {row['file']:42} p{o.page:<3} {o.figure}: golden {o.golden} read {o.read}")
    return "\n".join(out) + "\n"


def prune_gaps(path: Path, rows: list[dict]) -> None:
    exact = {(row["file"], o.figure) for row in rows for o in row["outcomes"] if o.outcome == "exact"}
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if line.startswith("#") or tuple(line.split("\t")) not in exact]
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    print(f"{path}: {len(lines) - len(kept)} figures now read exactly, removed", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.corpus", description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS)
    parser.add_argument("--details", action="store_true", help="list every figure that is not exact")
    parser.add_argument("--write", type=Path, metavar="REPORT", nargs="?", const=REPORT,
                        help=f"replace this section of REPORT (default {REPORT.relative_to(ROOT)})")
    parser.add_argument("--prune-gaps", type=Path, metavar="FILE",
                        help="remove from FILE (tests/corpus_gaps.txt) the figures now read exactly; "
                             "never adds one")
    args = parser.parse_args(argv)
    rows = measure(args.corpus)
    # the final accounts (决算) beside the budgets: CORPUS/final, read and scored the same way
    final = args.corpus / "final"
    final_rows = measure(final) if (final / "golden.json").is_file() else []
    if args.prune_gaps:
        prune_gaps(args.prune_gaps, rows)
    sys.stdout.write(render(rows))
    if final_rows:
        sys.stdout.write("\n" + render(final_rows, FINAL_HEADING))
    if args.write:
        old_text = args.write.read_text(encoding="utf-8") if args.write.is_file() else ""
        text = render(rows) + ("\n" + render(final_rows, FINAL_HEADING) if final_rows else "")
        args.write.write_text(replace_section(old_text, HEADING, text), encoding="utf-8")
    if args.details:
        sys.stdout.write("\n" + details(rows + final_rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
