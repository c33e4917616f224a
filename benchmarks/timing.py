"""Small timing and memory helpers (pure, no Streamlit)."""

from __future__ import annotations

import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Timing:
    best_ms: float
    median_ms: float
    repeats: int

    def as_dict(self) -> dict:
        return asdict(self)


def time_once(fn: Callable[[], object]) -> tuple[float, object]:
    """Milliseconds taken by one call, and its result."""
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def time_repeats(fn: Callable[[], object], repeats: int) -> Timing:
    times = [time_once(fn)[0] for _ in range(repeats)]
    return Timing(round(min(times), 2), round(statistics.median(times), 2), repeats)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
