"""Generated budget disclosures with known truth, for testing the general reader.

A ``Disclosure`` holds one department's budget exactly (amounts are integers in
fen, 0.01 元) plus the layout choices (``Variant``) a renderer applies. Every
figure adds up by construction; ``truth()`` turns it into contract-shaped rows
in 万元 (computed exactly from fen) and is what a reader is scored against.
``table_grids()`` lays each national table out as header cells and body rows,
shared by the PDF and xlsx renderers so both show the same figures.
"""

from __future__ import annotations

import json
import random
from dataclasses import asdict, dataclass, field, fields
from decimal import Decimal
from pathlib import Path

GENERAL = "一般公共预算拨款收入"
FUND = "政府性基金预算拨款收入"
CARRYOVER = "上年结转结余"
OPTIONAL_SOURCES = ("事业收入", "其他收入", CARRYOVER)  # order as shown in the tables
SANGONG_ITEMS = ("因公出国（境）费", "公务用车购置费", "公务用车运行维护费", "公务接待费")
DEPARTMENT_WIDE = "部门整体"
WAN = 1_000_000  # fen per 万元

# Function classes (功能分类): 类 -> (name, {款: (name, {项: name})}). Real national codes.
FUNCTION_CATALOG: dict[str, tuple[str, dict[str, tuple[str, dict[str, str]]]]] = {
    "201": ("一般公共服务支出", {
        "20101": ("人大事务", {"2010101": "行政运行", "2010102": "一般行政管理事务",
                           "2010104": "人大会议"}),
        "20103": ("政府办公厅（室）及相关机构事务", {"2010301": "行政运行", "2010302": "一般行政管理事务",
                                       "2010350": "事业运行"}),
        "20106": ("财政事务", {"2010601": "行政运行", "2010602": "一般行政管理事务",
                           "2010650": "事业运行"}),
        "20132": ("组织事务", {"2013201": "行政运行", "2013202": "一般行政管理事务",
                           "2013299": "其他组织事务支出"}),
    }),
    "205": ("教育支出", {
        "20501": ("教育管理事务", {"2050101": "行政运行", "2050102": "一般行政管理事务"}),
        "20502": ("普通教育", {"2050201": "学前教育", "2050202": "小学教育", "2050203": "初中教育"}),
        "20507": ("特殊教育", {"2050701": "特殊学校教育", "2050799": "其他特殊教育支出"}),
    }),
    "208": ("社会保障和就业支出", {
        "20801": ("人力资源和社会保障管理事务", {"2080101": "行政运行", "2080102": "一般行政管理事务",
                                     "2080109": "社会保险经办机构"}),
        "20805": ("行政事业单位养老支出", {"2080501": "行政单位离退休",
                                  "2080505": "机关事业单位基本养老保险缴费支出",
                                  "2080506": "机关事业单位职业年金缴费支出"}),
        "20808": ("抚恤", {"2080801": "死亡抚恤", "2080802": "伤残抚恤"}),
    }),
    "210": ("卫生健康支出", {
        "21001": ("卫生健康管理事务", {"2100101": "行政运行", "2100102": "一般行政管理事务"}),
        "21004": ("公共卫生", {"2100401": "疾病预防控制机构", "2100408": "基本公共卫生服务",
                           "2100409": "重大公共卫生服务"}),
        "21011": ("行政事业单位医疗", {"2101101": "行政单位医疗", "2101102": "事业单位医疗",
                               "2101103": "公务员医疗补助"}),
    }),
    "212": ("城乡社区支出", {
        "21201": ("城乡社区管理事务", {"2120101": "行政运行", "2120104": "城管执法"}),
    }),
    "213": ("农林水支出", {
        "21301": ("农业农村", {"2130101": "行政运行", "2130104": "事业运行", "2130108": "病虫害控制"}),
        "21303": ("水利", {"2130301": "行政运行", "2130305": "水利工程建设",
                         "2130306": "水利工程运行与维护"}),
        "21305": ("巩固脱贫攻坚成果衔接乡村振兴", {"2130504": "农村基础设施建设", "2130505": "生产发展"}),
    }),
    "221": ("住房保障支出", {
        "22101": ("保障性安居工程支出", {"2210105": "农村危房改造", "2210108": "老旧小区改造"}),
        "22102": ("住房改革支出", {"2210201": "住房公积金", "2210202": "提租补贴", "2210203": "购房补贴"}),
    }),
}
# The 类 paid by 政府性基金 when a document has fund income (never in the 一般公共预算支出表).
FUND_CLASS = ("212", "城乡社区支出", {
    "21208": ("国有土地使用权出让收入安排的支出", {"2120801": "征地和拆迁补偿支出",
                                     "2120802": "土地开发支出", "2120803": "城市建设支出"}),
    "21213": ("城市基础设施配套费安排的支出", {"2121301": "城市公共设施", "2121302": "城市环境卫生"}),
})
# Economic classes (经济分类) of basic spending: 类 -> (name, personnel?, {款: name}).
ECONOMIC_CATALOG: dict[str, tuple[str, bool, dict[str, str]]] = {
    "301": ("工资福利支出", True, {
        "30101": "基本工资", "30102": "津贴补贴", "30103": "奖金",
        "30108": "机关事业单位基本养老保险缴费", "30110": "职工基本医疗保险缴费",
        "30112": "其他社会保障缴费", "30113": "住房公积金"}),
    "302": ("商品和服务支出", False, {
        "30201": "办公费", "30205": "水费", "30206": "电费", "30211": "差旅费",
        "30217": "公务接待费", "30228": "工会经费", "30229": "福利费",
        "30231": "公务用车运行维护费", "30239": "其他交通费用"}),
    "303": ("对个人和家庭的补助", True, {"30302": "退休费", "30305": "生活补助", "30309": "奖励金"}),
}
PROJECT_STEMS = (
    "合成县{}专项经费", "示例乡村道路维护项目{}", "合成县信息化建设{}期", "示例社区服务提升项目{}",
    "合成县农田水利设施补助{}", "示例公共卫生服务补助{}", "合成县干部教育培训经费{}",
    "示例老旧小区改造项目{}", "合成县档案数字化项目{}", "示例防汛抗旱物资储备{}",
)
UNIT_NAMES = ("信息中心", "事务服务中心", "综合保障中心", "技术服务中心")  # a 预算单位 under the department
DEPARTMENTS = ("财政局", "教育局", "卫生健康局", "农业农村局", "人力资源和社会保障局", "水利局",
               "住房和城乡建设局", "委组织部")
REGIONS = (("示例省", "合成县"), ("示例省示例市", "合成区"), ("合成省", "样例县"), ("示例自治区", "合成旗"))
# Indicator vocabulary: level1 -> level2 -> [(level3, operator, value, unit)].
INDICATOR_CATALOG: dict[str, dict[str, list[tuple[str, str, str, str]]]] = {
    "产出指标": {
        "数量指标": [("培训人次", "≥", "500", "人次"), ("维护道路里程", "≥", "35", "公里"),
                 ("覆盖行政村数量", "=", "42", "个"), ("发放补助户数", "≥", "1200", "户")],
        "质量指标": [("项目验收合格率", "≥", "95", "%"), ("资金使用合规率", "=", "100", "%"),
                 ("工程质量达标情况", "定性", "达标", "")],
        "时效指标": [("资金拨付及时率", "≥", "90", "%"), ("项目完成时间", "≤", "12", "月")],
    },
    "成本指标": {
        "经济成本指标": [("人均培训成本", "≤", "800", "元"), ("项目总成本", "≤", "150", "万元")],
    },
    "效益指标": {
        "社会效益指标": [("群众办事便利程度", "定性", "明显提升", ""), ("受益人口数量", "≥", "3000", "人")],
        "经济效益指标": [("带动农户增收", "≥", "5", "%")],
        "可持续影响指标": [("长效管护机制建立情况", "定性", "健全", "")],
    },
    "满意度指标": {
        "服务对象满意度指标": [("服务对象满意度", "≥", "90", "%"), ("群众满意度", "≥", "85", "%")],
    },
}

TABLE_KINDS = ("overview", "income", "expenditure", "fiscal_overview", "general_expenditure",
               "basic_economic", "sangong", "fund_expenditure", "state_capital_expenditure",
               "projects", "dept_performance", "project_performance")
TITLE_OPTIONS: dict[str, tuple[str, ...]] = {
    "overview": ("部门收支总表", "部门财务收支预算总表", "收支预算总表"),
    "income": ("部门收入总表", "收入预算总表"),
    "expenditure": ("部门支出总表", "支出预算总表"),
    "fiscal_overview": ("财政拨款收支总表", "财政拨款收支预算总表"),
    "general_expenditure": ("一般公共预算支出表", "一般公共预算支出功能分类预算表", "一般公共预算财政拨款支出表"),
    "basic_economic": ("一般公共预算基本支出表", "一般公共预算基本支出部门预算经济分类预算表", "基本支出经济分类表"),
    "sangong": ("“三公”经费支出表", "一般公共预算“三公”经费支出表", "“三公”经费和机关运行经费预算表"),
    "fund_expenditure": ("政府性基金预算支出表",),
    "state_capital_expenditure": ("国有资本经营预算支出表",),
    "projects": ("项目支出表", "项目支出预算表"),
    "dept_performance": ("部门整体支出绩效目标表",),
    "project_performance": ("项目支出绩效目标表", "项目支出绩效目标申报表", "项目支出绩效目标批复表",
                            "重点专项资金绩效目标表"),
}
SANGONG_WITH_JIGUAN = 2  # index of the 三公 title that also carries 机关运行经费
EMPTY_NOTES = ("本表无数据", "注：本单位无{}，此表为空表。")
OMITTABLE = ("fiscal_overview", "state_capital_expenditure", "dept_performance")

# Every enumerated layout choice and its values; write_corpus covers each value.
VARIANT_CHOICES: dict[str, tuple] = {
    "fmt": ("pdf", "xlsx"),
    "edition": ("部门", "单位"),
    "unit_mode": ("元", "万元", "mixed"),
    "unit_label": ("单位：", "金额单位："),
    "preparer_label": ("编制部门：", "编制单位："),
    "code_style": ("joined", "split", "indented"),
    "split_fill": ("full", "sparse"),
    "long_table": (False, True),
    "continued_title": ("none", "续"),
    "merged_header": (False, True),
    "thousands": (False, True),
    "zero_style": ("blank", "-", "0.00", "0"),
    "empty_style": ("note", "zeros"),
    "empty_note": (0, 1),
    "total_label": ("合计", "总计"),
    "sangong_layout": ("row", "list"),
    "sangong_zero": (False, True),
    "operator_style": ("split", "merged"),
    "orientation": ("L", "P"),
    "xlsx_values": ("number", "string"),
    "sheet_naming": ("numbered", "short"),
    "omit": ("none",) + OMITTABLE,
    "fund_income": (False, True),
    "prior_form": ("增加", "减少", "持平"),
    "contradiction": ("none", "expenditure_project_total", "sangong_total"),
}
for _kind, _options in TITLE_OPTIONS.items():
    VARIANT_CHOICES[f"title_{_kind}"] = tuple(range(len(_options)))

# Layouts seen in real documents (../shared/corpus README, "What the documents look like"). They are
# never drawn at random (a seed makes the same document as before they existed); a document gets one
# when asked (generate_disclosure(seed, contents="heading")), and synthetic.corpus mixes in those the
# reader reads exactly. New fields: their values, the default first; existing fields: extra values.
REAL_LAYOUT_CHOICES: dict[str, tuple] = {
    "contents": ("none", "heading", "bare"),  # a 目录 page listing every table (with/without "目录")
    "continued_title": ("repeat", "numbered", "bare"),  # extra: title again / "表5" + title / nothing
    "packed": (False, True),  # several tables on one page, the next title right under the last row
    "rotation": ("none", "all", "mixed"),  # pages stored with /Rotate 90 (mixed: the table pages)
    "code_style": ("bracketed",),  # extra: "[2010101]行政运行" in the name cell
    "economic_codes": ("same", "bracketed"),  # the 经济分类 tables' own code style ("[301]工资福利支出")
    "basic_header": ("subtotal", "parts"),  # 支出总表: 基本支出 over 人员支出 | 公用经费, no 小计
    "spending_blocks": ("none", "one_unit", "units"),  # 支出总表 in blocks by 预算单位
    "spending_purpose": (False, True),  # 收支总表: 支出用途 group with a 单位预留机动经费 reserve
    "sangong_extra": (False, True),  # 三公 table with 会议费 and 培训费 (in its first 合计)
}
PDF_ONLY = ("contents", "continued_title", "packed", "rotation", "orientation", "long_table")


@dataclass
class Variant:
    """Layout choices of one document (all seeded; see VARIANT_CHOICES)."""

    fmt: str = "pdf"
    edition: str = "部门"
    unit_mode: str = "万元"
    unit_label: str = "单位："
    preparer_label: str = "编制部门："  # 单位 editions always say 编制单位：
    code_style: str = "joined"  # joined "2013201" | split 类/款/项 columns | indented names
    split_fill: str = "full"  # split codes: full = ancestors repeated, sparse = own part only
    long_table: bool = False  # many function rows: the function tables run over pages
    continued_title: str = "none"  # on a continuation page: none = header only, 续 = title（续）
    merged_header: bool = False  # two-row headers with spanning cells (本年收入, 科目)
    thousands: bool = True
    zero_style: str = "0.00"
    empty_style: str = "note"  # note = a 本表无数据 line, zeros = a 合计 row of zeros
    empty_note: int = 0  # index into EMPTY_NOTES
    total_label: str = "合计"
    sangong_layout: str = "row"  # row = one row under a two-row header, list = item/amount rows
    sangong_zero: bool = False
    operator_style: str = "split"  # split = 指标性质 and 指标值 columns, merged = "≥95%"
    orientation: str = "L"
    xlsx_values: str = "number"  # number cells or formatted strings
    sheet_naming: str = "numbered"  # "表1 部门收支总表" | "1-收支总表"
    omit: str = "none"  # one optional table left out of the document
    fund_income: bool = False
    prior_form: str = "增加"  # form of the 收入合计 prior-year sentence
    contradiction: str = "none"
    titles: dict[str, int] = field(default_factory=dict)  # kind -> index into TITLE_OPTIONS
    units: dict[str, str] = field(default_factory=dict)  # kind -> 元 | 万元
    # real layouts (REAL_LAYOUT_CHOICES), the defaults being the national template's
    contents: str = "none"
    packed: bool = False
    rotation: str = "none"
    economic_codes: str = "same"
    basic_header: str = "subtotal"
    spending_blocks: str = "none"
    spending_purpose: bool = False
    sangong_extra: bool = False

    def economic_style(self) -> str:
        return self.code_style if self.economic_codes == "same" else self.economic_codes

    def value(self, name: str):
        if name.startswith("title_"):
            return self.titles[name[len("title_"):]]
        return getattr(self, name)


@dataclass
class FunctionRow:
    code: str
    name: str
    level: int  # 1 类, 2 款, 3 项
    basic: int  # fen; basic spending is always paid by 一般公共预算
    project: dict[str, int]  # income source -> fen of project spending it pays
    reserve: int = 0  # 单位预留机动经费 (a third use of money beside 基本/项目), paid by 一般公共预算
    personnel: int = 0  # the 人员支出 part of basic (set when a table shows it by function)
    unit: int = 0  # a 项 row: index of the 预算单位 spending it (Disclosure.units)

    @property
    def project_total(self) -> int:
        return sum(self.project.values())

    @property
    def total(self) -> int:
        return self.basic + self.project_total + self.reserve

    def by_source(self, source: str) -> int:
        own = self.basic + self.reserve if source == GENERAL else 0
        return self.project.get(source, 0) + own

    @property
    def parent_code(self) -> str | None:
        return {1: None, 2: self.code[:3], 3: self.code[:5]}[self.level]


def general_values(r: FunctionRow) -> tuple[int, int, int]:
    """(合计, 基本支出, 项目支出) of a row in the 一般公共预算支出表 (the reserve is in 合计 only)."""
    return r.by_source(GENERAL), r.basic, r.project.get(GENERAL, 0)


@dataclass
class EconomicRow:
    code: str
    name: str
    level: int  # 1 类, 2 款
    amount: int
    personnel: bool

    @property
    def parent_code(self) -> str | None:
        return None if self.level == 1 else self.code[:3]


@dataclass
class Indicator:
    project_name: str
    level1: str
    level2: str
    level3: str
    operator: str
    target_text: str
    unit: str
    weight: int

    @property
    def target_value(self) -> float | None:
        try:
            return float(self.target_text)
        except ValueError:
            return None


@dataclass
class PriorYear:
    metric: str
    for_year: int
    amount: int  # fen
    sentence: str


def _wan(fen: int) -> float:
    """Fen as 万元, computed exactly."""
    return float(Decimal(fen) / WAN)


def _function_truth(r: FunctionRow, values: tuple[int, int, int]) -> dict:
    """A 功能分类 row of the truth, its (total, basic, project) as read (function_rows_read)."""
    total, basic, project = values
    return {"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_code,
            "total_wan": _wan(total), "basic_wan": _wan(basic), "project_wan": _wan(project)}


def _economic_truth(r: EconomicRow) -> dict:
    return {"code": r.code, "name": r.name, "level": r.level, "parent_code": r.parent_code,
            "total_wan": _wan(r.amount), "personnel_wan": _wan(r.amount if r.personnel else 0),
            "public_wan": _wan(0 if r.personnel else r.amount)}


def _indicator_truth(i: Indicator) -> dict:
    return {"project_name": i.project_name, "level1": i.level1, "level2": i.level2,
            "level3": i.level3, "operator": i.operator, "target_text": i.target_text,
            "target_value": i.target_value, "unit": i.unit, "weight": float(i.weight)}


@dataclass
class Disclosure:
    region: str
    department: str
    edition: str
    year: int
    functions: list[FunctionRow]
    economic: list[EconomicRow]
    sources: list[str]  # income sources present, in display order
    sangong: dict[str, int]
    jiguan: int | None  # 机关运行经费
    projects: list[tuple[str, int]]
    project_goals: dict[str, str]  # project -> 年度目标 text
    indicators: list[Indicator]
    prior_year: list[PriorYear]
    contradiction_delta: int  # fen added to the stated figure (0 = none)
    variant: Variant
    units: list[str] = field(default_factory=list)  # 预算单位 of a 支出总表 in blocks (本级 first)
    meeting: int | None = None  # 会议费 (a 三公 table that also carries it, outside the 三公 total)
    training: int | None = None  # 培训费

    # ---- derived figures (fen) ----
    def classes(self) -> list[FunctionRow]:
        return [row for row in self.functions if row.level == 1]

    def income(self, source: str) -> int:
        return sum(row.by_source(source) for row in self.classes())

    @property
    def total(self) -> int:
        return sum(row.total for row in self.classes())

    @property
    def basic(self) -> int:
        return sum(row.basic for row in self.classes())

    @property
    def project(self) -> int:
        return sum(row.project_total for row in self.classes())

    @property
    def reserve(self) -> int:
        return sum(row.reserve for row in self.classes())

    @property
    def personnel(self) -> int:
        return sum(row.amount for row in self.economic if row.level == 1 and row.personnel)

    @property
    def public(self) -> int:
        return sum(row.amount for row in self.economic if row.level == 1 and not row.personnel)

    @property
    def sangong_total(self) -> int:
        return sum(self.sangong.values())

    def fund_classes(self) -> set[str]:
        return {row.code for row in self.classes() if row.by_source(FUND)}

    def table_status(self) -> dict[str, str]:
        status = {kind: "present" for kind in TABLE_KINDS}
        status["fund_expenditure"] = "present" if FUND in self.sources else "empty"
        status["state_capital_expenditure"] = "empty"
        if self.variant.omit != "none":
            status[self.variant.omit] = "absent"
        return status

    def title(self, kind: str) -> str:
        text = TITLE_OPTIONS[kind][self.variant.titles[kind]]
        if kind == "sangong" and self.variant.sangong_extra:
            text = text.replace("“三公”经费", "“三公”经费、会议费、培训费")
        if self.edition == "单位" and text.startswith("部门"):
            text = "单位" + text[2:]
        return text

    def preparer(self) -> str:
        label = "编制单位：" if self.edition == "单位" else self.variant.preparer_label
        return label + self.department

    def function_rows_read(self) -> list[tuple[FunctionRow, tuple[int, int, int]]]:
        """The 功能分类 rows a correct reader reports, with (total, basic, project) in fen: the
        支出总表's (all funds), or, when that table prints no 基本支出 column of its own
        (basic_header "parts"), the 一般公共预算支出表's, the table that prints the 基本/项目 split."""
        if self.variant.basic_header == "parts":
            return [(r, general_values(r)) for r in self.functions if r.by_source(GENERAL)]
        return [(r, (r.total, r.basic, r.project_total)) for r in self.functions]

    def jiguan_in_sangong_table(self) -> bool:
        return self.jiguan is not None and self.variant.titles["sangong"] == SANGONG_WITH_JIGUAN

    # ---- truth ----
    def truth(self) -> dict:
        return {
            "meta": {"region": self.region, "department": self.department,
                     "edition": self.edition, "year": self.year},
            "summary": [{"metric": m, "amount_wan": _wan(v)} for m, v in self._summary()],
            "income": [{"source": s, "amount_wan": _wan(self.income(s))} for s in self.sources],
            "expenditure_function": [_function_truth(r, values) for r, values in self.function_rows_read()],
            "expenditure_economic": [_economic_truth(r) for r in self.economic],
            "sangong": [{"item": k, "amount_wan": _wan(v)} for k, v in self.sangong.items()],
            "projects": [{"project_name": n, "amount_wan": _wan(v)} for n, v in self.projects],
            "indicators": [_indicator_truth(i) for i in self._indicators_shown()],
            "prior_year": [{"metric": p.metric, "for_year": p.for_year, "amount_wan": _wan(p.amount),
                            "basis": p.sentence} for p in self.prior_year],
            "tables": self.table_status(),
            "expected_failed_checks": self._expected_failed_checks(),
            "variant": asdict(self.variant),
        }

    def _summary(self) -> list[tuple[str, int]]:
        """Every summary figure the document states, (metric, fen), in the truth's order."""
        return (self._summary_totals() + self._summary_overview_lines() + self._summary_table_lines()
                + self._summary_sangong())

    def _summary_totals(self) -> list[tuple[str, int]]:
        # 基本支出 is stated by the 支出总表 and by the 说明 ("其中基本支出…", explanatory_text, in every
        # format); with basic_header "parts" the 支出总表 prints only 人员支出 | 公用经费 under it, so the
        # 说明's figure is the document's statement of 基本支出
        summary = [("收入合计", self.total), ("支出合计", self.total), ("基本支出", self.basic),
                   ("人员经费", self.personnel), ("公用经费", self.public), ("项目支出", self.project)]
        if self.reserve:
            summary.append(("单位预留机动经费", self.reserve))
        if CARRYOVER in self.sources:
            summary.append(("上年结转", self.income(CARRYOVER)))
        return summary

    def _summary_overview_lines(self) -> list[tuple[str, int]]:
        # the 收支总表's own lines (_overview): this year's income without the carry-over, and spending
        summary = [("本年收入合计", self.total - self.income(CARRYOVER)), ("本年支出合计", self.total)]
        if self.table_status()["overview"] == "present" and self.variant.zero_style in ("0", "0.00"):
            summary.append(("年终结转结余", 0))  # its "结转下年" line, printed as a zero
        return summary

    def _summary_table_lines(self) -> list[tuple[str, int]]:
        """Figures stated by the 一般公共预算支出表, the 财政拨款收支总表 and (basic_header "parts") the
        支出总表 beside the 基本支出表."""
        status = self.table_status()
        summary = []
        if status["general_expenditure"] == "present":  # its 基本支出 小计: all basic money is
            summary.append(("一般公共预算基本支出", self.basic))  # 一般公共预算 here (Row.by_source)
        if status["fiscal_overview"] == "present":  # its 收入总计 / 支出总计 (_fiscal_overview)
            summary.append(("财政拨款收支总计", self.income(GENERAL) + self.income(FUND)))
        if self.variant.basic_header == "parts" and status["expenditure"] == "present" \
                and status["basic_economic"] == "present":
            # 人员经费 / 公用经费 stated by the 支出总表 (all funds) and by the 基本支出表 (一般公共预算):
            # the same money here, kept under both names
            summary += [("一般公共预算人员经费", self.personnel), ("一般公共预算公用经费", self.public)]
        return summary

    def _summary_sangong(self) -> list[tuple[str, int]]:
        summary = [("三公经费合计", self.sangong_total)]  # the four items, never 会议费/培训费
        if self.jiguan is not None:
            summary.append(("机关运行经费", self.jiguan))
        if self.variant.sangong_extra:
            summary += [("会议费", self.meeting or 0), ("培训费", self.training or 0)]
        return summary

    def _indicators_shown(self) -> list[Indicator]:
        """The indicators a reader finds: an omitted 部门整体 table takes its targets with it."""
        return [i for i in self.indicators
                if not (i.project_name == "部门整体" and self.variant.omit == "dept_performance")]

    def _expected_failed_checks(self) -> list[dict]:
        kind = self.variant.contradiction
        if kind == "none":
            return []
        if kind == "expenditure_project_total":
            computed = self.project
            check = {"check": "支出总表合计行项目支出 = 各类项目支出之和", "table": "expenditure",
                     "row": self.variant.total_label, "column": "项目支出"}
        else:
            computed = self.sangong_total
            check = {"check": "三公分项之和 = 三公经费合计", "table": "sangong",
                     "row": self.variant.total_label, "column": "合计"}
        stated = computed + self.contradiction_delta
        return [{**check, "stated_wan": _wan(stated), "computed_wan": _wan(computed),
                 "difference_wan": _wan(computed - stated)}]

    # ---- serialisation ----
    def to_json(self) -> str:
        return json.dumps({"disclosure": asdict(self), "truth": self.truth()},
                          ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> Disclosure:
        data = dict(json.loads(text)["disclosure"])
        data["functions"] = [FunctionRow(**row) for row in data["functions"]]
        data["economic"] = [EconomicRow(**row) for row in data["economic"]]
        data["indicators"] = [Indicator(**row) for row in data["indicators"]]
        data["prior_year"] = [PriorYear(**row) for row in data["prior_year"]]
        data["projects"] = [tuple(pair) for pair in data["projects"]]
        data["variant"] = Variant(**data["variant"])
        return cls(**data)


def write_truth(disclosure: Disclosure, path: Path) -> Path:
    path.write_text(disclosure.to_json(), encoding="utf-8")
    return path


def read_truth(path: Path) -> dict:
    """The truth dict of a ``.truth.json`` file."""
    return json.loads(path.read_text(encoding="utf-8"))["truth"]


# ---------------------------------------------------------------- generator

def choose_variant(rng: random.Random, **overrides) -> Variant:
    """Seeded layout choices; ``overrides`` fix any field (titles as title_<kind>=index)."""
    unknown = set(overrides) - set(VARIANT_CHOICES) - set(REAL_LAYOUT_CHOICES)
    if unknown:
        raise ValueError(f"unknown variant fields: {sorted(unknown)}")
    for name, value in overrides.items():
        allowed = VARIANT_CHOICES.get(name, ()) + REAL_LAYOUT_CHOICES.get(name, ())
        if value not in allowed:
            raise ValueError(f"{name}={value!r}: not one of {allowed}")
    picked = {}
    for name, options in VARIANT_CHOICES.items():
        picked[name] = overrides[name] if name in overrides else rng.choice(options)
    for rare in ("contradiction", "omit", "long_table"):  # mostly off unless asked for
        if rare not in overrides and rng.random() < 0.6:
            picked[rare] = VARIANT_CHOICES[rare][0]
    titles = {kind: picked.pop(f"title_{kind}") for kind in TITLE_OPTIONS}
    mode = picked["unit_mode"]
    units = {kind: (mode if mode != "mixed" else rng.choice(("元", "万元"))) for kind in TABLE_KINDS}
    if mode == "mixed":  # really mixed: both units appear
        units["overview"], units["expenditure"] = "万元", "元"
    if picked["contradiction"] == "sangong_total":
        picked["sangong_zero"] = False
    real = {name: value for name, value in overrides.items() if name in REAL_LAYOUT_CHOICES}
    if real.get("rotation", "none") != "none" and "orientation" not in overrides:
        picked["orientation"] = "L"  # stored rotated: the content is laid out landscape
    if real.get("sangong_extra") and "contradiction" not in overrides:
        picked["contradiction"] = "none"  # its 合计 is not the 三公 total: no planted 三公 contradiction
    picked.update(real)
    return Variant(**picked, titles=titles, units=units)


def _split(rng: random.Random, total: int, n: int, quantum: int) -> list[int]:
    """``n`` multiples of ``quantum`` adding to ``total`` (positive when possible)."""
    units = total // quantum
    if n <= 1:
        return [total]
    if units >= n:
        cuts = sorted(rng.sample(range(1, units), n - 1))
    else:
        cuts = sorted(rng.randint(0, units) for _ in range(n - 1))
    edges = [0, *cuts, units]
    return [(b - a) * quantum for a, b in zip(edges, edges[1:], strict=False)]


def _amount(rng: random.Random, low_yuan: int, high_yuan: int, quantum: int) -> int:
    fen = rng.randint(low_yuan * 100, high_yuan * 100)
    return max(quantum, fen // quantum * quantum)


def _pick_tree(rng: random.Random, variant: Variant) -> list[tuple[str, str, dict]]:
    """Chosen 类 with their chosen 款/项 (catalog slices)."""
    long = variant.long_table
    pool = [code for code, (_, kuan) in FUNCTION_CATALOG.items() if not long or len(kuan) >= 3]
    n_classes = 4 if long else rng.randint(2, 3)
    if variant.fund_income:
        n_classes -= 1
        pool = [code for code in pool if code != FUND_CLASS[0]]
    chosen = sorted(rng.sample(pool, n_classes))
    trees = [(code, *FUNCTION_CATALOG[code]) for code in chosen]
    if variant.fund_income:
        trees = sorted([*trees, FUND_CLASS])
    out = []
    for code, name, kuan in trees:
        n_kuan = min(len(kuan), 3 if long else rng.randint(1, 2))
        picked = {}
        for k in sorted(rng.sample(sorted(kuan), n_kuan)):
            kname, xiang = kuan[k]
            n_xiang = min(len(xiang), rng.randint(2, 3) if long else rng.randint(1, 2))
            picked[k] = (kname, {x: xiang[x] for x in sorted(rng.sample(sorted(xiang), n_xiang))})
        out.append((code, name, picked))
    return out


def _functions(rng: random.Random, variant: Variant, sources: list[str], q: int) -> list[FunctionRow]:
    rows: list[FunctionRow] = []
    for code, name, kuan in _pick_tree(rng, variant):
        fund_class = variant.fund_income and (code, name) == FUND_CLASS[:2]
        class_row = FunctionRow(code, name, 1, 0, {})
        rows.append(class_row)
        for kcode, (kname, xiang) in kuan.items():
            kuan_row = FunctionRow(kcode, kname, 2, 0, {})
            rows.append(kuan_row)
            for xcode, xname in xiang.items():
                leaf = _leaf(rng, xcode, xname, fund_class, sources, q)
                rows.append(leaf)
                for parent in (class_row, kuan_row):
                    parent.basic += leaf.basic
                    for source, fen in leaf.project.items():
                        parent.project[source] = parent.project.get(source, 0) + fen
    return rows


def _leaf(rng, code, name, fund_class, sources, q) -> FunctionRow:
    if fund_class:
        return FunctionRow(code, name, 3, 0, {FUND: _amount(rng, 200_000, 30_000_000, q)})
    basic = _amount(rng, 50_000, 8_000_000, q) if rng.random() < 0.7 else 0
    project = _amount(rng, 20_000, 5_000_000, q) if (rng.random() < 0.6 or not basic) else 0
    split = {GENERAL: project}
    for source in sources:
        if source in OPTIONAL_SOURCES and split[GENERAL] and rng.random() < 0.5:
            part = split[GENERAL] * rng.randint(5, 40) // 100 // q * q
            split[GENERAL] -= part
            split[source] = part
    return FunctionRow(code, name, 3, basic, {s: v for s, v in split.items() if v})


def _economic(rng: random.Random, basic: int, q: int) -> list[EconomicRow]:
    personnel, public = _split(rng, basic, 2, q)
    if public > personnel:
        personnel, public = public, personnel
    shares = {"301": 0, "302": public, "303": 0}
    shares["301"], shares["303"] = _split(rng, personnel, 2, q)
    if shares["303"] > shares["301"]:
        shares["301"], shares["303"] = shares["303"], shares["301"]
    rows = []
    for code, (name, is_personnel, items) in ECONOMIC_CATALOG.items():
        if not shares[code]:
            continue
        rows.append(EconomicRow(code, name, 1, shares[code], is_personnel))
        codes = sorted(rng.sample(sorted(items), rng.randint(2, min(5, len(items)))))
        for item, fen in zip(codes, _split(rng, shares[code], len(codes), q), strict=True):
            rows.append(EconomicRow(item, items[item], 2, fen, is_personnel))
    return rows


def _indicators(rng: random.Random, project_name: str) -> list[Indicator]:
    level1s = ["产出指标", "效益指标", "满意度指标"] + (["成本指标"] if rng.random() < 0.5 else [])
    picks = []
    for level1 in level1s:
        level2s = INDICATOR_CATALOG[level1]
        for level2 in sorted(rng.sample(sorted(level2s), rng.randint(1, min(2, len(level2s))))):
            options = level2s[level2]
            for entry in rng.sample(options, rng.randint(1, min(2, len(options)))):
                picks.append((level1, level2, *entry))
    weights = _split(rng, rng.choice((90, 100)), len(picks), 1)
    return [Indicator(project_name, l1, l2, l3, op, value, unit, w)
            for (l1, l2, l3, op, value, unit), w in zip(picks, weights, strict=True)]


def _money_text(fen: int, quantum: int, thousands: bool) -> str:
    if quantum == WAN // 100:
        return f"{Decimal(fen) / WAN:.2f}万元"
    yuan = Decimal(fen) / 100
    return (f"{yuan:,.2f}" if thousands else f"{yuan:.2f}") + "元"


def _prior(rng: random.Random, metric: str, label: str, year: int, fen: int, form: str,
           q: int, thousands: bool) -> PriorYear:
    change = min(fen, fen * rng.randint(2, 20) // 100) // q * q or q
    if form == "持平":
        change = 0
    prior = fen - change if form == "增加" else fen + change
    this_text = _money_text(fen, q, thousands)
    if form == "持平":
        sentence = f"{year}年{label}{this_text}，与上年持平。"
    elif rng.random() < 0.5:
        sentence = f"{year}年{label}{this_text}，较{year - 1}年预算{form}{_money_text(change, q, thousands)}。"
    else:
        sentence = f"{year}年{label}{this_text}，比上年{form}{_money_text(change, q, thousands)}。"
    return PriorYear(metric, year - 1, prior, sentence)


def generate_disclosure(seed: int, **overrides) -> Disclosure:
    """One seeded disclosure; ``overrides`` fix variant fields (see VARIANT_CHOICES).

    The draws from ``rng`` come in a fixed order (each helper below takes its turn), so a seed
    always makes the same document; the real layouts' own figures come from a second stream
    (``side``), so that every other figure of the seed stays what it was before they existed."""
    rng = random.Random(seed)
    variant = choose_variant(rng, **overrides)
    q = WAN // 100 if "万元" in variant.units.values() else 1
    province, county, department = _place(rng)
    year = rng.randint(2021, 2025)
    functions, sources = _function_rows(rng, variant, q)
    side = random.Random(f"{seed}-real-layouts")
    _make_room(rng, side, functions, variant, q)
    economic = _economic(rng, _class_sum(functions, lambda r: r.basic), q)
    project_total = _class_sum(functions, lambda r: r.project_total)
    projects = _projects_of(rng, project_total, q)
    sangong = _sangong_items(rng, variant, q)
    jiguan = _amount(rng, 50_000, 2_000_000, q) if rng.random() < 0.6 else None
    indicators, goals = _targets(rng, projects)
    total = _class_sum(functions, lambda r: r.total)
    prior = _prior_years(rng, variant, year, total, sum(sangong.values()), q)
    delta = _contradiction_delta(rng, variant, project_total, sum(sangong.values()), q)
    if variant.basic_header == "parts":
        _split_personnel(functions, sum(r.amount for r in economic if r.level == 1 and r.personnel), q)
    units = _spending_units(side, variant, department, county, functions)
    meeting, training = _meeting_and_training(side, variant, q)
    return Disclosure(
        region=province + county, department=department, edition=variant.edition, year=year,
        functions=functions, economic=economic, sources=sources, sangong=sangong, jiguan=jiguan,
        projects=projects, project_goals=goals, indicators=indicators, prior_year=prior,
        contradiction_delta=delta, variant=variant, units=units, meeting=meeting, training=training)


def _place(rng: random.Random) -> tuple[str, str, str]:
    """(province, county, department) of a generated document."""
    province, county = rng.choice(REGIONS)
    department = county + rng.choice(DEPARTMENTS)
    if department.endswith("委组织部"):
        department = "中共" + department
    return province, county, department


def _class_sum(functions: list[FunctionRow], value) -> int:
    """``value(row)`` summed over the 类 rows (the whole document's figure)."""
    return sum(value(r) for r in functions if r.level == 1)


def _function_rows(rng: random.Random, variant: Variant, q: int) -> tuple[list[FunctionRow], list[str]]:
    """The 功能分类 rows and the income sources that pay some of them (in display order)."""
    sources = [GENERAL] + ([FUND] if variant.fund_income else [])
    sources += [s for s in OPTIONAL_SOURCES if rng.random() < 0.45]
    functions = _functions(rng, variant, sources, q)
    return functions, [s for s in sources if _class_sum(functions, lambda r, s=s: r.by_source(s))]


def _make_room(rng: random.Random, side: random.Random, functions: list[FunctionRow], variant: Variant,
               q: int) -> None:
    """Add to a 项 (not paid by 政府性基金): basic spending when there is none (every department pays
    salaries), project money when there is too little for 3+ projects, and a reserve when the
    收支总表 shows 支出用途 (drawn from ``side``)."""
    leaf = next(r for r in functions if r.level == 3 and FUND not in r.project)
    if not _class_sum(functions, lambda r: r.basic):
        _bump(functions, leaf, "basic", _amount(rng, 100_000, 1_000_000, q))
    if _class_sum(functions, lambda r: r.project_total) < 30 * q:
        _bump(functions, leaf, GENERAL, _amount(rng, 100_000, 1_000_000, q) + 30 * q)
    if variant.spending_purpose:
        _bump(functions, leaf, "reserve", _amount(side, 50_000, 2_000_000, q))


def _projects_of(rng: random.Random, project_total: int, q: int) -> list[tuple[str, int]]:
    """3–25 named projects sharing the project spending."""
    n_projects = min(rng.randint(3, 25), max(1, project_total // q))
    names = _project_names(rng, n_projects)
    return list(zip(names, _split(rng, project_total, n_projects, q), strict=True))


def _sangong_items(rng: random.Random, variant: Variant, q: int) -> dict[str, int]:
    """The four 三公 items (公务接待费 never zero unless all are)."""
    if variant.sangong_zero:
        return dict.fromkeys(SANGONG_ITEMS, 0)
    sangong = {item: (_amount(rng, 1_000, 200_000, q) if rng.random() < 0.75 else 0)
               for item in SANGONG_ITEMS}
    sangong["公务接待费"] = sangong["公务接待费"] or _amount(rng, 1_000, 50_000, q)
    return sangong


def _targets(rng: random.Random, projects: list[tuple[str, int]]) -> tuple[list[Indicator], dict[str, str]]:
    """The 部门整体 indicators, then each project's, and each project's 年度目标."""
    indicators = _indicators(rng, DEPARTMENT_WIDE)
    goals = {}
    for name, _ in projects:
        indicators += _indicators(rng, name)
        goals[name] = f"按期完成{name}各项任务，资金使用规范，服务对象满意度不低于90%。"
    return indicators, goals


def _prior_years(rng: random.Random, variant: Variant, year: int, total: int, sangong: int,
                 q: int) -> list[PriorYear]:
    """The prior-year sentences of 收入合计, 支出合计 and 三公经费合计."""
    forms = ("增加", "减少", "持平")
    return [
        _prior(rng, "收入合计", "收入预算合计", year, total, variant.prior_form, q, variant.thousands),
        _prior(rng, "支出合计", "支出预算合计", year, total, rng.choice(forms), q, variant.thousands),
        _prior(rng, "三公经费合计", "“三公”经费预算", year, sangong,
               rng.choice(forms) if sangong else "持平", q, variant.thousands),
    ]


def _contradiction_delta(rng: random.Random, variant: Variant, project_total: int, sangong: int,
                         q: int) -> int:
    """Fen added to the stated figure of a planted contradiction (0: none planted)."""
    if variant.contradiction == "none":
        return 0
    delta = rng.choice((-1, 1)) * rng.randint(1, 500) * max(q, 100)
    base = project_total if variant.contradiction == "expenditure_project_total" else sangong
    return abs(delta) if base + delta < 0 else delta


def _spending_units(side: random.Random, variant: Variant, department: str, county: str,
                    functions: list[FunctionRow]) -> list[str]:
    """The 预算单位 of a 支出总表 in blocks (本级 first); with a second unit, some 项 rows become its."""
    if variant.spending_blocks == "none":
        return []
    units = [department + "（本级）"]
    if variant.spending_blocks == "units":
        units.append(county + side.choice(UNIT_NAMES))
        leaves = [r for r in functions if r.level == 3]
        for r in side.sample(leaves, side.randint(1, len(leaves) - 1)):
            r.unit = 1
    return units


def _meeting_and_training(side: random.Random, variant: Variant, q: int) -> tuple[int | None, int | None]:
    """会议费 and 培训费 of a 三公 table that also carries them."""
    if not variant.sangong_extra:
        return None, None
    meeting, training = (_amount(side, 5_000, 300_000, q) for _ in range(2))
    return meeting, training


def _split_personnel(functions: list[FunctionRow], personnel: int, q: int) -> None:
    """Spread the 人员支出 over the 项 rows' basic spending in proportion (whole quanta ``q``), so
    that the rows' 人员支出 add up to the 经济分类 tables' 人员经费; ancestors sum their 项."""
    leaves = [r for r in functions if r.level == 3 and r.basic]
    basic = sum(r.basic for r in leaves)
    for r in leaves:
        r.personnel = r.basic * personnel // basic // q * q
    rest = personnel - sum(r.personnel for r in leaves)
    for r in leaves:  # the remainder where there is room (each row's personnel <= its basic)
        take = min(rest, r.basic - r.personnel)
        r.personnel += take
        rest -= take
    for r in functions:
        if r.level < 3:
            r.personnel = sum(x.personnel for x in leaves if x.code.startswith(r.code))


def _bump(functions: list[FunctionRow], leaf: FunctionRow, what: str, fen: int) -> None:
    """Add ``fen`` of basic spending (what="basic"), reserve ("reserve") or project spending paid by source ``what``
    to ``leaf`` and its ancestors."""
    for row in functions:
        if leaf.code.startswith(row.code):
            if what == "basic":
                row.basic += fen
            elif what == "reserve":
                row.reserve += fen
            else:
                row.project[what] = row.project.get(what, 0) + fen


def _project_names(rng: random.Random, n: int) -> list[str]:
    stems = list(PROJECT_STEMS)
    rng.shuffle(stems)
    return [stems[i % len(stems)].format(f"{i // len(stems) + 1:02d}") for i in range(n)]


VARIANT_FIELDS = tuple(f.name for f in fields(Variant))


# ---------------------------------------------------------------- table grids
# What each national table shows, independent of the output format.

@dataclass
class Amount:
    fen: int


@dataclass
class Name:
    text: str
    depth: int = 0  # indentation steps (款 1, 项 2) when codes are not shown


@dataclass
class HeaderCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass
class Grid:
    kind: str
    title: str
    unit: str
    widths: list[float]  # relative column widths
    header: list[HeaderCell]
    header_rows: int
    rows: list[list]  # cells: str | Name | Amount
    note: str | None = None  # 本表无数据 line under the header
    head_block: list[tuple[str, str | Amount]] = field(default_factory=list)
    group_merges: list[tuple[int, int, int]] = field(default_factory=list)  # (first, last row, col)


_NUMERALS = "一二三四五六七八九十"


def format_amount(fen: int, unit: str, variant: Variant) -> str:
    """A figure as the document prints it (unit 元 or 万元, separators, zero style)."""
    if fen == 0 and variant.zero_style != "0.00":
        return {"blank": "", "-": "-", "0": "0"}[variant.zero_style]
    value = Decimal(fen) / (100 if unit == "元" else WAN)
    return f"{value:,.2f}" if variant.thousands else f"{value:.2f}"


def _code_header(style: str, levels: int) -> tuple[list[tuple[str, list[str]]], list[float]]:
    if style == "joined":
        return [("科目编码", [])], [1.2]
    if style == "split":
        return [("科目编码", ["类", "款", "项"][:levels])], [0.5] * levels
    return [], []  # indented names, or codes in brackets inside the name cell


def _code_cells(code: str, level: int, style: str, split_fill: str, levels: int) -> list[str]:
    if style == "joined":
        return [code]
    if style in ("indented", "bracketed"):
        return []
    parts = [code[:3], code[3:5], code[5:7]][:levels]
    if split_fill == "sparse":
        return ["" if i != level - 1 else part for i, part in enumerate(parts)]
    return [part if i < level else "" for i, part in enumerate(parts)]


def _coded_name(code: str, name: str, level: int, style: str) -> Name:
    """The name cell: indented by level when no codes are shown, "[301]工资福利支出" when bracketed."""
    if style == "bracketed":
        return Name(f"[{code}]{name}")
    return Name(name, level - 1 if style == "indented" else 0)


def _build_header(groups: list[tuple[str, list[str]]]) -> tuple[list[HeaderCell], int]:
    """Columns from (text, sub-texts) groups: a group with sub-texts spans two header rows."""
    two = any(subs for _, subs in groups)
    cells, col = [], 0
    for text, subs in groups:
        if subs:
            cells.append(HeaderCell(text, 0, col, 1, len(subs)))
            cells += [HeaderCell(sub, 1, col + i) for i, sub in enumerate(subs)]
            col += len(subs)
        else:
            cells.append(HeaderCell(text, 0, col, 2 if two else 1))
            col += 1
    return cells, 2 if two else 1


def _function_grid(d: Disclosure, kind: str, rows: list[FunctionRow], amount_groups, values,
                   total_override: dict[int, int] | None = None, empty_note: str = "") -> Grid:
    """A table of function rows: codes, name, then amount columns given by ``values(row)``."""
    v = d.variant
    code_groups, code_widths = _code_header(v.code_style, 3)
    if v.merged_header and v.code_style == "joined":
        code_groups, name_group = [("科目", ["科目编码", "科目名称"])], []
    else:
        name_group = [("科目名称", [])]
    groups = code_groups + name_group + amount_groups
    header, header_rows = _build_header(groups)
    n_amounts = sum(max(1, len(subs)) for _, subs in amount_groups)
    widths = code_widths + [3.2] + [1.4] * n_amounts
    n_codes = len(code_widths)
    body = []
    columns = [sum(values(r)[i] for r in rows if r.level == 1) for i in range(n_amounts)]
    for i, extra in (total_override or {}).items():
        columns[i] += extra
    if rows or v.empty_style == "zeros":
        body.append([""] * n_codes + [Name(v.total_label)] + [Amount(x) for x in columns])
    for r in rows:
        body.append(_code_cells(r.code, r.level, v.code_style, v.split_fill, 3)
                    + [_coded_name(r.code, r.name, r.level, v.code_style)] + [Amount(x) for x in values(r)])
    note = empty_note if not rows and v.empty_style == "note" else None
    return Grid(kind, d.title(kind), v.units[kind], widths, header, header_rows, body, note)


def _empty_note(d: Disclosure, what: str) -> str:
    return EMPTY_NOTES[d.variant.empty_note].format(what)


def _two_sided(d: Disclosure, kind: str, left: list[tuple[str, int]], right: list[tuple[str, int]],
               bottom: list[tuple[str, int, str, int]], purpose: list[tuple[str, int]] | None = None) -> Grid:
    """Income items | spending items (by function), and, 江苏 2018, a second spending group
    ``purpose`` (支出用途: 基本支出 / 项目支出 / 单位预留机动经费) beside them."""
    v = d.variant
    if purpose and v.merged_header:
        groups = [("收入", ["项目", "预算数"]), ("支出功能分类", ["项目", "预算数"]),
                  ("支出用途", ["项目", "预算数"])]
    elif purpose:
        groups = [("收入项目", []), ("预算数", []), ("支出功能分类", []), ("预算数", []),
                  ("支出用途", []), ("预算数", [])]
    elif v.merged_header:
        groups = [("收入", ["项目", "预算数"]), ("支出", ["项目", "预算数"])]
    else:
        groups = [("收入项目", []), ("预算数", []), ("支出项目", []), ("预算数", [])]
    header, header_rows = _build_header(groups)
    sides = (left, right, purpose) if purpose else (left, right)
    body = []
    for i in range(max(len(side) for side in sides)):
        row = []
        for side in sides:
            if i < len(side):
                row += [f"{_NUMERALS[i]}、{side[i][0]}", Amount(side[i][1])]
            else:
                row += ["", ""]
        body.append(row)
    pad = ["", ""] if purpose else []
    body += [[a, Amount(b), c, Amount(e), *pad] for a, b, c, e in bottom]
    widths = [3, 1.3, 3, 1.3] + ([2.6, 1.3] if purpose else [])
    return Grid(kind, d.title(kind), v.units[kind], widths, header, header_rows, body)


def _overview(d: Disclosure) -> Grid:
    current = [(s, d.income(s)) for s in d.sources if s != CARRYOVER]
    spending = [(r.name, r.total) for r in d.classes()]
    carry = d.income(CARRYOVER)
    this_year = d.total - carry
    purpose = None
    if d.variant.spending_purpose:
        purpose = [("基本支出", d.basic), ("项目支出", d.project), (RESERVE, d.reserve)]
    return _two_sided(d, "overview", current, spending, [
        ("本年收入合计", this_year, "本年支出合计", d.total),
        ("上年结转结余", carry, "结转下年", 0),
        ("收入总计", d.total, "支出总计", d.total)], purpose)


def _fiscal_overview(d: Disclosure) -> Grid:
    general, fund = d.income(GENERAL), d.income(FUND)
    left = [(GENERAL, general), (FUND, fund), ("国有资本经营预算拨款收入", 0)]
    right = [(r.name, r.by_source(GENERAL) + r.by_source(FUND)) for r in d.classes()
             if r.by_source(GENERAL) + r.by_source(FUND)]
    return _two_sided(d, "fiscal_overview", left, right, [
        ("本年收入合计", general + fund, "本年支出合计", general + fund),
        ("收入总计", general + fund, "支出总计", general + fund)])


def _income(d: Disclosure) -> Grid:
    current = [s for s in d.sources if s != CARRYOVER]
    carry = [s for s in d.sources if s == CARRYOVER]
    if d.variant.merged_header:
        groups = [("合计", []), ("本年收入", current)] + [("上年结转", [])] * len(carry)
    else:
        groups = [("合计", [])] + [(s, []) for s in current] + [("上年结转", [])] * len(carry)
    order = current + carry

    def values(r: FunctionRow) -> list[int]:
        return [r.total] + [r.by_source(s) for s in order]

    return _function_grid(d, "income", d.functions, groups, values)


RESERVE = "单位预留机动经费"


def _spending_columns(d: Disclosure) -> tuple[list[tuple[str, list[str]]], callable]:
    """The 支出总表's amount columns and each row's values in them: 基本支出 as one column or as
    人员支出 | 公用经费 under a merged header without 小计; a reserve column when there is one."""
    if d.variant.basic_header == "parts":
        groups = [("合计", []), ("基本支出", ["人员支出", "公用经费"]), ("项目支出", [])]

        def values(r: FunctionRow) -> list[int]:
            return [r.total, r.personnel, r.basic - r.personnel, r.project_total]
    else:
        groups = [("合计", []), ("基本支出", []), ("项目支出", [])]

        def values(r: FunctionRow) -> list[int]:
            return [r.total, r.basic, r.project_total]
    if d.reserve:
        return groups + [(RESERVE, [])], lambda r: [*values(r), r.reserve]
    return groups, values


def _expenditure(d: Disclosure) -> Grid:
    groups, values = _spending_columns(d)
    project = 3 if d.variant.basic_header == "parts" else 2
    override = ({project: d.contradiction_delta} if d.variant.contradiction == "expenditure_project_total"
                else {})
    if d.variant.spending_blocks != "none":
        return _expenditure_blocks(d, groups, values, override)
    return _function_grid(d, "expenditure", d.functions, groups, values, override)


def _expenditure_blocks(d: Disclosure, groups, values, total_override: dict[int, int]) -> Grid:
    """深圳 2026: a 预算单位 column; the department's row with its totals (no 合计 row), then for each
    unit a row naming it with its totals and that unit's classes below it."""
    v = d.variant
    code_groups, code_widths = _code_header(v.code_style, 3)
    header, header_rows = _build_header([("预算单位", [])] + code_groups + [("科目名称", [])] + groups)
    n_codes = len(code_widths)
    lead = [""] * (n_codes + 1)
    totals = _sums(d.classes(), values)
    for i, extra in total_override.items():  # a planted contradiction: the department's row misprinted
        totals[i] += extra
    body = [[d.department] + lead + [Amount(x) for x in totals]]
    for index, unit in enumerate(d.units):
        rows = _unit_rows(d.functions, index)
        body.append([unit] + lead + [Amount(x) for x in _sums([r for r in rows if r.level == 1], values)])
        for r in rows:
            body.append([""] + _code_cells(r.code, r.level, v.code_style, v.split_fill, 3)
                        + [_coded_name(r.code, r.name, r.level, v.code_style)] + [Amount(x) for x in values(r)])
    widths = [2.6] + code_widths + [3.2] + [1.4] * (len(body[0]) - n_codes - 2)
    return Grid("expenditure", d.title("expenditure"), v.units["expenditure"], widths, header, header_rows,
                body)


def _sums(rows: list[FunctionRow], values) -> list[int]:
    return [sum(column) for column in zip(*(values(r) for r in rows), strict=True)]


def _unit_rows(functions: list[FunctionRow], unit: int) -> list[FunctionRow]:
    """One 预算单位's share of the rows: its 项 rows and their 款/类 summed over them."""
    leaves = [r for r in functions if r.level == 3 and r.unit == unit]
    out = []
    for r in functions:
        mine = [x for x in leaves if x.code.startswith(r.code)]
        if not mine:
            continue
        if r.level == 3:
            out.append(r)
            continue
        project: dict[str, int] = {}
        for x in mine:
            for source, fen in x.project.items():
                project[source] = project.get(source, 0) + fen
        out.append(FunctionRow(r.code, r.name, r.level, sum(x.basic for x in mine), project,
                               sum(x.reserve for x in mine), sum(x.personnel for x in mine), unit))
    return out


def _by_fund(d: Disclosure, kind: str, source: str, what: str) -> Grid:
    rows = [r for r in d.functions if r.by_source(source)]
    groups = [("合计", []), ("基本支出", []), ("项目支出", [])]

    def values(r: FunctionRow) -> list[int]:
        if source == GENERAL:
            return list(general_values(r))
        return [r.by_source(source), 0, r.by_source(source)]

    if source == GENERAL and d.reserve:
        groups.append((RESERVE, []))
        return _function_grid(d, kind, rows, groups, lambda r: [*values(r), r.reserve],
                              empty_note=_empty_note(d, what))
    return _function_grid(d, kind, rows, groups, values, empty_note=_empty_note(d, what))


def _basic_economic(d: Disclosure) -> Grid:
    v = d.variant
    style = v.economic_style()
    code_groups, code_widths = _code_header(style, 2)
    groups = code_groups + [("科目名称", []), ("合计", []), ("人员经费", []), ("公用经费", [])]
    header, header_rows = _build_header(groups)
    body = [[""] * len(code_widths) + [Name(v.total_label), Amount(d.basic), Amount(d.personnel),
                                        Amount(d.public)]]
    for r in d.economic:
        body.append(_code_cells(r.code, r.level, style, v.split_fill, 2)
                    + [_coded_name(r.code, r.name, r.level, style), Amount(r.amount),
                       Amount(r.amount if r.personnel else 0), Amount(0 if r.personnel else r.amount)])
    return Grid("basic_economic", d.title("basic_economic"), v.units["basic_economic"],
                code_widths + [3.2, 1.4, 1.4, 1.4], header, header_rows, body)


def _sangong(d: Disclosure) -> Grid:
    v, s = d.variant, d.sangong
    total = d.sangong_total + (d.contradiction_delta if v.contradiction == "sangong_total" else 0)
    extra = [("会议费", d.meeting or 0), ("培训费", d.training or 0)] if v.sangong_extra else []
    total += sum(fen for _, fen in extra)  # the table's 合计 holds them (江苏 2018), the 三公 total not
    vehicles = s["公务用车购置费"] + s["公务用车运行维护费"]
    jiguan = d.jiguan_in_sangong_table()
    unit = v.units["sangong"]
    if v.sangong_layout == "list":
        items = [(v.total_label, total), ("因公出国（境）费", s["因公出国（境）费"]),
                 ("公务用车购置及运行费", vehicles), ("其中：公务用车购置费", s["公务用车购置费"]),
                 ("公务用车运行维护费", s["公务用车运行维护费"]), ("公务接待费", s["公务接待费"])]
        items += extra
        if jiguan:
            items.append(("机关运行经费", d.jiguan))
        header, rows = _build_header([("项目", []), ("预算数", [])])
        return Grid("sangong", d.title("sangong"), unit, [3, 1.5], header, rows,
                    [[Name(a), Amount(b)] for a, b in items])
    groups = [("合计", []), ("因公出国（境）费", []),
              ("公务用车购置及运行费", ["小计", "公务用车购置费", "公务用车运行维护费"]), ("公务接待费", [])]
    values = [total, s["因公出国（境）费"], vehicles, s["公务用车购置费"], s["公务用车运行维护费"],
              s["公务接待费"]]
    groups += [(name, []) for name, _ in extra]
    values += [fen for _, fen in extra]
    if jiguan:
        groups.append(("机关运行经费", []))
        values.append(d.jiguan)
    header, rows = _build_header(groups)
    return Grid("sangong", d.title("sangong"), unit, [1.0] * len(values), header, rows,
                [[Amount(x) for x in values]])


def _projects(d: Disclosure) -> Grid:
    v = d.variant
    with_unit = v.merged_header
    groups = [("项目名称", [])] + ([("项目单位", [])] if with_unit else []) + [("合计", [])]
    header, rows = _build_header(groups)
    lead = [d.department] if with_unit else []
    body = [[Name(v.total_label)] + ([""] if with_unit else []) + [Amount(d.project)]]
    body += [[Name(name)] + lead + [Amount(fen)] for name, fen in d.projects]
    widths = [3.5] + ([2.5] if with_unit else []) + [1.4]
    return Grid("projects", d.title("projects"), v.units["projects"], widths, header, rows, body)


def _indicator_grid(d: Disclosure, kind: str, indicators: list[Indicator]) -> Grid:
    v = d.variant
    if v.operator_style == "split":
        names = ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重"]
        widths = [1.2, 1.5, 2.6, 0.9, 1.0, 0.9, 0.7]
    else:
        names = ["一级指标", "二级指标", "三级指标", "指标值", "权重"]
        widths = [1.2, 1.5, 2.8, 1.4, 0.7]
    header, rows = _build_header([(n, []) for n in names])
    body, merges = [], []
    for i, ind in enumerate(indicators):
        prev = indicators[i - 1] if i else None
        first1 = prev is None or prev.level1 != ind.level1
        first2 = first1 or prev.level2 != ind.level2
        cells = [ind.level1 if first1 else "", ind.level2 if first2 else "", ind.level3]
        if v.operator_style == "split":
            cells += [ind.operator, ind.target_text, ind.unit, str(ind.weight)]
        else:
            op = "" if ind.operator == "定性" else ind.operator
            cells += [f"{op}{ind.target_text}{ind.unit}", str(ind.weight)]
        body.append(cells)
    for col in (0, 1):  # vertical groups of equal level1 / level2 cells
        start = 0
        for i in range(1, len(body) + 1):
            if i == len(body) or body[i][col] or (col == 1 and body[i][0]):
                if i - 1 > start:
                    merges.append((start, i - 1, col))
                start = i
    unit = v.units[kind]
    return Grid(kind, d.title(kind), unit, widths, header, rows, body, group_merges=merges)


def table_grids(d: Disclosure) -> list[Grid]:
    """Every table the document shows, in national order (project targets: one grid per project)."""
    status = d.table_status()
    builders = {
        "overview": lambda: [_overview(d)],
        "income": lambda: [_income(d)],
        "expenditure": lambda: [_expenditure(d)],
        "fiscal_overview": lambda: [_fiscal_overview(d)],
        "general_expenditure": lambda: [_by_fund(d, "general_expenditure", GENERAL, "一般公共预算支出")],
        "basic_economic": lambda: [_basic_economic(d)],
        "sangong": lambda: [_sangong(d)],
        "fund_expenditure": lambda: [_by_fund(d, "fund_expenditure", FUND, "政府性基金预算支出")],
        "state_capital_expenditure": lambda: [_by_fund(d, "state_capital_expenditure", "国有资本",
                                                        "国有资本经营预算支出")],
        "projects": lambda: [_projects(d)],
        "dept_performance": lambda: [_indicator_grid(
            d, "dept_performance", [i for i in d.indicators if i.project_name == DEPARTMENT_WIDE])],
        "project_performance": lambda: [_project_target(d, name, fen) for name, fen in d.projects],
    }
    out: list[Grid] = []
    for kind in TABLE_KINDS:
        if status[kind] != "absent":
            out += builders[kind]()
    return out


def _project_target(d: Disclosure, name: str, fen: int) -> Grid:
    grid = _indicator_grid(d, "project_performance",
                           [i for i in d.indicators if i.project_name == name])
    grid.head_block = [("项目名称", name), ("主管部门", d.department), ("资金总额", Amount(fen)),
                       ("年度目标", d.project_goals[name])]
    return grid


def explanatory_text(d: Disclosure) -> list[str]:
    """The 情况说明 paragraphs (prior-year, 三公 and 机关运行经费 sentences)."""
    q = WAN // 100 if "万元" in d.variant.units.values() else 1

    def money(fen: int) -> str:
        return _money_text(fen, q, d.variant.thousands)

    s = d.sangong
    paragraphs = [
        f"{d.department}{d.year}年{d.edition}预算包括{d.edition}本级及所属单位的收支预算。"
        f"按照预算公开的有关要求，现将{d.year}年{d.edition}预算情况说明如下。",
        "一、收支预算总体情况。" + d.prior_year[0].sentence + d.prior_year[1].sentence
        + f"其中基本支出{money(d.basic)}，项目支出{money(d.project)}。",
        "二、“三公”经费预算情况。" + d.prior_year[2].sentence
        + f"其中：因公出国（境）费{money(s['因公出国（境）费'])}，公务用车购置费{money(s['公务用车购置费'])}，"
        f"公务用车运行维护费{money(s['公务用车运行维护费'])}，公务接待费{money(s['公务接待费'])}。",
    ]
    if d.jiguan is not None:
        paragraphs.append(f"三、机关运行经费情况。{d.year}年机关运行经费预算为{money(d.jiguan)}，"
                          "主要用于办公费、水电费、差旅费等日常公用支出。")
    return paragraphs
