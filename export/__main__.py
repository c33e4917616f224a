"""`python -m export --county qinglong --year 2023 --out DIR`: the dashboard's report pack, in batch.

Writes DIR/<县>_<年>_报告包.zip (every chart as PNG and SVG, the data as one
Excel workbook, a PowerPoint deck). Several counties: repeat --county or
separate with commas; --each writes one pack per county instead of one
pack covering all of them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from content.catalog import PAGES, file_stem, report_charts
from content.filters import LATEST, MODES, UNITS, Filters
from content.selection import select
from export.images import ExportUnavailable, require_export
from export.pack import pack_bytes
from loaders import SchemaError, SourceFormatError, load_all


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m export", description=__doc__.splitlines()[0])
    parser.add_argument("--county", action="append", required=True, metavar="ID",
                        help="county id (e.g. qinglong); repeat or comma-separate for several")
    parser.add_argument("--year", default=LATEST, help="budget year, or 'latest' (default): each county's latest")
    parser.add_argument("--out", type=Path, required=True, help="directory for the ZIP file(s)")
    parser.add_argument("--unit", choices=tuple(UNITS), default="wan", help="amount unit: wan (万元) or yuan (元)")
    parser.add_argument("--mode", choices=tuple(MODES), default="abs", help="abs (绝对值) or share (占比)")
    parser.add_argument("--page", choices=tuple(PAGES), action="append",
                        help="only this page's charts (repeatable); default: every page")
    parser.add_argument("--each", action="store_true", help="one pack per county instead of one for all")
    return parser


def _counties(values: list[str]) -> list[str]:
    return [c.strip() for value in values for c in value.split(",") if c.strip()]


def write_pack(tables, filters: Filters, out: Path, pages: list[str] | None) -> Path | None:
    """Build and write one pack; None (with a message) when the selection has no data."""
    selection = select(tables, filters)
    for county_id in selection.missing:
        print(f"{selection.name(county_id)}（{county_id}）没有 {filters.year} 年的数据，已跳过。", file=sys.stderr)
    if selection.empty:
        return None
    ctx = selection.context(filters.unit_label, filters.unit_factor, filters.share)
    if pages:
        charts = [chart for key in pages for chart in PAGES[key].build(selection, ctx)]
    else:
        charts = report_charts(selection, ctx)
    name = file_stem(ctx, "报告包")
    started = time.perf_counter()
    data = pack_bytes(charts, name)
    path = out / f"{name}.zip"
    path.write_bytes(data)
    print(f"{path}: {len(charts)} 张图表，{len(data) / 1e6:.1f} MB，{time.perf_counter() - started:.1f} 秒")
    return path


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        require_export()
        tables = load_all()
    except ExportUnavailable as exc:
        print(f"无法导出：{exc}", file=sys.stderr)
        return 1
    except (SourceFormatError, SchemaError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    known = tuple(tables["counties"]["county_id"].unique(maintain_order=True))
    years = {str(y) for y in tables["counties"]["year"]}
    counties = _counties(args.county)
    if unknown := [c for c in counties if c not in known]:
        print(f"无法识别的文件编号：{'、'.join(unknown)}；可用：{', '.join(known)}", file=sys.stderr)
        return 2
    if args.year != LATEST and args.year not in years:
        print(f"没有 {args.year} 年的数据；可用年度：{', '.join(sorted(years))} 或 latest", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    groups = [(c,) for c in counties] if args.each else [tuple(counties)]
    written = [write_pack(tables, Filters(group, args.year, args.unit, args.mode), args.out, args.page)
               for group in groups]
    return 0 if any(written) else 1


if __name__ == "__main__":
    sys.exit(main())
