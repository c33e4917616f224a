"""How many of the figures a page shows are unconfirmed (contract/confirm.py), said near its title.

Pure: selection in, a count and a notice out. A figure is one stated amount (a cell of an amount
column) of the rows a page shows; a row is unconfirmed when no second statement in the document
ties it (or a check on it failed, counted apart).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from contract.confirm import checked_lines
from contract.tables import BASIC_SCOPE, TABLES

# Which rows of which tables each page shows: None = every row of the chosen documents, or a
# filter on the table. 总览's 项目个数/指标个数 are counts, not amounts.
PAGE_FIGURES: dict[str, dict[str, pl.Expr | None]] = {
    "overview": {"summary": pl.col("metric").is_in(["支出合计", "基本支出", "项目支出", "人员经费", "公用经费",
                                                    "三公经费合计"])},
    # the page charts the 基本支出 economic classes (a 全部支出 table, where published, is on 数据)
    "composition": {"income": None, "expenditure_function": None,
                    "expenditure_economic": pl.col("scope") == BASIC_SCOPE},
    "sangong": {"sangong": None, "summary": pl.col("metric") == "三公经费合计"},
    "projects": {"projects": pl.col("current"), "summary": pl.col("metric") == "项目支出"},
    "compare": {"summary": None},
}
EXPLANATION = ("未核实：文件中没有第二处与之印证（如分项之和、另一张表或说明文字中的同一数字），或与之核对不一致；"
               "图中以反斜纹加黑框标出，悬停显示“（未核实）”，表中“核实”列标明。")


@dataclass(frozen=True)
class ConfirmCount:
    shown: int  # figures on the page
    unconfirmed: int  # of which no second statement confirms
    disputed: int  # of those, named by a failed check

    def notice(self) -> tuple[str, str]:
        """(text, level) for the line under the page title."""
        if not self.shown:
            return "", "caption"
        if not self.unconfirmed:
            return f"本页 {self.shown} 个数字均已核实（文件中另有一处与之一致）。", "caption"
        disputed = (f"其中 {self.disputed} 个与文件中另一处核对不一致（见“勾稽核对”页）。"
                    if self.disputed else "")
        return (f"本页 {self.unconfirmed} 个数字未核实（无第二处印证），共 {self.shown} 个。{disputed}"
                f"{EXPLANATION}", "warning")


def count_unconfirmed(tables: Mapping[str, pl.DataFrame], county_ids: tuple[str, ...], page: str,
                      metrics: tuple[str, ...] | None = None) -> ConfirmCount:
    """The figures ``page`` shows for ``county_ids``: how many, how many unconfirmed, how many disputed.
    ``metrics`` narrows the summary figures (县际对比's chosen measures)."""
    checks = tables.get("checks")
    failed = (checked_lines(checks).filter(pl.col("failed")).select("county_id", "year", "line")
              if checks is not None and not checks.is_empty() else None)
    shown = unconfirmed = disputed = 0
    for name, rows in PAGE_FIGURES[page].items():
        frame = tables[name].filter(pl.col("county_id").is_in(list(county_ids)))
        if rows is not None:
            frame = frame.filter(rows)
        if metrics is not None and name == "summary":
            frame = frame.filter(pl.col("metric").is_in(list(metrics)))
        cells = pl.sum_horizontal(pl.col(c).is_not_null().cast(pl.Int64) for c in TABLES[name].amounts)
        frame = frame.with_columns(cells.alias("_cells"))
        off = frame.filter(~pl.col("confirmed"))
        shown += int(frame["_cells"].sum())
        unconfirmed += int(off["_cells"].sum())
        if failed is not None:
            disputed += int(off.join(failed, on=["county_id", "year", "line"], how="semi")["_cells"].sum())
    return ConfirmCount(shown, unconfirmed, disputed)
