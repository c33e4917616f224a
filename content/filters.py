"""The shared sidebar filters: their allowed values and their query-string form.

Pure functions so that tests can check validation and round-trips without
Streamlit. app.py owns the widgets; pages read `Filters` only.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

LATEST = "latest"
LATEST_TEXT = "各文件最新年度"  # how the year choice LATEST reads
UNITS = {"wan": ("万元", 1.0), "yuan": ("元", 10_000.0)}
MODES = {"abs": "绝对值", "share": "占比"}
# Which documents the sidebar offers, by document_kind (预算 / 决算, part of a document's identity beside region,
# department, edition and year): the URL's ``kind``; a link without one (every link made before 决算
# were read) offers both, as it always did.
BOTH_KINDS = "all"
DOCUMENT_KIND_CHOICES = {BOTH_KINDS: "预算和决算", "budget": "预算", "final": "决算"}
_DOCUMENT_KIND_WORD = {"budget": "预算", "final": "决算"}  # the counties table's document_kind
# With more counties loaded than this (a national data directory), the default view
# shows the first few; the sidebar selector is searchable by typing a name.
DEFAULT_COUNTY_LIMIT = 8


@dataclass(frozen=True)
class FilterOptions:
    """What can be chosen. ``county_ids`` are document ids (one region + department + edition,
    all its years); the sidebar offers 地区 and, where a chosen region holds several documents
    (departments, or the 部门 and 单位 editions of one), the documents themselves."""

    county_ids: tuple[str, ...]
    county_names: dict[str, str]  # document id -> its name (content.naming.document_names)
    years: tuple[int, ...]
    regions: dict[str, str] = field(default_factory=dict)  # document id -> region (地区); default: its name
    departments: dict[str, str] = field(default_factory=dict)  # document id -> department
    # document id -> its name with its years (content.naming.choice_labels): the document picker's
    choice_names: dict[str, str] = field(default_factory=dict)
    document_kinds: dict[str, str] = field(default_factory=dict)  # document id -> 预算 / 决算; default: 预算

    @classmethod
    def from_counties(cls, counties: pl.DataFrame) -> FilterOptions:
        from content.naming import choice_labels, document_names

        latest = counties.sort("year").unique("county_id", keep="last", maintain_order=True)
        order = counties["county_id"].unique(maintain_order=True).to_list()
        rows = {r["county_id"]: r for r in latest.rows(named=True)}
        return cls(county_ids=tuple(order),
                   county_names=document_names([rows[c] for c in order]),
                   years=tuple(sorted(counties["year"].unique())),
                   regions={c: rows[c]["county_name"] for c in order},
                   departments={c: rows[c]["department"] for c in order},
                   choice_names=choice_labels(counties.sort("year").rows(named=True)),
                   document_kinds={c: rows[c].get("document_kind") or "预算" for c in order})

    @property
    def year_choices(self) -> tuple[str, ...]:
        return (LATEST, *(str(y) for y in self.years))

    def region_of(self, doc: str) -> str:
        return self.regions.get(doc) or self.county_names.get(doc, doc)

    def choice_name(self, doc: str) -> str:
        """How the document picker names a document: '上海市·刑事科学技术研究院（单位预算 · 2026）'."""
        return self.choice_names.get(doc) or self.county_names.get(doc, doc)

    @cached_property
    def region_index(self) -> dict[str, tuple[str, ...]]:
        """Region -> its documents in document order (built once: thousands of documents are loaded
        on a national data directory and every run asks)."""
        return self.document_kind_index[BOTH_KINDS]

    @cached_property
    def document_kind_index(self) -> dict[str, dict[str, tuple[str, ...]]]:
        """Kind (DOCUMENT_KIND_CHOICES) -> region -> its documents of that document_kind, in document order."""
        out: dict[str, dict[str, list[str]]] = {document_kind: {} for document_kind in DOCUMENT_KIND_CHOICES}
        for d in self.county_ids:
            region = self.region_of(d)
            out[BOTH_KINDS].setdefault(region, []).append(d)
            for document_kind, word in _DOCUMENT_KIND_WORD.items():
                if self.document_kind_of(d) == word:
                    out[document_kind].setdefault(region, []).append(d)
        return {document_kind: {region: tuple(docs) for region, docs in index.items()} for document_kind, index in out.items()}

    def document_kind_of(self, doc: str) -> str:
        return self.document_kinds.get(doc) or "预算"

    @property
    def has_finals(self) -> bool:
        """The document_kind choice is offered only once a 决算 is loaded (until then every document is a 预算)."""
        return bool(self.document_kind_index["final"])

    def matches(self, doc: str, document_kind: str) -> bool:
        return document_kind == BOTH_KINDS or self.document_kind_of(doc) == _DOCUMENT_KIND_WORD.get(document_kind)

    def region_choices_of(self, document_kind: str = BOTH_KINDS) -> tuple[str, ...]:
        return tuple(self.document_kind_index.get(document_kind, self.region_index))

    @property
    def region_choices(self) -> tuple[str, ...]:
        return tuple(self.region_index)

    def needs_documents(self, regions: tuple[str, ...] | list[str], document_kind: str = BOTH_KINDS) -> bool:
        """The document picker is shown when a chosen region holds more than one document (of ``document_kind``)."""
        index = self.document_kind_index.get(document_kind, self.region_index)
        return any(len(index.get(r, ())) > 1 for r in set(regions))

    def documents(self, regions: tuple[str, ...] | list[str],
                  chosen: tuple[str, ...] | list[str] | None = None, document_kind: str = BOTH_KINDS) -> tuple[str, ...]:
        """Documents (of ``document_kind``) of these regions (in the regions' order), cut to ``chosen`` when the
        picker is shown (a region none of whose documents is chosen contributes nothing)."""
        index = self.document_kind_index.get(document_kind, self.region_index)
        docs = tuple(d for region in dict.fromkeys(regions) for d in index.get(region, ()))
        if chosen is None or not self.needs_documents(regions, document_kind):
            return docs
        wanted = set(chosen)
        return tuple(d for d in docs if d in wanted)

    def regions_of(self, docs: tuple[str, ...] | list[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.region_of(d) for d in docs if d in self.county_names))


@dataclass(frozen=True)
class Filters:
    counties: tuple[str, ...]
    year: str  # LATEST or a year as text
    unit: str = "wan"
    mode: str = "abs"
    document_kind: str = BOTH_KINDS  # DOCUMENT_KIND_CHOICES: which documents the sidebar offers (the documents are ``counties``)

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
        query = {"county": ",".join(self.counties), "year": self.year, "unit": self.unit, "mode": self.mode}
        return query | ({"kind": self.document_kind} if self.document_kind != BOTH_KINDS else {})


def default_filters(options: FilterOptions, document_kind: str = BOTH_KINDS) -> Filters:
    docs = tuple(d for d in options.county_ids if options.matches(d, document_kind))
    return Filters(counties=docs[:DEFAULT_COUNTY_LIMIT], year=LATEST, document_kind=document_kind)


def default_notice(options: FilterOptions) -> str | None:
    """Say that the default view is cut to the first documents, when it is."""
    total = len(options.county_ids)
    if total <= DEFAULT_COUNTY_LIMIT:
        return None
    return f"共 {total:,} 份公开文件，默认只选前 {DEFAULT_COUNTY_LIMIT} 份；在上框中输入地区名可搜索添加。"


def filters_from_query(query: dict[str, str], options: FilterOptions) -> tuple[Filters, list[str]]:
    """Validate query parameters; unknown values fall back with a notice (in Chinese)."""
    notices: list[str] = []
    document_kind = query.get("kind", BOTH_KINDS)
    if document_kind not in DOCUMENT_KIND_CHOICES:
        notices.append(f"链接中的文件类别“{document_kind}”无法识别，已改为{DOCUMENT_KIND_CHOICES[BOTH_KINDS]}。")
        document_kind = BOTH_KINDS
    elif document_kind != BOTH_KINDS and not options.document_kind_index[document_kind]:
        notices.append(f"已加载的文件中没有{DOCUMENT_KIND_CHOICES[document_kind]}，文件类别已改为{DOCUMENT_KIND_CHOICES[BOTH_KINDS]}。")
        document_kind = BOTH_KINDS
    default = default_filters(options, document_kind)
    counties = default.counties
    if query.get("county"):
        wanted = [c for c in query["county"].split(",") if c]
        known = tuple(c for c in wanted if c in options.county_ids and options.matches(c, document_kind))
        unknown = [c for c in wanted if c not in options.county_ids]
        other = [c for c in wanted if c in options.county_ids and not options.matches(c, document_kind)]
        if unknown:
            notices.append(f"链接中的文件编号无法识别：{'、'.join(unknown)}，已忽略。")
        if other:
            names = "、".join(options.county_names.get(c, c) for c in other)
            notices.append(f"链接中的{names}不是{DOCUMENT_KIND_CHOICES[document_kind]}，与链接所选的文件类别不符，已忽略。")
        counties = known or default.counties
        if not known:
            shown = "全部" if len(default.counties) == len(options.county_ids) else "默认"
            notices.append(f"链接中没有可识别的公开文件，已显示{shown}文件。")
    year = query.get("year", LATEST)
    if year not in options.year_choices:
        notices.append(f"链接中的年度“{year}”没有数据，已改为{LATEST_TEXT}。")
        year = LATEST
    unit = query.get("unit", default.unit)
    if unit not in UNITS:
        notices.append(f"链接中的单位“{unit}”无法识别，已改为万元。")
        unit = default.unit
    mode = query.get("mode", default.mode)
    if mode not in MODES:
        notices.append(f"链接中的显示方式“{mode}”无法识别，已改为绝对值。")
        mode = default.mode
    return Filters(counties=counties, year=year, unit=unit, mode=mode, document_kind=document_kind), notices


# ---------------------------------------------------------------- sidebar state
# The sidebar keeps its choices in the session state (a mutable mapping): f_kind, f_regions,
# f_documents, f_year, f_unit, f_mode. f_documents holds every chosen document of the chosen
# regions (all of them while no chosen region holds more than one, when the picker is hidden).
# These functions keep them consistent with the documents loaded, which change when a document
# is imported or removed.

SEEN_REGIONS_KEY = "_f_regions_seen"
SEEN_KIND_KEY = "_f_kind_seen"
PENDING_DOCUMENTS_KEY = "_f_show_documents"  # set by a page, applied by app.py before the widgets


def sidebar_state(filters: Filters, options: FilterOptions) -> dict:
    """The sidebar's choices for these filters (a shared link): its documents exactly, so a link
    naming one of a region's documents keeps naming that one."""
    return {"f_regions": list(options.regions_of(filters.counties)),
            "f_documents": [d for d in filters.counties if d in options.county_names],
            "f_year": filters.year, "f_unit": filters.unit, "f_mode": filters.mode, "f_kind": filters.document_kind}


def keep_choices_valid(state: MutableMapping, options: FilterOptions) -> None:
    """Drop choices no longer loaded (or not of the chosen document_kind); a region just chosen brings all its
    documents (of that document_kind) along."""
    document_kind = state.get("f_kind", BOTH_KINDS)
    if document_kind not in DOCUMENT_KIND_CHOICES or (document_kind != BOTH_KINDS and not options.document_kind_index[document_kind]):
        document_kind = state["f_kind"] = BOTH_KINDS
    loaded = options.document_kind_index[document_kind]
    regions = [r for r in state.get("f_regions", []) if r in loaded]
    seen = state.get(SEEN_REGIONS_KEY, regions)
    added = [r for r in regions if r not in seen]
    offered = options.documents(regions, document_kind=document_kind)
    if options.needs_documents(regions, document_kind):
        documents = [d for d in state.get("f_documents", []) if d in offered]
        if document_kind != state.get(SEEN_KIND_KEY, document_kind):  # the document_kind just changed: a region left empty by it
            # shows its documents of the new document_kind, as a region just chosen does
            added += [r for r in regions if r not in added and not set(options.documents([r], document_kind=document_kind)) & set(documents)]
        documents += [d for d in options.documents(added, document_kind=document_kind) if d not in documents]
    else:  # no picker: every document of the chosen regions (one each)
        documents = list(offered)
    # written only when they change: the widgets keep their own values (persist_state="session")
    if regions != list(state.get("f_regions", [])):
        state["f_regions"] = regions
    if documents != list(state.get("f_documents", [])):
        state["f_documents"] = documents
    state[SEEN_REGIONS_KEY] = regions
    state[SEEN_KIND_KEY] = document_kind
    if state.get("f_year") not in options.year_choices:
        state["f_year"] = LATEST


def show_documents(state: MutableMapping, options: FilterOptions, docs: list[str] | tuple[str, ...]) -> None:
    """Add these documents to what is shown (their regions too; the document_kind choice widened to both when
    one of them is of another document_kind)."""
    if any(not options.matches(d, state.get("f_kind", BOTH_KINDS)) for d in docs if d in options.county_names):
        state["f_kind"] = BOTH_KINDS
    regions = list(state.get("f_regions", []))
    documents = list(state.get("f_documents", []))
    regions += [r for r in options.regions_of(docs) if r not in regions]
    documents += [d for d in docs if d in options.county_names and d not in documents]
    state["f_regions"], state["f_documents"] = regions, documents
    state[SEEN_REGIONS_KEY] = regions


def chosen_filters(state: Mapping, options: FilterOptions) -> Filters:
    """The documents the sidebar's 地区 and document choices select, with year, unit and mode."""
    document_kind = state.get("f_kind", BOTH_KINDS)
    return Filters(counties=options.documents(state["f_regions"], state["f_documents"], document_kind),
                   year=state["f_year"], unit=state["f_unit"], mode=state["f_mode"], document_kind=document_kind)
