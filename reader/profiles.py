"""Per-document profiles: what is peculiar to one document, as data (data/profiles/*.toml).

A profile is found by the department and year the document states. It may fix the
document's id (the four seeds keep hezheng, qinglong, huangyuan, shizhu), its region
where the text does not name it, and which table is authoritative for a figure
where the document states it differently in two places. A profile with an id may give
the document a colour of its own on every chart (``colour``; ``document_colours``).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

PROFILE_DIR = Path(__file__).resolve().parent.parent / "data" / "profiles"


@dataclass(frozen=True)
class Profile:
    id: str | None = None
    region: str | None = None
    province: str | None = None
    colour: str | None = None  # the document's colour on every chart (charts.style.colours_for)
    department: str | None = None  # the canonical spelling where the document varies
    metrics: dict[str, str] = field(default_factory=dict)  # metric -> table kind
    tables: dict[str, str] = field(default_factory=dict)  # function/economic/income -> table kind
    # a 三公 item the explanatory text gives no comparison for counts as unchanged (reader/prior.py)
    sangong_unstated_unchanged: bool = False
    reason: str = ""


NO_PROFILE = Profile()


@cache
def _profiles(directory: Path = PROFILE_DIR) -> tuple[tuple[dict, Profile], ...]:
    out = []
    for path in sorted(directory.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        out.append((data.get("match", {}), Profile(
            id=data.get("id"), region=data.get("region"), province=data.get("province"),
            colour=data.get("colour"),
            department=data.get("department"),
            metrics=data.get("metrics", {}), tables=data.get("tables", {}), reason=data.get("reason", ""),
            sangong_unstated_unchanged=data.get("prior_year", {}).get("sangong_unstated_unchanged", False))))
    return tuple(out)


def find_profile(department: str | None, year: int | None) -> Profile:
    for match, profile in _profiles():
        if match.get("department") == department and match.get("year") in (None, year):
            return profile
    return NO_PROFILE


def document_colours() -> dict[str, str]:
    """county_id -> the colour its profile gives it (the shipped four have one each)."""
    return {profile.id: profile.colour for _, profile in _profiles() if profile.id and profile.colour}
