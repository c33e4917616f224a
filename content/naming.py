"""How a document is named on every page, chart and export: as officials name it (issue 21).

A document here is one county_id: a region's department in one edition (部门预算 or 单位预算), over
all the years loaded. Its name is built from the counties table (county_name, department, edition,
year), never from the file it was read from:

    上海市·刑事科学技术研究院（单位预算）            document_names: the document, any year
    上海市·刑事科学技术研究院（单位预算 · 2026）     document_labels: the document in the year shown

The region's name is taken off the front of the department's ("深圳市公安局" in 深圳市 reads 公安局).
The four shipped documents (and synthetic county datasets, which state no edition) keep the names
the project has always shown: their region alone ("和政县", labelled "和政县 2024"), with the
department beside it only when another shown document shares the region.

Two documents alike in region, department and edition (a second file kept beside the first) are
told apart by their order: （单位预算 · 2026 · 第2份）.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from loaders.registry import COUNTIES

EDITION_WORDS = {"部门": "部门预算", "单位": "单位预算"}


def department_part(region: str, department: str | None) -> str:
    """The department without the region's name in front ("深圳市公安局" in 深圳市 -> "公安局")."""
    department = department or ""
    return department.removeprefix(region) if region and department.startswith(region) and \
        department != region else department


def years_text(years: Iterable[int]) -> str:
    """'2026', '2025、2026' or '2021–2026' (more than three years)."""
    ordered = sorted(set(years))
    if len(ordered) > 3:
        return f"{ordered[0]}–{ordered[-1]}"
    return "、".join(str(y) for y in ordered)


def edition_words(edition: str | None, document_kind: str | None = None) -> str:
    """'部门预算', '单位预算', '部门决算' (final accounts), '决算' where the edition is not known."""
    if document_kind == "决算":
        return f"{edition}决算" if edition in EDITION_WORDS else "决算"
    return EDITION_WORDS.get(edition or "", "")


def official_name(region: str, department: str | None, edition: str | None,
                  years: Iterable[int] = (), copy: int = 1, document_kind: str | None = None) -> str:
    """'上海市·刑事科学技术研究院（单位预算 · 2026）': region, department, edition (and 决算 for final
    accounts) and year(s), each part only where known; ``copy`` > 1 adds '第2份'."""
    part = department_part(region, department)
    head = f"{region}·{part}" if part else region
    inside = [edition_words(edition, document_kind), years_text(years), f"第{copy}份" if copy > 1 else ""]
    inside = [p for p in inside if p]
    return f"{head}（{' · '.join(inside)}）" if inside else head


def _is_county_dataset(row: dict) -> bool:
    """A shipped document or a synthetic county: named by its region, as it always was."""
    return row["county_id"] in COUNTIES or not (row.get("edition") or row.get("document_kind") == "决算")


def _named(rows: list[dict], years: dict[str, list[int]] | None) -> dict[str, str]:
    """Each document's name over ``rows`` (the last row of a document names it), with ``years``
    (county_id -> years to say) or without."""
    rows = list({r["county_id"]: r for r in rows}.values())  # one row per document
    by_region = Counter(r["county_name"] for r in rows)
    by_department = Counter((r["county_name"], r.get("department") or "") for r in rows)
    copies = Counter((r["county_name"], r.get("department") or "", r.get("edition"), r.get("document_kind"))
                     for r in rows)
    by_edition: Counter = Counter()
    out = {}
    for r in rows:
        region, department = r["county_name"], r.get("department") or ""
        said = years.get(r["county_id"], ()) if years is not None else ()
        if _is_county_dataset(r):
            shared = by_region[region] > 1
            name = official_name(region, department if shared else None, None)
            if shared and by_department[(region, department)] > 1:  # two editions of a shipped department
                name = official_name(region, department, r.get("edition"))
            out[r["county_id"]] = f"{name} {years_text(said)}" if said else name
            continue
        key = (region, department, r.get("edition"), r.get("document_kind"))
        by_edition[key] += 1
        out[r["county_id"]] = official_name(region, department, r.get("edition"), said,
                                            by_edition[key] if copies[key] > 1 else 1, r.get("document_kind"))
    return out


def document_names(rows: list[dict]) -> dict[str, str]:
    """Each document's name, without a year (a trend line over years, a table with a year column,
    a file name): '上海市·刑事科学技术研究院（单位预算）', '和政县'.

    ``rows`` are counties-table rows (county_id, county_name, department, edition, year)."""
    return _named(rows, None)


def document_labels(rows: list[dict]) -> dict[str, str]:
    """Each document in the year its row states (legends, cards): '上海市·刑事科学技术研究院（单位预算 ·
    2026）', '和政县 2024'."""
    return _named(rows, {r["county_id"]: [r["year"]] for r in rows})


def choice_labels(rows: list[dict]) -> dict[str, str]:
    """Each document with every year ``rows`` hold of it, as the sidebar's document picker offers
    it (the names the charts use): '上海市·刑事科学技术研究院（单位预算 · 2025、2026）', '和政县 2024'.
    ``rows`` in year order: the latest row names a document."""
    years: dict[str, list[int]] = {}
    for r in rows:
        years.setdefault(r["county_id"], []).append(r["year"])
    return _named(rows, years)


def full_names(rows: list[dict]) -> dict[str, str]:
    """Every document's whole official name, the shipped ones too (总览's headings), with the years of
    its rows: '和政县·中国共产党和政县委员会组织部（部门预算 · 2024）'."""
    years: dict[str, set[int]] = {}
    first: dict[str, dict] = {}
    for r in rows:
        years.setdefault(r["county_id"], set()).add(r["year"])
        first[r["county_id"]] = r  # the latest row given last names it
    return {c: official_name(r["county_name"], r.get("department"), r.get("edition"), years[c],
                             document_kind=r.get("document_kind"))
            for c, r in first.items()}
