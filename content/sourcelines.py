"""Quoting source lines next to flags and checks."""

from __future__ import annotations

import re


def quote_line(lines: tuple[str, ...], number: int | None) -> str:
    """The raw text of line ``number`` with tabs shown as ' | ' ('' if out of range)."""
    if number is None or number < 1 or number > len(lines):
        return ""
    return lines[number - 1].replace("\t", " | ").strip(" |")


def parse_line_list(text: str | None) -> list[int]:
    """'98-100, 104' -> [98, 99, 100, 104]."""
    out: list[int] = []
    for part in re.split(r"\s*,\s*", text or ""):
        if not part:
            continue
        if "-" in part:
            start, end = (int(x) for x in part.split("-", 1))
            out.extend(range(start, end + 1))
        else:
            out.append(int(part))
    return out
