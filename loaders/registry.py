"""The four disclosures the project ships: where they are and what they hold.

Each is read by the general reader (reader/); `tables` lists the table kinds
(reader/kinds.py) the document publishes, so a shipped file that no longer
reads as it did (truncated, replaced) fails loudly instead of showing less.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

RAW_DIR = Path(__file__).resolve().parent.parent / "data" / "raw"


@dataclass(frozen=True)
class CountySource:
    county_id: str
    county_name: str
    file: str
    tables: tuple[str, ...]  # table kinds the document publishes
    frames: tuple[str, ...] = ("summary", "projects", "indicators")  # contract tables it fills


_FULL_FRAMES = ("summary", "income", "expenditure_function", "expenditure_economic", "sangong",
                "projects", "indicators", "prior_year")
_FULL_SET = ("fiscal_summary", "budget_summary", "basic_economic", "sangong", "general_expenditure",
             "expenditure", "project_targets")

COUNTIES: dict[str, CountySource] = {
    c.county_id: c
    for c in (
        CountySource("hezheng", "和政县", "hezheng_2024.txt", ("dept_targets", "project_targets")),
        CountySource("qinglong", "青龙满族自治县", "qinglong_2023.txt", _FULL_SET + ("income",),
                     _FULL_FRAMES),
        CountySource("huangyuan", "湟源县", "huangyuan_2024.txt", ("project_targets",)),
        CountySource("shizhu", "石柱土家族自治县", "shizhu_2023.txt", _FULL_SET + ("dept_targets",),
                     _FULL_FRAMES + ("programs",)),
    )
}
