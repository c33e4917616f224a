"""A check: a stated figure set against the same figure recomputed (or stated again elsewhere).

A failed check is data, not an exception: the published documents contain real inconsistencies and
the dashboard shows them. Every check the reader builds is a `Check` (reader/checks.py builds those
over the tables; the prose and final-accounts readers build the ones their text states); its line
lists stay lists until the checks table is written (`check_rows`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

TOLERANCE_WAN = 0.01


def format_lines(lines: Iterable[int]) -> str:
    """[98, 99, 100, 104] -> '98-100, 104'."""
    ordered = sorted(set(lines))
    parts: list[str] = []
    start = prev = None
    for number in ordered:
        if start is None:
            start = prev = number
        elif number == prev + 1:
            prev = number
        else:
            parts.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = number
    if start is not None:
        parts.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ", ".join(parts)


def parse_lines(text: str | None) -> list[int]:
    """'98-100, 104' -> [98, 99, 100, 104] (the form format_lines writes)."""
    out: list[int] = []
    for part in (text or "").split(","):
        bounds = [int(x) for x in part.strip().split("-") if x.strip().isdigit()]
        if bounds:
            out.extend(range(bounds[0], bounds[-1] + 1))
    return out


@dataclass(frozen=True)
class Check:
    """``stated_metric``: the summary metric the stated figure is, where it is one (a 合计 row states
    支出合计, 基本支出 and 项目支出 on one line: a check of one is not a check of the others);
    ``figures``: every other summary figure the check sets against another, as (line, metric) — the
    人员经费 and 公用经费 of "人员经费 + 公用经费 = 基本支出", the figure another table prints of an
    agreement, under each metric the summary may take it as. A summary figure is confirmed only by
    a check that names it (contract/confirm.py)."""

    name: str
    stated_wan: float
    computed_wan: float
    stated_line: int | None
    computed_lines: tuple[int, ...] = ()
    stated_metric: str | None = None
    figures: tuple[tuple[int, str], ...] = ()
    difference_wan: float = field(init=False)

    def __post_init__(self):
        # the difference from the unrounded sum, then the sum shown to two decimals
        object.__setattr__(self, "difference_wan", round(self.computed_wan - self.stated_wan, 2))
        object.__setattr__(self, "computed_wan", round(self.computed_wan, 2))
        object.__setattr__(self, "computed_lines", tuple(self.computed_lines))
        object.__setattr__(self, "figures", tuple(dict.fromkeys((int(n), m) for n, m in self.figures)))

    @property
    def ok(self) -> bool:
        return abs(self.difference_wan) <= TOLERANCE_WAN

    def row(self, page_of: Callable[[int], int | None] = lambda _: None) -> dict:
        """The checks table's row (without county_id/year): line lists written out, pages looked up."""
        pages = list(dict.fromkeys(p for n in sorted(set(self.computed_lines)) if (p := page_of(n)) is not None))
        return {
            "check": self.name, "stated_wan": self.stated_wan, "computed_wan": self.computed_wan,
            "difference_wan": self.difference_wan, "ok": self.ok,
            "stated_line": self.stated_line, "computed_lines": format_lines(self.computed_lines),
            "stated_page": page_of(self.stated_line) if self.stated_line is not None else None,
            "computed_pages": ", ".join(str(p) for p in pages) or None,
            "stated_metric": self.stated_metric,
            "figures": "; ".join(f"{n} {m}" for n, m in self.figures) or None,
        }


def make_check(check: str, stated: float, computed: float, stated_line: int | None,
               computed_lines: Iterable[int] | str = (), stated_metric: str | None = None,
               figures: Iterable[tuple[int, str]] = ()) -> Check:
    """A Check; ``computed_lines`` a list of lines or their written form ('98-100, 104')."""
    lines = parse_lines(computed_lines) if isinstance(computed_lines, str) else computed_lines
    return Check(check, stated, computed, stated_line, tuple(lines), stated_metric, tuple(figures))
