"""Write a corpus of generated disclosures (PDF and xlsx) with a ``.truth.json`` beside each.

Every value of every variant field (VARIANT_CHOICES) appears at least once in
any corpus of 12 or more documents: each run of k documents takes all k values
of a field in a seeded order of its own; contradictions stay rare. The layouts
of real documents the reader reads exactly (REAL_LAYOUTS) are given to the first
documents of each format, one layout each.

    python -m synthetic.corpus --n 20 --seed 1 --out DIR
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from synthetic.disclosure import VARIANT_CHOICES, Disclosure, generate_disclosure, write_truth
from synthetic.render_pdf import render_pdf
from synthetic.render_xlsx import render_xlsx

# Rare values placed at fixed positions (i mod 6) so that n >= 12 still covers them.
_RARE = {"contradiction": {3: "expenditure_project_total", 5: "sangong_total"}}
_FMT_CYCLE = ("pdf", "pdf", "xlsx")  # two PDFs for every workbook
# Fields only one format shows -> step: value k of such a field goes to that format's
# documents in runs of ``step`` (long tables meet both continued_title forms).
_FORMAT_FIELDS = {"pdf": {"orientation": 1, "long_table": 1, "continued_title": 2},
                  "xlsx": {"xlsx_values": 1, "sheet_naming": 2}}
# Layouts of real documents (disclosure.REAL_LAYOUT_CHOICES) that the reader reads exactly: the
# j-th document of a format gets the j-th layout of its list. A layout the reader does not read
# yet stays out of this list and has a strict-xfail test in tests/test_reader_roundtrip.py.
REAL_LAYOUTS: dict[str, tuple[dict, ...]] = {
    "pdf": (
        {"contents": "heading", "basic_header": "parts"},
        {"rotation": "all", "long_table": True, "continued_title": "repeat"},
        {"contents": "bare", "spending_blocks": "one_unit"},
        {"rotation": "mixed", "long_table": True, "continued_title": "numbered"},
        {"long_table": True, "continued_title": "bare", "economic_codes": "bracketed"},
        {"code_style": "bracketed", "sangong_extra": True, "spending_purpose": True},
    ),
    "xlsx": (
        {"basic_header": "parts", "code_style": "indented", "economic_codes": "bracketed"},
        {"spending_blocks": "one_unit", "code_style": "bracketed"},
        {"sangong_extra": True, "sangong_layout": "list"},
    ),
}


def corpus_overrides(n: int, seed: int) -> list[dict]:
    """The variant values fixed for each of ``n`` documents (covering every value once n >= 12)."""
    rng = random.Random(seed)
    blocks = {name: [rng.sample(list(options), len(options)) for _ in range(n + 1)]
              for name, options in VARIANT_CHOICES.items()}

    def pick(name: str, index: int, step: int = 1) -> object:
        # Each run of k documents (k = number of values) takes every value once, in a fresh
        # seeded order per run, so fields cycle independently of one another.
        k = len(VARIANT_CHOICES[name])
        slot = index // step
        return blocks[name][slot // k][slot % k]

    out, counts = [], {"pdf": 0, "xlsx": 0}
    for i in range(n):
        chosen = {name: pick(name, i) for name in VARIANT_CHOICES}
        fmt = chosen["fmt"] = _FMT_CYCLE[i % len(_FMT_CYCLE)]
        j = counts[fmt]  # fields only one format shows cycle over that format's documents
        counts[fmt] += 1
        for name, step in _FORMAT_FIELDS[fmt].items():
            chosen[name] = pick(name, j, step)
        if j < len(REAL_LAYOUTS[fmt]):
            chosen.update(REAL_LAYOUTS[fmt][j])
        chosen["contradiction"] = _RARE["contradiction"].get(i % 6, "none")
        out.append(chosen)
    return out


def write_document(disclosure: Disclosure, out_dir: Path, stem: str) -> Path:
    """Render one disclosure in its variant's format and write its truth beside it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    render = render_pdf if disclosure.variant.fmt == "pdf" else render_xlsx
    path = render(disclosure, out_dir / f"{stem}.{disclosure.variant.fmt}")
    write_truth(disclosure, out_dir / f"{stem}.truth.json")
    return path


def write_corpus(out_dir: Path, n: int, seed: int) -> list[Path]:
    """Write ``n`` documents into ``out_dir``; returns the document paths (PDF or xlsx)."""
    out_dir = Path(out_dir)
    paths = []
    for i, overrides in enumerate(corpus_overrides(n, seed)):
        disclosure = generate_disclosure(seed * 100_003 + i, **overrides)
        paths.append(write_document(disclosure, out_dir, f"syn{seed:02d}_{i:03d}"))
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m synthetic.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="number of documents")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    args = parser.parse_args(argv)
    paths = write_corpus(args.out, args.n, args.seed)
    print(f"wrote {len(paths)} documents (+ .truth.json) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
