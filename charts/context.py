"""What every figure needs to say about itself: who, when, which unit, from where."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from charts.style import colours_for, county_colour, source_note, title_text


def document_labels(rows: list[dict]) -> dict[str, str]:
    """How each shown document is named: its region (县) alone while that is unambiguous; the
    department beside it when two shown documents share a region (two departments of one county);
    the file name as well when they share the department too (部门 and 单位 editions, kept copies).

    ``rows`` are counties-table rows (county_id, county_name, department, document), one per document.
    """
    by_region: dict[str, set[str]] = {}
    by_both: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        by_region.setdefault(r["county_name"], set()).add(r["county_id"])
        by_both.setdefault((r["county_name"], r.get("department") or ""), set()).add(r["county_id"])
    labels = {}
    for r in rows:
        region, department = r["county_name"], r.get("department") or ""
        label = region
        if len(by_region[region]) > 1:
            label = f"{region}·{department.removeprefix(region) or department}"
            if len(by_both[(region, department)]) > 1:
                label = f"{label}（{r['document']}）"
        labels[r["county_id"]] = label
    return labels


@dataclass(frozen=True)
class ChartContext:
    county_ids: tuple[str, ...]
    names: dict[str, str]  # county_id -> county name
    years: dict[str, int]  # county_id -> budget year shown
    documents: dict[str, str]  # county_id -> source file
    unit_label: str = "万元"
    factor: float = 1.0  # multiply 万元 by this to get unit_label
    share: bool = False
    # the documents colours are given over: every document shown on the page, kept by subset(), so a
    # document has one colour on every chart of a page; empty: county_ids
    palette_ids: tuple[str, ...] = ()

    @classmethod
    def from_tables(cls, counties: pl.DataFrame, unit_label: str = "万元", factor: float = 1.0,
                    share: bool = False) -> ChartContext:
        rows = counties.rows(named=True)
        return cls(
            county_ids=tuple(r["county_id"] for r in rows),
            names=document_labels(rows),
            years={r["county_id"]: r["year"] for r in rows},
            documents={r["county_id"]: r["document"] for r in rows},
            unit_label=unit_label, factor=factor, share=share,
        )

    def subset(self, county_ids: tuple[str, ...]) -> ChartContext:
        return ChartContext(tuple(county_ids), self.names, self.years, self.documents,
                            self.unit_label, self.factor, self.share, self.palette_ids or self.county_ids)

    def colour(self, county_id: str) -> str:
        """The document's colour among the documents shown (charts.style.colours_for)."""
        return colours_for(self.palette_ids or self.county_ids).get(county_id) or county_colour(county_id)

    def only(self, county_id: str) -> ChartContext:
        return self.subset((county_id,))

    def title(self, what: str, unit: str | None = "default") -> str:
        shown = self.unit_label if unit == "default" else unit
        return title_text(what, [self.names[c] for c in self.county_ids],
                          [self.years[c] for c in self.county_ids], shown)

    def value_unit(self) -> str:
        return "%" if self.share else self.unit_label

    def source(self) -> str:
        return source_note([self.documents[c] for c in self.county_ids])

    def scale(self, amount_wan: float | None) -> float | None:
        return None if amount_wan is None else amount_wan * self.factor

    def label(self, county_id: str) -> str:
        return f"{self.names[county_id]} {self.years[county_id]}"
