"""Export speed: `python -m benchmarks.export_bench [--repeats 5]` prints a Markdown table.

Targets (issue: Export): one chart PNG < 0.5 s once the browser is warm; a full page pack < 5 s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from content.catalog import PAGES, report_charts, sangong_charts
from content.filters import Filters
from content.selection import select
from export import images
from export.images import PRINT_SCALE, ImageSpec
from export.pack import pack_bytes
from loaders import load_all

ALL = ("hezheng", "qinglong", "huangyuan", "shizhu")


def timed(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """(median, best) seconds over ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.export_bench")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    images.require_export()
    tables = load_all()
    selection = select(tables, Filters(counties=ALL, year="latest"))
    ctx = selection.context()
    figure = sangong_charts(selection, ctx)[0].figure

    started = time.perf_counter()
    images.render_png(figure)
    rows = [("首张图片（启动浏览器，冷启动）", time.perf_counter() - started, None, 1)]
    for label, spec in (("单张图表 PNG 屏幕版（1200 像素宽）", ImageSpec("png")),
                        (f"单张图表 PNG 打印版（{1200 * PRINT_SCALE} 像素宽）", ImageSpec("png", PRINT_SCALE)),
                        ("单张图表 SVG", ImageSpec("svg"))):
        median, best = timed(lambda s=spec: images.render(figure, s), args.repeats)
        rows.append((label, median, best, 1))
    pack_repeats = max(1, args.repeats // 2)
    for page in PAGES.values():
        charts = page.build(selection, ctx)
        median, best = timed(lambda c=charts: pack_bytes(c), pack_repeats)
        rows.append((f"本页报告包：{page.title}（4 县）", median, best, len(charts)))
    charts = report_charts(selection, ctx)
    median, best = timed(lambda: pack_bytes(charts), 1)
    rows.append(("全部图表报告包（4 县）", median, best, len(charts)))

    print(f"kaleido 标签页：{images.BROWSER_TABS}；重复次数：单图 {args.repeats}，报告包 {pack_repeats}\n")
    print("| 操作 | 图表数 | 中位数 (s) | 最快 (s) |")
    print("|---|---:|---:|---:|")
    for label, median, best, count in rows:
        print(f"| {label} | {count} | {median:.2f} | {'' if best is None else f'{best:.2f}'} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
