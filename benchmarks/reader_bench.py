"""Reading disclosures: `python -m benchmarks.reader_bench [--n 8]` prints a Markdown section.

Per generated PDF (synthetic.corpus, the national template with long tables over pages):
the whole reader (rows, tables, checks, report), the PDF row source alone, the physical
floor (PyMuPDF plain text of every page) and the naive way (pdfplumber's extract_tables on
every page), per document and per page, and the reader's peak Python heap.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

from benchmarks.pdf_bench import run as bench_pdf
from reader.document import read_document
from synthetic.corpus import write_corpus


def measure(n: int = 8, seed: int = 1, plumber: bool = True) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="reader_bench_") as tmp:
        paths = [p for p in write_corpus(Path(tmp), n, seed) if p.suffix == ".pdf"]
        rows = bench_pdf(paths, repeats=3, plumber=plumber)
        for row, path in zip(rows, paths, strict=True):
            data = path.read_bytes()
            best = min(_time(lambda: read_document(path.name, data)) for _ in range(3))  # noqa: B023
            tracemalloc.start()
            read_document(path.name, data)
            row["reader_heap_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
            tracemalloc.stop()
            row["reader_s"] = round(best, 3)
            row["reader_ms_per_page"] = round(1000 * best / row["pages"], 1)
    return rows


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def render(rows: list[dict]) -> str:
    lines = [
        "## Reading disclosures (generated PDFs in the national template)", "",
        "Best of 3. *Floor*: PyMuPDF plain text of every page (no tables). *Naive*: pdfplumber "
        "`extract_tables()` on every page (detects tables only; no reading of figures). *Rows*: our "
        "PDF row source (`reader/pdf.py`). *Reader*: the whole `read_document` (rows, tables, "
        "checks, read report). Target: a 25-page PDF in under 1 s.", "",
        "| document | pages | floor (s) | rows (s) | reader (s) | reader ms/page | naive (s) | reader heap peak (MB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['file']} | {r['pages']} | {r['pymupdf_text_s']:.3f} | {r['read_pdf_s']:.3f} "
                     f"| {r['reader_s']:.3f} | {r['reader_ms_per_page']} | "
                     f"{r['pdfplumber_tables_s'] if r['pdfplumber_tables_s'] is not None else '–'} "
                     f"| {r['reader_heap_peak_mb']} |")
    pages = sum(r["pages"] for r in rows)
    total = sum(r["reader_s"] for r in rows)
    lines += ["", f"All {len(rows)} documents: {pages} pages in {total:.2f} s "
              f"({1000 * total / pages:.1f} ms per page)."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.reader_bench")
    parser.add_argument("--n", type=int, default=8)
    parser.add_argument("--no-pdfplumber", action="store_true")
    args = parser.parse_args(argv)
    print(render(measure(args.n, plumber=not args.no_pdfplumber)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
