"""One benchmark scale in this process: `python -m benchmarks.scenario NAME [--dir DIR] [--pick N]`.

Prints one JSON object: load times, each page's AppTest rerun beside a bare one-line
page, export times and this process's peak memory. Run by benchmarks.__main__.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks.timing import peak_rss_mb, time_once, time_repeats

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
PAGES = {
    "总览": "views/page_overview.py",
    "收支构成": "views/page_composition.py",
    "三公经费": "views/page_sangong.py",
    "项目支出": "views/page_projects.py",
    "绩效指标": "views/page_indicators.py",
    "县际对比": "views/page_compare.py",
    "指标质量": "views/page_quality.py",
    "勾稽核对": "views/page_checks.py",
    "数据": "views/page_data.py",
}
RERUNS = 3
BARE_APP = 'import streamlit as st\n\nst.write("bare")\n'


class PageFailed(RuntimeError):
    """A page raised or showed an exception under AppTest."""


def _apptest(path: Path, county: str | None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(path), default_timeout=300)
    if county:
        at.query_params["county"] = county
    return at


def _rerun_ms(at) -> list[float]:
    times = [time_once(at.run)[0] for _ in range(RERUNS)]
    if at.exception:
        raise PageFailed(at.exception[0].value)
    return times


def bare_page_ms() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bare.py"
        path.write_text(BARE_APP, encoding="utf-8")
        at = _apptest(path, None)
        at.run()
        return statistics.median(_rerun_ms(at))


def page_ms(page: str, county: str | None) -> dict:
    """First visit (switch) and median rerun of one page, after the app's first run."""
    at = _apptest(APP, county)
    at.run()
    at.switch_page(page)
    first, _ = time_once(at.run)
    reruns = _rerun_ms(at)
    return {"first_ms": round(first, 1), "rerun_ms": round(statistics.median(reruns), 1)}


def load_ms() -> dict:
    """Cold: the first get_tables() of the process. Cached: the st.cache_resource path after."""
    from dashboard.data import get_tables

    cold, (tables, _) = time_once(get_tables)
    cached = time_repeats(get_tables, 50)
    counties = tables["counties"]
    return {"cold_ms": round(cold, 1), "cached": cached.as_dict(),
            "county_years": counties.height, "counties": counties["county_id"].n_unique()}


def parse_ms(repeats: int) -> dict:
    from loaders import load_all

    return time_repeats(load_all, repeats).as_dict()


def export_ms(county: str | None) -> dict:
    """One chart as PNG (warm browser) and one page's report pack (三公经费), if export/ exists."""
    try:
        from content.catalog import PAGES as EXPORT_PAGES
        from content.filters import LATEST, Filters
        from content.selection import select
        from export.images import export_problem, render_png, warm_up
        from export.pack import pack_bytes
    except ImportError as exc:
        return {"unavailable": f"export/ not importable: {exc}"}
    if problem := export_problem():
        return {"unavailable": problem}
    from content.filters import DEFAULT_COUNTY_LIMIT
    from dashboard.data import get_tables

    tables, _ = get_tables()
    ids = tuple(county.split(",")) if county else \
        tuple(tables["counties"]["county_id"].unique(maintain_order=True))[:DEFAULT_COUNTY_LIMIT]
    selection = select(tables, Filters(counties=ids, year=LATEST))
    ctx = selection.context()
    charts = EXPORT_PAGES["sangong"].build(selection, ctx)
    warm, _ = time_once(warm_up)
    png = time_repeats(lambda: render_png(charts[0].figure), 3)
    pack, data = time_once(lambda: pack_bytes(charts))
    return {"warm_up_ms": round(warm, 1), "png": png.as_dict(), "pack_ms": round(pack, 1),
            "pack_charts": len(charts), "pack_bytes": len(data)}


def run(name: str, county: str | None, parse_repeats: int, export: bool) -> dict:
    out: dict = {"name": name}
    if parse_repeats:
        out["parse"] = parse_ms(parse_repeats)
    out["load"] = load_ms()
    out["bare_ms"] = round(bare_page_ms(), 1)
    out["pages"] = {title: page_ms(path, county) for title, path in PAGES.items()}
    if export:
        out["export"] = export_ms(county)
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scenario")
    parser.add_argument("name")
    parser.add_argument("--dir", type=Path, help="data directory: Parquet tables and/or library/ "
                        "(default: only the four real counties)")
    parser.add_argument("--pick", type=int, default=0, help="select this many counties via the URL")
    parser.add_argument("--parse-repeats", type=int, default=0)
    parser.add_argument("--export", action="store_true")
    args = parser.parse_args(argv)
    # The dashboard reads its data directory from the environment (loaders.datadir).
    # Without --dir: an empty data directory, so a developer's own library (data/library) is not measured.
    os.environ["BUDGET_DATA_DIR"] = str(args.dir) if args.dir else tempfile.mkdtemp(prefix="bench-empty-")
    sys.argv = [sys.argv[0]]  # AppTest scripts see these; keep our options away from --data parsing
    county = ",".join(f"syn{i:04d}" for i in range(1, args.pick + 1)) if args.pick else None
    print(json.dumps(run(args.name, county, args.parse_repeats, args.export), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
