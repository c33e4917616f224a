"""What reading one document yields before it becomes contract frames."""

from __future__ import annotations

from dataclasses import dataclass, field

from contract.rows import (
    EconomicRow,
    FunctionRow,
    IncomeRow,
    IndicatorRow,
    PriorYearRow,
    ProgramRow,
    ProjectRow,
    SangongRow,
)
from reader.rows import Row


@dataclass(frozen=True)
class Stated:
    """A stated figure (万元) with the row it was read from and the table kind (reader.kinds: KINDS'
    ids, or TEXT for a figure of the explanatory text)."""

    value: float
    row: Row
    kind: str
    label: str = ""  # what the document calls it (for check names)
    # text figures: the fund a sentence breaks down ("一般公共预算基本支出…其中：人员经费…" ->
    # 一般公共预算), so a text figure is compared with a table figure of the same money only
    scope: str | None = None


@dataclass(frozen=True)
class ReadWarning:
    row: Row | None
    message: str  # Chinese, shown in the read report


@dataclass
class TableRead:
    """The read report's line for one table found in the document."""

    kind: str
    title: str
    row: Row
    unit: str | None
    rows_read: int = 0
    empty: bool = False


@dataclass
class CodedRows:
    """A classification table (功能分类 or 经济分类): its class rows and its totals row."""

    kind: str
    rows: list[FunctionRow] | list[EconomicRow] = field(default_factory=list)  # contract/rows.py
    total: dict[str, Stated] = field(default_factory=dict)  # field -> stated total
    columns: frozenset[str] = frozenset()  # the fields the table has a column for


@dataclass
class Reading:
    tables: list[TableRead] = field(default_factory=list)
    figures: dict[str, list[Stated]] = field(default_factory=dict)  # metric -> candidates in order
    # the contract's rows (contract/rows.py), each list of one table kind
    income: dict[str, list[IncomeRow]] = field(default_factory=dict)  # kind -> rows
    function: dict[str, CodedRows] = field(default_factory=dict)  # kind -> rows (first table of a kind)
    economic: dict[str, CodedRows] = field(default_factory=dict)
    sangong: list[SangongRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)
    programs: list[ProgramRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    prior_year: list[PriorYearRow] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)
    # kind -> the function 类 a 收支总表 names without codes, with their amounts: (code, Stated)
    classes: dict[str, list[tuple[str, Stated]]] = field(default_factory=dict)

    def state(self, metric: str, figure: Stated) -> None:
        self.figures.setdefault(metric, []).append(figure)

    def warn(self, row: Row | None, message: str) -> None:
        self.warnings.append(ReadWarning(row, message))
