"""`python -m loaders export --out DIR`: write every contract table as CSV."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders import SchemaError, SourceFormatError, load_all


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loaders")
    sub = parser.add_subparsers(dest="command", required=True)
    export = sub.add_parser("export", help="write each table as DIR/<name>.csv (UTF-8)")
    export.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        tables = load_all()
    except (SourceFormatError, SchemaError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.write_csv(args.out / f"{name}.csv")
        print(f"{name}: {frame.height} rows -> {args.out / (name + '.csv')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
