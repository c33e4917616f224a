"""Generated final accounts (部门决算) with known truth, and budget/final pairs.

A ``FinalAccount`` is what a department spent in the year of a generated budget (``Disclosure``):
every 项 paid by 一般公共预算 keeps its budget as 年初预算数, gets an adjusted budget (调整预算数 /
全年预算数) and a 决算数 of 基本 and 项目 spending a little under or at its budget; the 三公 items
likewise. Everything adds up by construction (amounts in fen, 0.01 元) and ``truth()`` gives the
contract rows a reader must return, in 万元.

It is written in the national 决算 template (``render_final_pdf``, reusing render_pdf's pages):
a cover "YYYY年度部门决算", a long 情况说明 (the budget comparison by 项 in words) before the nine
tables; 行次 columns in the two-sided tables; the 一般公共预算财政拨款支出决算表 with 年初预算数 |
调整预算数 | 决算数 (合计 / 基本支出 / 项目支出) where the variant says so, its 合计 row repeated under
the header on every continuation page; the 基本支出决算表 in two blocks (人员经费 | 公用经费) with
their totals in a footer; the 三公 table with 预算数 | 决算数 under every item.

    python -m synthetic.final --n 4 --seed 1 --out DIR    # budget/final pairs, every layout choice

A pair (``generate_pair``) is a budget and the final account of the same department and year:
the 决算's 年初预算数 are the budget's 一般公共预算 figures, so a reader of both documents must find
them equal (the pair's truth).
"""

from __future__ import annotations

import argparse
import json
import random
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

from synthetic.disclosure import (
    GENERAL,
    SANGONG_ITEMS,
    WAN,
    Amount,
    Disclosure,
    EconomicRow,
    Grid,
    HeaderCell,
    Name,
    Variant,
    _build_header,
    _economic,
    general_values,
    generate_disclosure,
)
from synthetic.render_pdf import _Doc, _ordinal

Q = WAN // 100  # 0.01 万元: final accounts are printed in 万元
KIND = "决算"
FINAL_CHOICES: dict[str, tuple] = {
    "line_numbers": (True, False),  # 行次 columns in the two-sided tables
    "function_bases": (False, True),  # 年初预算数 | 调整预算数 | 决算数 in the 一般公共预算 table
    "text_basis": ("年初", "全年"),  # the 情况说明 compares with 年初预算 (and 全年预算)
    "code_style": ("joined", "split"),
    "thousands": (False, True),
    "zero_style": ("blank", "0.00"),
    "long_table": (False, True),  # the function tables run over pages, 合计 repeated on each
    "sangong_spent": (True, False),  # False: every 决算数 of the 三公 table blank (nothing spent)
}
_INCOME_LINES = ("一般公共预算财政拨款收入", "政府性基金预算财政拨款收入", "国有资本经营预算财政拨款收入", "上级补助收入",
                 "事业收入", "经营收入", "附属单位上缴收入", "其他收入")
_NUMERALS = "一二三四五六七八九十"
TITLES = {
    "overview": "收入支出决算总表", "income": "收入决算表", "expenditure": "支出决算表",
    "fiscal_overview": "财政拨款收入支出决算总表", "general_expenditure": "一般公共预算财政拨款支出决算表",
    "basic_economic": "一般公共预算财政拨款基本支出决算表", "sangong": "财政拨款“三公”经费支出决算表",
    "fund": "政府性基金预算财政拨款收入支出决算表", "capital": "国有资本经营预算财政拨款收入支出决算表",
}


@dataclass
class FinalRow:
    """One function class of the 一般公共预算财政拨款支出决算表 (fen)."""

    code: str
    name: str
    level: int
    budget: int  # 年初预算数 (合计)
    adjusted: int  # 调整预算数 / 全年预算数 (合计)
    basic: int  # 决算数 基本支出
    project: int  # 决算数 项目支出

    @property
    def total(self) -> int:
        return self.basic + self.project

    @property
    def parent_code(self) -> str | None:
        return {1: None, 2: self.code[:3], 3: self.code[:5]}[self.level]


@dataclass
class FinalAccount:
    region: str
    department: str
    edition: str
    year: int
    functions: list[FinalRow]
    economic: list[EconomicRow]
    sangong_budget: dict[str, int]
    sangong_actual: dict[str, int]
    other_income: int  # 其他收入, not spent this year: carried into 年末结转和结余
    carry_in: int  # 年初结转和结余 (non-fiscal money)
    options: dict = field(default_factory=dict)  # FINAL_CHOICES values
    variant: Variant = field(default_factory=Variant)  # render_pdf's layout fields

    # ---- derived figures (fen) ----
    def classes(self) -> list[FinalRow]:
        return [r for r in self.functions if r.level == 1]

    @property
    def fiscal(self) -> int:
        return sum(r.total for r in self.classes())

    @property
    def basic(self) -> int:
        return sum(r.basic for r in self.classes())

    @property
    def project(self) -> int:
        return sum(r.project for r in self.classes())

    @property
    def personnel(self) -> int:
        return sum(r.amount for r in self.economic if r.level == 1 and r.personnel)

    @property
    def public(self) -> int:
        return sum(r.amount for r in self.economic if r.level == 1 and not r.personnel)

    def preparer(self) -> str:  # render_pdf's unit line
        return f"编制单位：{self.department}"

    def states_adjusted(self) -> bool:
        return self.options["function_bases"] or self.options["text_basis"] == "全年"

    # ---- truth ----
    def truth(self) -> dict:
        def wan(fen: int) -> float:
            return float(Decimal(fen) / WAN)

        fiscal, other, carry = self.fiscal, self.other_income, self.carry_in
        budget_total = sum(r.budget for r in self.classes())
        adjusted_total = sum(r.adjusted for r in self.classes())
        summary = [("收入合计", fiscal + other + carry), ("本年收入合计", fiscal + other), ("本年支出合计", fiscal),
                   ("支出合计", fiscal), ("基本支出", self.basic), ("项目支出", self.project),
                   ("一般公共预算基本支出", self.basic), ("人员经费", self.personnel), ("公用经费", self.public),
                   ("年初结转和结余", carry), ("年末结转和结余", carry + other), ("年初财政拨款结转和结余", 0),
                   ("年末财政拨款结转和结余", 0), ("财政拨款收支总计", fiscal), ("机关运行经费", self.public)]
        rows = [{"metric": m, "amount_wan": wan(v)} for m, v in summary]
        rows.append({"metric": "一般公共预算财政拨款支出", "amount_wan": wan(fiscal), "budget_wan": wan(budget_total),
                     **({"adjusted_budget_wan": wan(adjusted_total)} if self.states_adjusted() else {})})
        rows.append({"metric": "三公经费合计", "amount_wan": wan(sum(self.sangong_actual.values())),
                     "budget_wan": wan(sum(self.sangong_budget.values()))})
        income = [{"source": GENERAL, "amount_wan": wan(fiscal)}]
        income += [{"source": "其他收入", "amount_wan": wan(other)}] if other else []
        income += [{"source": "上年结转结余", "amount_wan": wan(carry)}] if carry else []
        return {
            "meta": {"region": self.region, "department": self.department, "edition": self.edition,
                     "year": self.year, "kind": KIND},
            "summary": rows, "income": income,
            "expenditure_function": [self._function_truth(r, wan) for r in self.functions],
            "expenditure_economic": [
                {"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_code,
                 "total_wan": wan(r.amount), "personnel_wan": wan(r.amount if r.personnel else 0),
                 "public_wan": wan(0 if r.personnel else r.amount)} for r in self.economic],
            "sangong": [{"item": k, "amount_wan": wan(self.sangong_actual[k]), "budget_wan": wan(v)}
                        for k, v in self.sangong_budget.items()],
            "projects": [], "indicators": [], "prior_year": [],
            "expected_failed_checks": [],
            "options": self.options, "variant": asdict(self.variant),
        }

    def _function_truth(self, r: FinalRow, wan) -> dict:
        row = {"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_code,
               "total_wan": wan(r.total), "basic_wan": wan(r.basic), "project_wan": wan(r.project)}
        stated = self.options["function_bases"] or r.level == 3  # the text states each 项
        if stated:
            row["budget_wan"] = wan(r.budget)
        if stated and self.states_adjusted():
            row["adjusted_budget_wan"] = wan(r.adjusted)
        return row

    def to_json(self) -> str:
        return json.dumps({"final": asdict(self), "truth": self.truth()}, ensure_ascii=False, indent=1)


# ---------------------------------------------------------------- generating


def choose_options(rng: random.Random, **overrides) -> dict:
    options = {name: rng.choice(values) for name, values in FINAL_CHOICES.items()}
    options.update(overrides)
    return options


def generate_pair(seed: int, **overrides) -> tuple[Disclosure, FinalAccount]:
    """A budget (万元, no planted contradiction) and the final account of the same department and
    year, its 年初预算数 the budget's 一般公共预算 figures."""
    rng = random.Random(seed)
    options = choose_options(rng, **overrides)
    budget = generate_disclosure(seed, unit_mode="万元", contradiction="none", spending_purpose=False,
                                 long_table=options["long_table"], code_style=options["code_style"])
    return budget, final_from_budget(budget, rng, options)


def generate_final(seed: int, **overrides) -> FinalAccount:
    return generate_pair(seed, **overrides)[1]


def final_from_budget(budget: Disclosure, rng: random.Random, options: dict) -> FinalAccount:
    """What the department of ``budget`` spent: each 一般公共预算 项 a little under or at its budget,
    the 三公 items likewise (the draws from ``rng`` in a fixed order, so a seed makes one account)."""
    functions = _final_functions(budget, _final_leaves(budget, rng))
    basic = sum(r.basic for r in functions if r.level == 1)
    sangong_budget = {item: budget.sangong[item] for item in SANGONG_ITEMS}
    sangong_actual = {item: (fen - _under(rng, fen)) if options["sangong_spent"] else 0
                      for item, fen in sangong_budget.items()}
    other = _money(rng, 0, 40_000) if rng.random() < 0.6 else 0
    carry = _money(rng, 0, 80_000) if rng.random() < 0.6 else 0
    return FinalAccount(budget.region, budget.department, budget.edition, budget.year, functions,
                        _economic(rng, basic, Q), sangong_budget, sangong_actual, other, carry, options,
                        _final_variant(budget, options))


def _final_leaves(budget: Disclosure, rng: random.Random) -> list[FinalRow]:
    """The 项 paid by 一般公共预算: the budget as 年初预算数, an adjusted budget, and the 决算数."""
    leaves = []
    for r in budget.functions:
        total, basic, project = general_values(r)
        if r.level != 3 or not total:
            continue
        basic += total - basic - project  # a reserve (单位预留机动经费) counts as basic money here
        spent_basic = basic - _under(rng, basic)
        spent_project = project - _under(rng, project)
        adjusted = total + rng.choice((0, 1, -1)) * _under(rng, total)
        leaves.append(FinalRow(r.code, r.name, 3, total, adjusted, spent_basic, spent_project))
    return leaves


def _final_functions(budget: Disclosure, leaves: list[FinalRow]) -> list[FinalRow]:
    """The 项 with their 类 and 款 (each the sum of its 项), in code order."""
    names = {r.code: r.name for r in budget.functions}
    own: dict[str, FinalRow] = {}
    for leaf in leaves:
        own.setdefault(leaf.code, leaf)
    codes = sorted({leaf.code[:n] for leaf in leaves for n in (3, 5, 7)})
    return [own[code] if len(code) == 7 else _final_sum(code, names[code], leaves) for code in codes]


def _final_sum(code: str, name: str, leaves: list[FinalRow]) -> FinalRow:
    """A 类 (3-digit code) or 款 (5) summing its 项."""
    mine = [leaf for leaf in leaves if leaf.code.startswith(code)]
    return FinalRow(code, name, 1 if len(code) == 3 else 2, sum(x.budget for x in mine),
                    sum(x.adjusted for x in mine), sum(x.basic for x in mine), sum(x.project for x in mine))


def _final_variant(budget: Disclosure, options: dict) -> Variant:
    """render_pdf's layout fields of a 决算 (always a landscape PDF in 万元)."""
    return Variant(fmt="pdf", edition=budget.edition, unit_mode="万元", code_style=options["code_style"],
                   thousands=options["thousands"], zero_style=options["zero_style"], orientation="L",
                   units={kind: "万元" for kind in TITLES}, long_table=options["long_table"])


def _under(rng: random.Random, fen: int) -> int:
    """A shortfall of 0–8 % of ``fen`` (often none), in whole 0.01 万元."""
    if not fen or rng.random() < 0.3:
        return 0
    return fen * rng.randint(1, 8) // 100 // Q * Q


def _money(rng: random.Random, low_yuan: int, high_yuan: int) -> int:
    return rng.randint(low_yuan, high_yuan) * 100 // Q * Q


# ---------------------------------------------------------------- tables


@dataclass
class FinalGrid(Grid):
    repeat_total: bool = False  # the 合计 row again under the header on a continuation page


def final_grids(f: FinalAccount) -> list[Grid]:
    return [_overview(f), _income(f), _expenditure(f), _fiscal_overview(f), _general(f), _basic_economic(f),
            _sangong(f), _empty(f, "fund"), _empty(f, "capital")]


def _grid(f: FinalAccount, kind: str, widths, header, header_rows, rows, **extra) -> FinalGrid:
    return FinalGrid(kind, TITLES[kind], "万元", widths, header, header_rows, rows, **extra)


def _two_sided(f: FinalAccount, kind: str, left: list[tuple[str, int]], right_head: list[str],
               right: list[tuple[str, list[int]]], bottom: list[tuple[str, int, str, list[int]]]) -> FinalGrid:
    numbered = f.options["line_numbers"]
    lead = ["项目", "行次"] if numbered else ["项目"]
    groups = [("收入", lead + ["决算数"]), ("支出", lead + right_head)]
    header, header_rows = _build_header(groups)
    width = len(right_head)
    body, n = [], 0
    lines = max(len(left), len(right))
    for i in range(lines):
        row: list = []
        if i < len(left):
            row += [f"{_NUMERALS[i] if i < 10 else str(i + 1)}、{left[i][0]}"] + ([str(i + 1)] if numbered else [])
            row += [Amount(left[i][1])]
        else:
            row += [""] * (3 if numbered else 2)
        if i < len(right):
            row += [f"{_ordinal(i + 1)}、{right[i][0]}"] + ([str(lines + i + 1)] if numbered else [])
            row += [Amount(x) for x in right[i][1]]
        else:
            row += [""] * ((2 if numbered else 1) + width)
        body.append(row)
    n = 2 * lines
    for a, left_value, b, right_values in bottom:
        n += 1
        row = [a] + ([str(n)] if numbered else []) + [Amount(left_value)]
        n += 1
        row += [b] + ([str(n)] if numbered else []) + [Amount(x) for x in right_values]
        body.append(row)
    widths = [3.2] + ([0.6] if numbered else []) + [1.3] + [3.2] + ([0.6] if numbered else []) + [1.3] * width
    return _grid(f, kind, widths, header, header_rows, body)


def _overview(f: FinalAccount) -> FinalGrid:
    left = [(line, f.fiscal if line == _INCOME_LINES[0] else f.other_income if line == "其他收入" else 0)
            for line in _INCOME_LINES]
    right = [(r.name, [r.total]) for r in f.classes()]
    return _two_sided(f, "overview", left, ["决算数"], right, [
        ("本年收入合计", f.fiscal + f.other_income, "本年支出合计", [f.fiscal]),
        ("使用非财政拨款结余", 0, "结余分配", [0]),
        ("年初结转和结余", f.carry_in, "年末结转和结余", [f.carry_in + f.other_income]),
        ("总计", f.fiscal + f.other_income + f.carry_in, "总计", [f.fiscal + f.other_income + f.carry_in])])


def _fiscal_overview(f: FinalAccount) -> FinalGrid:
    left = [("一般公共预算财政拨款", f.fiscal), ("政府性基金预算财政拨款", 0), ("国有资本经营预算财政拨款", 0)]
    right = [(r.name, [r.total, r.total, 0, 0]) for r in f.classes()]
    head = ["合计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    return _two_sided(f, "fiscal_overview", left, head, right, [
        ("本年收入合计", f.fiscal, "本年支出合计", [f.fiscal, f.fiscal, 0, 0]),
        ("年初财政拨款结转和结余", 0, "年末财政拨款结转和结余", [0, 0, 0, 0]),
        ("总计", f.fiscal, "总计", [f.fiscal, f.fiscal, 0, 0])])


def _code_groups(f: FinalAccount) -> tuple[list[tuple[str, list[str]]], list[float]]:
    if f.options["code_style"] == "split":
        return [("科目编码", ["类", "款", "项"])], [0.5] * 3
    return [("功能分类科目编码", [])], [1.3]


def _code_cells(f: FinalAccount, code: str) -> list[str]:
    if f.options["code_style"] == "split":
        return [code[:3], code[3:5], code[5:7]]
    return [code]


def _function_table(f: FinalAccount, kind: str, amount_groups, values, first_rows=None) -> FinalGrid:
    code_groups, code_widths = _code_groups(f)
    header, header_rows = _build_header(code_groups + [("科目名称", [])] + amount_groups)
    total = [sum(column) for column in zip(*(values(r) for r in f.classes()), strict=True)]
    lead = [""] * len(code_widths)
    body = [lead + [Name("合计")] + [Amount(x) for x in total]]
    for r in f.functions:
        body.append(_code_cells(f, r.code) + [Name(r.name)] + [Amount(x) for x in values(r)])
    widths = code_widths + [3.2] + [1.3] * len(total)
    return _grid(f, kind, widths, header, header_rows, body, repeat_total=f.options["long_table"])


def _income(f: FinalAccount) -> FinalGrid:
    def values(r: FinalRow) -> list[int]:
        other = f.other_income if r.code in _first_path(f) else 0
        return [r.total + other, r.total, 0, 0, 0, 0, other]

    groups = [("本年收入合计", []), ("财政拨款收入", []), ("上级补助收入", []), ("事业收入", []), ("经营收入", []),
              ("附属单位上缴收入", []), ("其他收入", [])]
    return _function_table(f, "income", groups, values)


def _first_path(f: FinalAccount) -> set[str]:
    """The first 项 and its 款 and 类: where the generated 其他收入 is shown by function."""
    leaf = next(r for r in f.functions if r.level == 3)
    return {leaf.code, leaf.code[:5], leaf.code[:3]}


def _expenditure(f: FinalAccount) -> FinalGrid:
    groups = [("本年支出合计", []), ("基本支出", []), ("项目支出", []), ("上缴上级支出", []), ("经营支出", []),
              ("对附属单位补助支出", [])]
    return _function_table(f, "expenditure", groups, lambda r: [r.total, r.basic, r.project, 0, 0, 0])


def _general(f: FinalAccount) -> FinalGrid:
    if not f.options["function_bases"]:
        groups = [("合计", []), ("基本支出", []), ("项目支出", [])]
        return _function_table(f, "general_expenditure", groups, lambda r: [r.total, r.basic, r.project])
    groups = [("年初预算数", []), ("调整预算数", []), ("决算数", ["合计", "基本支出", "项目支出"])]
    return _function_table(f, "general_expenditure", groups,
                           lambda r: [r.budget, r.adjusted, r.total, r.basic, r.project])


def _basic_economic(f: FinalAccount) -> FinalGrid:
    """Two blocks side by side: 人员经费 (301, 303) | 公用经费 (302, 310), totals in a footer."""
    header, header_rows = _build_header([("经济分类科目编码", []), ("科目名称", []), ("决算数", [])] * 2)
    left = [r for r in f.economic if r.personnel]
    right = [r for r in f.economic if not r.personnel]
    body = []
    for i in range(max(len(left), len(right))):
        row: list = []
        for side in (left, right):
            row += [side[i].code, Name(side[i].name), Amount(side[i].amount)] if i < len(side) else ["", "", ""]
        body.append(row)
    body.append(["人员经费合计", "", Amount(f.personnel), "公用经费合计", "", Amount(f.public)])
    return _grid(f, "basic_economic", [1.2, 3.0, 1.3] * 2, header, header_rows, body)


def _sangong(f: FinalAccount) -> FinalGrid:
    """合计 | 因公出国（境）费 | 公务用车购置及运行维护费 (小计 | 购置费 | 运行维护费) | 公务接待费, each
    with 预算数 | 决算数 (三 header rows)."""
    b, a = f.sangong_budget, f.sangong_actual
    groups = [("合计", None), ("因公出国（境）费", None), ("公务用车购置及运行维护费", ["小计", "公务用车购置费", "公务用车运行维护费"]),
              ("公务接待费", None)]
    header, col = [], 0
    for text, subs in groups:
        if subs:
            header.append(HeaderCell(text, 0, col, 1, 2 * len(subs)))
            header += [HeaderCell(sub, 1, col + 2 * i, 1, 2) for i, sub in enumerate(subs)]
            span = len(subs)
        else:
            header.append(HeaderCell(text, 0, col, 2, 2))
            span = 1
        for i in range(span):
            header += [HeaderCell("预算数", 2, col + 2 * i), HeaderCell("决算数", 2, col + 2 * i + 1)]
        col += 2 * span
    vehicles = ("公务用车购置费", "公务用车运行维护费")
    pairs = [(sum(b.values()), sum(a.values())), (b["因公出国（境）费"], a["因公出国（境）费"]),
             (sum(b[k] for k in vehicles), sum(a[k] for k in vehicles)),
             *[(b[k], a[k]) for k in vehicles], (b["公务接待费"], a["公务接待费"])]
    spent = f.options["sangong_spent"]
    row = [cell for budget, actual in pairs for cell in (Amount(budget), Amount(actual) if spent else "")]
    return _grid(f, "sangong", [1.0] * len(row), header, 3, [row])


def _empty(f: FinalAccount, kind: str) -> FinalGrid:
    code_groups, code_widths = _code_groups(f)
    groups = code_groups + [("科目名称", []), ("年初结转和结余", []), ("本年收入", []),
                            ("本年支出", ["合计", "基本支出", "项目支出"]), ("年末结转和结余", [])]
    header, header_rows = _build_header(groups)
    return _grid(f, kind, code_widths + [3.2] + [1.3] * 6, header, header_rows, [], note="本表无数据")


# ---------------------------------------------------------------- the 情况说明


def explanatory_text(f: FinalAccount) -> list[str]:
    """The 情况说明 before the tables: 概况 (long), then the national sections with the figures."""

    def wan(fen: int) -> str:
        return f"{Decimal(fen) / WAN:.2f}万元"

    budget = sum(r.budget for r in f.classes())
    adjusted = sum(r.adjusted for r in f.classes())
    full = f.options["text_basis"] == "全年"
    out = [f"{f.department}主要职能是：贯彻落实党和国家的方针政策，统筹本地区相关工作，"
           "组织实施年度工作计划，做好各项保障工作。" * 4 for _ in range(3)]
    out += [
        f"一、收入支出决算总体情况说明。{f.department}{f.year}年度收入、支出总计"
        f"{wan(f.fiscal + f.other_income + f.carry_in)}。",
        f"二、收入决算情况说明。本年收入合计{wan(f.fiscal + f.other_income)}。",
        f"三、支出决算情况说明。本年支出合计{wan(f.fiscal)}，其中：基本支出{wan(f.basic)}，项目支出{wan(f.project)}。",
        "四、财政拨款收入支出决算总体情况说明。详见财政拨款收入支出决算总表。",
        "五、一般公共预算财政拨款支出决算情况说明",
        "（三）一般公共预算财政拨款支出决算具体情况",
        f"一般公共预算财政拨款支出年初预算为{wan(budget)}，" + (f"全年预算为{wan(adjusted)}，" if full else "")
        + f"支出决算为{wan(f.fiscal)}。其中：",
    ]
    paths = {r.code: r.name for r in f.functions}
    leaves = [r for r in f.functions if r.level == 3]
    for i, r in enumerate(leaves, start=1):
        out.append(f"{i}、{paths[r.code[:3]]}（类）{paths[r.code[:5]]}（款）{r.name}（项）。主要用于：日常工作支出。"
                   f"年初预算为{wan(r.budget)}，" + (f"全年预算为{wan(r.adjusted)}，" if full else "")
                   + f"支出决算为{wan(r.total)}。")
    spent = sum(f.sangong_actual.values())
    out += [
        f"六、一般公共预算财政拨款基本支出决算情况说明。一般公共预算财政拨款基本支出{wan(f.basic)}。",
        f"七、财政拨款“三公”经费支出决算情况说明。“三公”经费财政拨款支出年初预算为{wan(sum(f.sangong_budget.values()))}，"
        f"支出决算为{wan(spent)}。",
        f"八、机关运行经费支出情况。机关运行经费支出{wan(f.public)}。",
    ]
    return out


# ---------------------------------------------------------------- the PDF


class _FinalDoc(_Doc):
    """render_pdf's pages with a 决算's cover and 情况说明, and the 合计 row repeated under the header
    on a long table's continuation pages."""

    def cover(self) -> None:
        pdf = self.pdf
        pdf.add_page()
        top = pdf.h * 0.3
        for i, line in enumerate((self.d.region, self.d.department, f"{self.d.year}年度{self.d.edition}决算")):
            self.text_cell(12, top + i * 16, self.width, 14, line, size=22, border=0)

    def explanation(self) -> None:
        pdf = self.pdf
        pdf.add_page()
        self.title(f"{self.d.department}{self.d.year}年度{self.d.edition}决算情况说明")
        pdf.set_font_size(11)
        for paragraph in explanatory_text(self.d):
            if pdf.get_y() > pdf.h - 40:
                pdf.add_page()
            pdf.set_x(12)
            pdf.multi_cell(self.width, 7, "　　" + paragraph)
            pdf.ln(2)

    def _continuation(self, grid: Grid, xs: list[float], numbered: int | None) -> None:
        super()._continuation(grid, xs, numbered)
        if getattr(grid, "repeat_total", False) and grid.rows:
            self._row(grid.rows[0], xs, grid.unit)


def render_final_pdf(final: FinalAccount, path: Path) -> Path:
    """Write ``final`` as a PDF: cover, 情况说明, then the nine 决算 tables."""
    doc = _FinalDoc(final)
    doc.cover()
    doc.explanation()
    for number, grid in enumerate(final_grids(final), start=1):
        doc.table(grid, number)
    doc.pdf.output(str(path))
    return path


def write_pair(seed: int, out_dir: Path, stem: str, **overrides) -> tuple[Path, Path]:
    """A budget PDF and its final account's PDF, each with its ``.truth.json``."""
    from synthetic.corpus import write_document

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    budget, final = generate_pair(seed, **overrides)
    budget.variant.fmt = "pdf"
    budget_path = write_document(budget, out_dir, f"{stem}-预算")
    final_path = render_final_pdf(final, out_dir / f"{stem}-决算.pdf")
    (out_dir / f"{stem}-决算.truth.json").write_text(final.to_json(), encoding="utf-8")
    return budget_path, final_path


def pair_options(index: int) -> dict:
    """Layout choices of the ``index``-th pair: over any four pairs each FINAL_CHOICES field takes
    both its values, fields in two rhythms (0101 / 0011) so they do not always change together."""
    return {name: values[(index // (1 + k % 2)) % 2] for k, (name, values) in enumerate(FINAL_CHOICES.items())}


def write_pairs(out_dir: Path, n: int, seed: int) -> list[tuple[Path, Path]]:
    return [write_pair(seed * 100_003 + i, out_dir, f"pair{seed:02d}_{i:03d}", **pair_options(i)) for i in range(n)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m synthetic.final", description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=4, help="number of budget/final pairs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    args = parser.parse_args(argv)
    pairs = write_pairs(args.out, args.n, args.seed)
    print(f"wrote {len(pairs)} budget/final pairs (PDF + .truth.json) to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
