"""Command line.

    python -m loaders export --out DIR             the four shipped documents as DIR/<table>.csv
    python -m loaders import FILE [FILE …] --out DIR   any disclosure (PDF, Excel, text), read by content
    python -m loaders import FILE|DIR … --data DATA [--workers N]
                                                   … added to the library in DATA/library, in parallel
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import polars as pl

from contract.tables import EDITIONS
from loaders import SchemaError, SourceFormatError, combine, load_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders")
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="write each table as DIR/<name>.csv (UTF-8)")
    export.add_argument("--out", type=Path, required=True)
    imp = sub.add_parser("import", help="read disclosures (PDF, Excel or text) into DIR/<table>.csv + a read report")
    imp.add_argument("files", nargs="+", type=Path)
    target = imp.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, help="write DIR/<table>.csv and the read report")
    target.add_argument("--data", type=Path, help="add each document to the library in DIR/library")
    imp.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                     help="parallel readers for --data (default: this machine's cores)")
    imp.add_argument("--engine", choices=("pool", "ray"), default="pool",
                     help="with --data: a local process pool, or Ray (a local instance, or --address)")
    imp.add_argument("--address", help="with --engine ray: the Ray cluster to join (e.g. ray://head:10001)")
    imp.add_argument("--on-conflict", choices=("ask", "replace", "keep_both"), default="ask",
                     help="another file for a document already in the library: skip it (ask), "
                          "replace the old one (kept in trash), or keep both")
    for name, what in (("region", "地区, e.g. 上海市普陀区"), ("department", "部门全称"),
                       ("edition", "部门 or 单位"), ("year", "预算年度"), ("id", "document id")):
        imp.add_argument(f"--{name}", help=f"override the {what} read from the document",
                         choices=EDITIONS if name == "edition" else None)
    args = parser.parse_args(argv)
    if args.command == "import":
        return import_batch(args) if args.data is not None else import_files(args)
    try:
        tables = load_all()
    except (SourceFormatError, SchemaError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    write_tables(tables, args.out)
    return 0


def write_tables(tables: dict[str, pl.DataFrame], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.write_csv(out / f"{name}.csv")
        print(f"{name}: {frame.height} rows -> {out / (name + '.csv')}")


def import_files(args: argparse.Namespace) -> int:
    from reader.document import read_document
    from reader.errors import UnreadableDocument
    from reader.report import report_markdown

    overrides = {k: getattr(args, k) for k in ("region", "department", "edition", "year", "id")}
    read, reports, failed = [], [], 0
    for path in args.files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            print(f"{path.name}：无法打开文件 / cannot open the file ({exc.strerror})", file=sys.stderr)
            failed += 1
            continue
        try:
            result = _read_showing_ocr(read_document, path.name, data, overrides)
        except UnreadableDocument as exc:
            print(exc.line(), file=sys.stderr)
            reports.append({"file": path.name, "error": exc.code, "message": exc.line()})
            failed += 1
            continue
        except (SchemaError, SourceFormatError) as exc:
            print(f"{path.name}：读出的数据不符合数据约定 / read data breaks the contract ({exc})", file=sys.stderr)
            failed += 1
            continue
        read.append(result)
        reports.append(result.report)
        print(read_summary(path.name, result.doc_id, result.meta.year, result.report))
    if read:
        try:
            write_tables(combine([r.tables for r in read]), args.out)
        except SchemaError as exc:  # two files for the same document id and year
            print(f"无法合并：{exc} / cannot combine: {exc}", file=sys.stderr)
            return 1
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "read_report.json").write_text(json.dumps(reports, ensure_ascii=False, indent=1), encoding="utf-8")
    (args.out / "read_report.md").write_text(report_markdown(reports), encoding="utf-8")
    return 1 if failed else 0


def _read_showing_ocr(read_document, name: str, data: bytes, overrides: dict):
    """read_document, with a progress bar (pages, rate, time left) while a scan is read by OCR."""
    from tqdm import tqdm

    from reader.progress import listening

    bar = None

    def show(progress) -> None:
        nonlocal bar
        if not progress.ocr_total:
            return
        if bar is None:
            bar = tqdm(total=progress.ocr_total, unit="页", desc=f"{name} 文字识别（OCR）", dynamic_ncols=True,
                       disable=not sys.stderr.isatty())
        bar.update(progress.ocr_done - bar.n)

    try:
        with listening(show):
            return read_document(name, data, overrides)
    finally:
        if bar is not None:
            bar.close()


_STATUS_ZH = {"added": "已加入", "replaced": "已替换", "skipped": "已导入（跳过）", "duplicate": "已导入",
              "conflict": "未导入（文档库中已有同一文档的另一文件）", "failed": "失败"}
_STATUS_SHORT = {"added": "已加入", "replaced": "已替换", "skipped": "已导入跳过", "duplicate": "重复",
                 "conflict": "冲突", "failed": "失败"}


def read_summary(name: str, doc_id: str, year: int, report: dict) -> str:
    """One read file, in Chinese with English beside (as the errors are)."""
    tables = sum(1 for t in report["tables"] if t["status"] == "已读取")
    checks, warnings = report["checks"], len(report["warnings"])
    return (f"{name}：{doc_id} {year} — 读取 {tables} 张表，核对 {checks['total']} 项中 {checks['failed']} 项未通过，"
            f"提示 {warnings} 条 / {tables} tables read, {checks['failed']} of {checks['total']} checks failed, "
            f"{warnings} warnings")


def batch_summary(statuses: list[str], report: Path) -> str:
    """The batch's last line: '共 4 个文件：已加入 2，失败 2 / 4 files: added 2, failed 2 — 报告 / report: …'."""
    counts = {s: statuses.count(s) for s in _STATUS_ZH if statuses.count(s)}
    zh = "，".join(f"{_STATUS_SHORT[s]} {n}" for s, n in counts.items())
    en = ", ".join(f"{s} {n}" for s, n in counts.items())
    return f"共 {len(statuses)} 个文件：{zh} / {len(statuses)} files: {en} — 报告 / report: {report}"


def import_batch(args: argparse.Namespace) -> int:
    """Every file given or under a folder given, read in parallel into the library."""
    from library import Library
    from library.batch import discover, run_batch, write_report

    if args.engine == "ray":
        try:
            import ray  # noqa: F401
        except ImportError:
            print("未安装 Ray：pip install ray==2.60.0 / Ray is not installed", file=sys.stderr)
            return 2
    files = [f for path in args.files for f in discover(path)]
    library = Library(args.data / "library")
    overrides = {k: getattr(args, k) for k in ("region", "department", "edition", "year", "id")}
    outcomes = run_batch(files, library, workers=max(1, args.workers), on_conflict=args.on_conflict,
                         overrides=overrides, engine=args.engine, address=args.address,
                         show_progress=sys.stderr.isatty())
    for o in outcomes:
        line = f"{Path(o.file).name}：{_STATUS_ZH[o.status]} {o.document} {o.reason}".rstrip()
        print(line, file=sys.stderr if o.status in ("failed", "conflict") else sys.stdout)
    report = args.data / "import_reports" / f"import-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.csv"
    write_report(outcomes, report)
    print(batch_summary([o.status for o in outcomes], report))
    return 1 if any(o.status in ("failed", "conflict") for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
