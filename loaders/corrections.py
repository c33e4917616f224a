"""Line-level corrections for extraction damage beyond parsing.

`data/corrections.csv` has one row per corrected source line:
county_id, line, raw, corrected, reason. In ``raw`` and ``corrected`` a
tab is written as the two characters backslash-t. A correction applies
only if the source line still reads exactly ``raw``: a changed source
file fails loudly instead of being silently "corrected".
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from contract.errors import SourceFormatError
from contract.source import SourceText

CORRECTIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "corrections.csv"


@dataclass(frozen=True)
class Correction:
    county_id: str
    line: int
    raw: str
    corrected: str
    reason: str


def _unescape(text: str) -> str:
    return text.replace("\\t", "\t")


def read_corrections(path: Path = CORRECTIONS_FILE) -> list[Correction]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Correction(row["county_id"], int(row["line"]), _unescape(row["raw"]),
                       _unescape(row["corrected"]), row["reason"])
            for row in csv.DictReader(handle)
        ]


def apply_corrections(source: SourceText, corrections: list[Correction]) -> tuple[SourceText, frozenset[int]]:
    """Return the corrected text and the set of corrected line numbers."""
    lines = list(source.lines)
    for fix in corrections:
        if fix.line < 1 or fix.line > len(lines):
            raise SourceFormatError(source.name, fix.line, "correction points past the end of the file")
        if lines[fix.line - 1] != fix.raw:
            raise SourceFormatError(
                source.name, fix.line,
                "line differs from the text data/corrections.csv expects; correction not applied",
            )
        lines[fix.line - 1] = fix.corrected
    return SourceText(source.name, tuple(lines)), frozenset(fix.line for fix in corrections)
