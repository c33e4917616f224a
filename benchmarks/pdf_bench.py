"""python -m benchmarks.pdf_bench FILE…: time reader.pdf against PyMuPDF plain text and pdfplumber tables.

Per document: seconds for PyMuPDF plain text of every page (the floor),
``read_pdf``, and pdfplumber ``extract_tables`` on every page; the same per
page (milliseconds); rows read; Python heap peak of ``read_pdf`` (tracemalloc,
which does not see MuPDF's own C allocations) and the process's peak RSS.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from pathlib import Path

import pymupdf

from benchmarks.timing import peak_rss_mb
from reader.pdf import _page_content, _page_rows, read_pdf


def run(paths: list[str | Path], repeats: int = 3, plumber: bool = True) -> list[dict]:
    """One dict per document: timings (best of ``repeats``), per-page timings, rows and memory."""
    return [_bench(Path(path), repeats, plumber) for path in paths]


def _bench(path: Path, repeats: int, plumber: bool) -> dict:
    data = path.read_bytes()
    text_s = min(_timed(lambda: _plain_text(data))[0] for _ in range(repeats))
    read_s, source = min((_timed(lambda: read_pdf(path.name, data)) for _ in range(repeats)),
                         key=lambda pair: pair[0])
    tracemalloc.start()
    read_pdf(path.name, data)
    heap_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    result = {
        "file": path.name,
        "pages": source.pages,
        "rows": len(source.rows),
        "pymupdf_text_s": round(text_s, 4),
        "read_pdf_s": round(read_s, 4),
        "pdfplumber_tables_s": None,
        "pymupdf_text_ms_per_page": round(1000 * text_s / source.pages, 2),
        "read_pdf_ms_per_page": round(1000 * read_s / source.pages, 2),
        "pdfplumber_ms_per_page": None,
        "read_pdf_heap_peak_mb": round(heap_peak / 2**20, 2),
        "page_ms": _per_page(data, plumber),
    }
    if plumber:
        plumber_s = _timed(lambda: _plumber_tables(data))[0]
        result["pdfplumber_tables_s"] = round(plumber_s, 3)
        result["pdfplumber_ms_per_page"] = round(1000 * plumber_s / source.pages, 2)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def _timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _plain_text(data: bytes) -> int:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return sum(len(page.get_text()) for page in doc)


def _plumber_tables(data: bytes) -> int:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return sum(len(page.extract_tables()) for page in pdf.pages)


def _per_page(data: bytes, plumber: bool) -> list[dict]:
    """Milliseconds per page: PyMuPDF text, read_pdf's page work, pdfplumber tables."""
    out = []
    plumber_doc = None
    if plumber:
        import io

        import pdfplumber

        plumber_doc = pdfplumber.open(io.BytesIO(data))
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for index in range(doc.page_count):
            text_s = _timed(lambda i=index: doc.load_page(i).get_text())[0]
            read_s, rows = _timed(lambda i=index: _page_rows(*_page_content("bench", doc, i)))
            row = {"page": index + 1, "rows": len(rows), "pymupdf_text_ms": round(1000 * text_s, 2),
                   "read_pdf_ms": round(1000 * read_s, 2), "pdfplumber_ms": None}
            if plumber_doc is not None:
                row["pdfplumber_ms"] = round(1000 * _timed(plumber_doc.pages[index].extract_tables)[0], 2)
            out.append(row)
    if plumber_doc is not None:
        plumber_doc.close()
    return out


def render(results: list[dict], per_page: bool = True) -> str:
    """Plain-text report, one block per document."""
    lines = []
    for r in results:
        plumber = "-" if r["pdfplumber_tables_s"] is None else f"{r['pdfplumber_tables_s']:.3f} s"
        plumber_pp = "-" if r["pdfplumber_ms_per_page"] is None else f"{r['pdfplumber_ms_per_page']:.1f} ms"
        lines += [
            f"{r['file']}: {r['pages']} 页 pages, {r['rows']} 行 rows",
            f"  PyMuPDF 纯文本 plain text : {r['pymupdf_text_s']:.4f} s  ({r['pymupdf_text_ms_per_page']:.2f} ms/page)",
            f"  read_pdf                  : {r['read_pdf_s']:.4f} s  ({r['read_pdf_ms_per_page']:.2f} ms/page)",
            f"  pdfplumber extract_tables : {plumber}  ({plumber_pp}/page)",
            f"  内存 memory: read_pdf Python 堆峰值 heap peak {r['read_pdf_heap_peak_mb']} MB, "
            f"进程峰值 process peak RSS {r['peak_rss_mb']} MB",
        ]
        if per_page:
            lines.append("  页 page  行 rows  text ms  read_pdf ms  pdfplumber ms")
            for p in r["page_ms"]:
                plumb = "-" if p["pdfplumber_ms"] is None else f"{p['pdfplumber_ms']:.1f}"
                lines.append(f"  {p['page']:>7}  {p['rows']:>7}  {p['pymupdf_text_ms']:>7.2f}  "
                             f"{p['read_pdf_ms']:>11.2f}  {plumb:>13}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-pdfplumber", action="store_true", help="skip pdfplumber (slow on long documents)")
    parser.add_argument("--summary", action="store_true", help="per document only, no per-page lines")
    args = parser.parse_args(argv)
    results = run(args.files, repeats=args.repeats, plumber=not args.no_pdfplumber)
    print(render(results, per_page=not args.summary))


if __name__ == "__main__":
    main()
