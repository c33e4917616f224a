"""The shared sidebar filters: their allowed values and their query-string form.

Pure functions so that tests can check validation and round-trips without
Streamlit. app.py owns the widgets; pages read `Filters` only.
"""

from __future__ import annotations

from dataclasses import dataclass

LATEST = "latest"
UNITS = {"wan": ("万元", 1.0), "yuan": ("元", 10_000.0)}
MODES = {"abs": "绝对值", "share": "占比"}
# With more counties loaded than this (a national data directory), the default view
# shows the first few; the sidebar selector is searchable by typing a name.
DEFAULT_COUNTY_LIMIT = 8


@dataclass(frozen=True)
class FilterOptions:
    county_ids: tuple[str, ...]
    county_names: dict[str, str]
    years: tuple[int, ...]

    @property
    def year_choices(self) -> tuple[str, ...]:
        return (LATEST, *(str(y) for y in self.years))


@dataclass(frozen=True)
class Filters:
    counties: tuple[str, ...]
    year: str  # LATEST or a year as text
    unit: str = "wan"
    mode: str = "abs"

    @property
    def unit_label(self) -> str:
        return UNITS[self.unit][0]

    @property
    def unit_factor(self) -> float:
        return UNITS[self.unit][1]

    @property
    def share(self) -> bool:
        return self.mode == "share"

    def to_query(self) -> dict[str, str]:
        return {"county": ",".join(self.counties), "year": self.year, "unit": self.unit, "mode": self.mode}


def default_filters(options: FilterOptions) -> Filters:
    return Filters(counties=options.county_ids[:DEFAULT_COUNTY_LIMIT], year=LATEST)


def default_notice(options: FilterOptions) -> str | None:
    """Say that the default view is cut to the first counties, when it is."""
    total = len(options.county_ids)
    if total <= DEFAULT_COUNTY_LIMIT:
        return None
    return f"共 {total:,} 个县（区），默认只选前 {DEFAULT_COUNTY_LIMIT} 个；在上框中输入县名可搜索添加。"


def filters_from_query(query: dict[str, str], options: FilterOptions) -> tuple[Filters, list[str]]:
    """Validate query parameters; unknown values fall back with a notice (in Chinese)."""
    notices: list[str] = []
    default = default_filters(options)
    counties = default.counties
    if query.get("county"):
        wanted = [c for c in query["county"].split(",") if c]
        known = tuple(c for c in wanted if c in options.county_ids)
        unknown = [c for c in wanted if c not in options.county_ids]
        if unknown:
            notices.append(f"链接中的县（区）代码无法识别：{'、'.join(unknown)}，已忽略。")
        counties = known or default.counties
        if not known:
            shown = "全部" if len(default.counties) == len(options.county_ids) else "默认"
            notices.append(f"链接中没有可识别的县（区），已显示{shown}县（区）。")
    year = query.get("year", LATEST)
    if year not in options.year_choices:
        notices.append(f"链接中的年度“{year}”没有数据，已改为各县最新年度。")
        year = LATEST
    unit = query.get("unit", default.unit)
    if unit not in UNITS:
        notices.append(f"链接中的单位“{unit}”无法识别，已改为万元。")
        unit = default.unit
    mode = query.get("mode", default.mode)
    if mode not in MODES:
        notices.append(f"链接中的显示方式“{mode}”无法识别，已改为绝对值。")
        mode = default.mode
    return Filters(counties=counties, year=year, unit=unit, mode=mode), notices
