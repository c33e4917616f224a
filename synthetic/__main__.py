"""python -m synthetic --counties 3000 --years 5 --seed 1 --out DIR: DIR/<table>.parquet."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from synthetic.generate import generate, write_tables

MANIFEST = "SYNTHETIC.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m synthetic", description=__doc__)
    parser.add_argument("--counties", type=int, default=3000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="directory for <table>.parquet")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    tables = generate(args.counties, args.years, args.seed)
    write_tables(tables, args.out)
    # A marker beside the tables: this directory holds generated, not published, data.
    (args.out / MANIFEST).write_text(json.dumps({
        "synthetic": True, "counties": args.counties, "years": args.years, "seed": args.seed,
        "rows": {name: frame.height for name, frame in tables.items()},
    }, ensure_ascii=False, indent=1), encoding="utf-8")
    rows = sum(frame.height for frame in tables.values())
    print(f"wrote {len(tables)} tables, {rows:,} rows to {args.out} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
