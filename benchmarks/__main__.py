"""python -m benchmarks [--counties 3000 --years 5 --seed 1 --pick 200 --batch-docs 1000 --browser-rounds 3]:
print and write docs/benchmarks.md."""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.report import BATCH_HEADING, render, section
from benchmarks.scenario import ROOT

REPORT = ROOT / "docs" / "benchmarks.md"


def _run(args: list[str]) -> str:
    env = {k: v for k, v in os.environ.items() if k != "BUDGET_DATA_DIR"}
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def generate(out: Path, counties: int, years: int, seed: int) -> dict:
    """Run the generator first, so the children's peak memory so far is its own."""
    start = time.perf_counter()
    _run(["-m", "synthetic", "--counties", str(counties), "--years", str(years), "--seed", str(seed),
          "--out", str(out)])
    manifest = json.loads((out / "SYNTHETIC.json").read_text(encoding="utf-8"))
    return {"counties": counties, "years": years, "seed": seed, "seconds": time.perf_counter() - start,
            "rows": sum(manifest["rows"].values()),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            "parquet_mb": sum(p.stat().st_size for p in out.glob("*.parquet")) / 1e6}


def scenario(title: str, real: bool, selected: str, *args: str) -> dict:
    print(f"… {title}", file=sys.stderr, flush=True)
    result = json.loads(_run(["-m", "benchmarks.scenario", title, *args]).strip().splitlines()[-1])
    return {**result, "title": title, "real": real, "selected": selected}


def machine() -> dict:
    import polars
    import streamlit

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    return {"cpu": cpu, "cores": os.cpu_count(), "streamlit": streamlit.__version__,
            "polars": polars.__version__}


def _batch_section(docs: int, seed: int, report: Path) -> str | None:
    """The batch import section: measured now, or (``docs`` 0) carried over from the report."""
    if docs > 0:
        from benchmarks import batch_bench

        return batch_bench.render_batch(batch_bench.measure(docs, seed))
    return section(report.read_text(encoding="utf-8"), BATCH_HEADING) if report.is_file() else None


def _import_section(docs: int, seed: int, report: Path) -> str | None:
    """Importing in the dashboard: measured now (a fresh process), or (``docs`` 0) carried over."""
    from benchmarks.import_bench import IMPORT_HEADING

    if docs > 0:
        return _run(["-m", "benchmarks.import_bench", "--docs", str(docs), "--seed", str(seed)]).strip()
    return section(report.read_text(encoding="utf-8"), IMPORT_HEADING) if report.is_file() else None


def _ocr_section(report: Path) -> str | None:
    from benchmarks.ocr import HEADING

    return section(report.read_text(encoding="utf-8"), HEADING) if report.is_file() else None


def _browser_section(docs: int, rounds: int, report: Path) -> str | None:
    """Page switches in headless Chromium: measured now (its own process), or (``rounds`` 0) carried over."""
    from benchmarks.browser import HEADING

    if rounds > 0:
        return _run(["-m", "benchmarks.browser", "--docs", str(docs), "--rounds", str(rounds)]).strip()
    return section(report.read_text(encoding="utf-8"), HEADING) if report.is_file() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--counties", type=int, default=3000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pick", type=int, default=200, help="counties selected in the wide scenario")
    parser.add_argument("--batch-docs", type=int, default=1000,
                        help="documents in the batch import benchmark; 0 skips it and keeps the report's "
                             "batch section as it is")
    parser.add_argument("--import-docs", type=int, default=50,
                        help="imported documents beside the shipped four in the import benchmark; 0 keeps the "
                             "report's section as it is")
    parser.add_argument("--browser-rounds", type=int, default=3,
                        help="rounds of page switches in headless Chromium (beside the shipped four: --import-docs "
                             "imported documents); 0 keeps the report's section as it is")
    parser.add_argument("--out", type=Path, default=REPORT)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="synthetic_") as tmp:
        generation = generate(Path(tmp), args.counties, args.years, args.seed)
        scale = f"{args.counties:,}×{args.years}"
        results = [
            scenario("4 real counties", True, "4 (all)", "--parse-repeats", "5", "--export"),
            scenario(f"{scale} synthetic", False, "8 (default)", "--dir", tmp, "--export"),
            scenario(f"{scale} synthetic, {args.pick} selected", False, f"{args.pick} (URL)",
                     "--dir", tmp, "--pick", str(args.pick)),
        ]
    print("… reading generated PDFs", file=sys.stderr, flush=True)
    from benchmarks import reader_bench

    text = render(results, generation, machine()) + "\n\n" + reader_bench.render(reader_bench.measure()) + "\n"
    print("… reading the real corpus", file=sys.stderr, flush=True)
    from benchmarks import corpus

    if (corpus.CORPUS / "golden.json").is_file():
        text += "\n\n" + corpus.render(corpus.measure()) + "\n"
    print("… importing in the dashboard", file=sys.stderr, flush=True)
    imported = _import_section(args.import_docs, args.seed, args.out)
    if imported:
        text += "\n\n" + imported + "\n"
    batch = _batch_section(args.batch_docs, args.seed, args.out)
    if batch:
        text += "\n\n" + batch + "\n"
    scans = _ocr_section(args.out)  # minutes of OCR: measured by python -m benchmarks.ocr, carried over here
    if scans:
        text += "\n\n" + scans + "\n"
    print("… page switches in the browser", file=sys.stderr, flush=True)
    switches = _browser_section(args.import_docs, args.browser_rounds, args.out)
    if switches:
        text += "\n\n" + switches + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"\nwritten to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
