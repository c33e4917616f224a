"""What every figure needs to say about itself: who, when, which unit, from where."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import polars as pl

from charts.style import colours_for, count_text, county_colour, source_note, title_text


@dataclass(frozen=True)
class ChartContext:
    county_ids: tuple[str, ...]
    names: dict[str, str]  # county_id -> the document's name (content.naming.document_names)
    years: dict[str, int]  # county_id -> budget year shown
    documents: dict[str, str]  # county_id -> source file
    unit_label: str = "万元"
    factor: float = 1.0  # multiply 万元 by this to get unit_label
    share: bool = False
    # the documents colours are given over: every document shown on the page, kept by subset(), so a
    # document has one colour on every chart of a page; empty: county_ids
    palette_ids: tuple[str, ...] = ()
    # county_id -> the document in the year shown (content.naming.document_labels); empty: name + year
    labels: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)  # county_id -> region (地区)
    departments: dict[str, str] = field(default_factory=dict)  # county_id -> department (部门)
    document_kinds: dict[str, str] = field(default_factory=dict)  # county_id -> 预算 / 决算; default 预算
    # county_id -> a colour of its own, kept on every chart (a document's profile gives it: the shipped
    # four's, reader.profiles.document_colours); the other documents take the palette's free colours
    colours: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_tables(cls, counties: pl.DataFrame, unit_label: str = "万元", factor: float = 1.0,
                    share: bool = False, names: dict[str, str] | None = None,
                    labels: dict[str, str] | None = None, colours: dict[str, str] | None = None) -> ChartContext:
        """``names`` and ``labels`` as content.naming builds them, ``colours`` the documents' own
        (content.selection.Selection.context passes them); without names a document is named by
        its region."""
        rows = counties.rows(named=True)
        return cls(
            county_ids=tuple(r["county_id"] for r in rows),
            names=names or {r["county_id"]: r["county_name"] for r in rows},
            years={r["county_id"]: r["year"] for r in rows},
            documents={r["county_id"]: r["document"] for r in rows},
            unit_label=unit_label, factor=factor, share=share, labels=labels or {},
            regions={r["county_id"]: r["county_name"] for r in rows},
            departments={r["county_id"]: r.get("department") or "" for r in rows},
            document_kinds={r["county_id"]: r.get("document_kind") or "预算" for r in rows},
            colours=colours or {},
        )

    def subset(self, county_ids: tuple[str, ...]) -> ChartContext:
        return replace(self, county_ids=tuple(county_ids), palette_ids=self.palette_ids or self.county_ids)

    def colour(self, county_id: str) -> str:
        """The document's colour among the documents shown (charts.style.colours_for)."""
        return (colours_for(self.palette_ids or self.county_ids, self.colours).get(county_id)
                or county_colour(county_id, self.colours))

    def only(self, county_id: str) -> ChartContext:
        return self.subset((county_id,))

    def title(self, what: str, unit: str | None = "default") -> str:
        shown = self.unit_label if unit == "default" else unit
        return title_text(what, [self.names[c] for c in self.county_ids],
                          [self.years[c] for c in self.county_ids], shown, self.count_text())

    def count_text(self, county_ids: tuple[str, ...] | None = None) -> str:
        """'4 个地区', '3 个部门' or '2 份预算': how many documents, in the words that fit them."""
        ids = self.county_ids if county_ids is None else county_ids
        return count_text([self.regions.get(c, self.names[c]) for c in ids],
                          [self.departments.get(c, "") for c in ids],
                          [self.document_kinds.get(c, "预算") for c in ids])

    def value_unit(self) -> str:
        return "%" if self.share else self.unit_label

    def source(self) -> str:
        return source_note([self.documents[c] for c in self.county_ids],
                           [self.document_kinds.get(c, "预算") for c in self.county_ids])

    def scale(self, amount_wan: float | None) -> float | None:
        return None if amount_wan is None else amount_wan * self.factor

    def label(self, county_id: str) -> str:
        """The document in the year shown: '上海市·刑事科学技术研究院（单位预算 · 2026）', '和政县 2024'."""
        return self.labels.get(county_id) or f"{self.names[county_id]} {self.years[county_id]}"
