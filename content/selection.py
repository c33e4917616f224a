"""Apply the filters to the contract tables: which county-years a page shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

from charts.context import ChartContext
from content.filters import LATEST, Filters
from content.naming import document_labels, document_names
from contract.validate import validate_table
from reader.profiles import document_colours

HISTORY_TABLES = ("summary", "prior_year")


@dataclass(frozen=True)
class Selection:
    """The tables cut to the chosen county-years, plus what could not be shown."""

    tables: dict[str, pl.DataFrame]
    pairs: tuple[tuple[str, int], ...]  # (county_id, year) shown, in filter order
    missing: tuple[str, ...]  # chosen county_ids with no data for the chosen year
    names: dict[str, str]  # county_id -> the document's name (content.naming.document_names)
    source: dict = field(default_factory=dict, repr=False, compare=False)  # the uncut tables
    labels: dict[str, str] = field(default_factory=dict)  # county_id -> the document in the year shown

    @cached_property
    def history(self) -> dict[str, pl.DataFrame]:
        """summary and prior_year over every year of the shown documents (years side by side);
        cut on first use only: most pages never ask, and a national data directory is lazy."""
        if "counties" not in self.source:
            return {}
        shown = [c for c, _ in self.pairs]
        counties = self.source["counties"]
        every_year = tuple(counties.filter(pl.col("county_id").is_in(shown)).select("county_id", "year").iter_rows())
        return cut_tables({name: self.source[name] for name in HISTORY_TABLES if name in self.source}, every_year)

    @property
    def empty(self) -> bool:
        return not self.pairs

    def table(self, name: str) -> pl.DataFrame:
        return self.tables[name]

    def name(self, county_id: str) -> str:
        return self.names[county_id]

    def context(self, unit_label: str = "万元", factor: float = 1.0, share: bool = False) -> ChartContext:
        """What every chart of this selection says about itself, the documents named as officials
        name them (content.naming), each in its own colour where its profile gives one."""
        return ChartContext.from_tables(self.table("counties"), unit_label, factor, share,
                                        names=self.names, labels=self.labels, colours=document_colours())


def select(tables: dict[str, pl.DataFrame], filters: Filters) -> Selection:
    counties = tables["counties"]
    wanted = counties.filter(pl.col("county_id").is_in(list(filters.counties)))
    # every chosen document has a name, also one without data for the year (selection.missing)
    names = document_names(wanted.sort("year").unique("county_id", keep="last").rows(named=True))
    available = counties.filter(pl.col("county_id").is_in(list(filters.counties)))
    if filters.year == LATEST:
        chosen = available.group_by("county_id").agg(pl.col("year").max())
    else:
        chosen = available.filter(pl.col("year") == int(filters.year)).select("county_id", "year")
    by_county = dict(zip(chosen["county_id"], chosen["year"], strict=True))
    pairs = tuple((c, by_county[c]) for c in filters.counties if c in by_county)
    missing = tuple(c for c in filters.counties if c not in by_county)
    order = {c: i for i, (c, _) in enumerate(pairs)}
    cut = {
        name: frame.sort(pl.col("county_id").replace_strict(order, default=len(order)), maintain_order=True)
        for name, frame in cut_tables(tables, pairs).items()
    }
    shown = cut["counties"].rows(named=True)
    names |= document_names(shown)  # the department beside shared regions
    return Selection(tables=cut, pairs=pairs, missing=missing, names=names, source=tables,
                     labels=document_labels(shown))


def cut_tables(tables: dict[str, pl.DataFrame | pl.LazyFrame],
               pairs: tuple[tuple[str, int], ...]) -> dict[str, pl.DataFrame]:
    """Rows of these (county_id, year) pairs from every table.

    Lazy tables (a Parquet data directory, see loaders.datadir) are filtered on
    county_id first so the scan skips row groups, then collected and validated.
    """
    keys = pl.DataFrame({"county_id": [p[0] for p in pairs], "year": [p[1] for p in pairs]},
                        schema={"county_id": pl.String, "year": pl.Int64})
    out = {}
    for name, frame in tables.items():
        if isinstance(frame, pl.LazyFrame):
            wanted = frame.filter(pl.col("county_id").is_in(keys["county_id"].unique().to_list()))
            out[name] = validate_table(name, wanted.join(keys.lazy(), on=["county_id", "year"],
                                                         how="semi", maintain_order="left").collect())
        else:
            out[name] = frame.join(keys, on=["county_id", "year"], how="semi")
    return out
