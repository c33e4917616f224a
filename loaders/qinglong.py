"""Layout parser: 青龙满族自治县 部门预算公开 (中共青龙满族自治县委员会组织部, 2023).

The document is the Hebei county template: nine numbered budget tables
(收支总表 … "三公"经费支出表) whose page headers ("203 <单位>", 预算年度,
单位：万元, the header rows and the 栏次 row) repeat mid-table, an
explanation text, and one 绩效目标表 per project with six columns
(一级/二级/三级指标, 绩效指标描述, 指标值, 指标值确定依据) and no amounts.
Blank cells in the budget tables mean zero.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from loaders.contract import INCOME_SOURCES, SANGONG_ITEMS, ParsedDocument
from loaders.errors import SourceFormatError
from loaders.hierarchy import economic_level, function_level, is_class_code, parent_code
from loaders.indicators import indicator_row
from loaders.numbers import parse_amount, split_cells
from loaders.source import SourceText

# Sections in document order: (key, how its title line reads).
_SECTIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
    for key, pattern in (
        ("overview", r"^部门预算收支总表$"),
        ("income", r"^部门预算收入总表$"),
        ("spending", r"^部门预算支出总表$"),
        ("fiscal", r"^部门预算财政拨款收支总表$"),
        ("general", r"^部门预算一般公共预算财政拨款支出表$"),
        ("basic", r"^部门预算一般公共预算财政拨款基本支出表$"),
        ("fund", r"^部门预算政府基金预算财政拨款支出表$"),
        ("soe", r"^部门预算国有资本经营预算财政拨款支出表$"),
        ("sangong", r"^部门预算财政拨款“三公”经费支出表$"),
        ("text", r"^\S.*\d{4}\s*年部门预算信息公开情况说明$"),
        ("projects", r"^第三部分\s*预算项目绩效目标$"),
        ("procurement", r"^六、政府采购预算情况$"),
    )
)
_NUMERAL_PREFIX = re.compile(r"^[一二三四五六七八九十]+、")
_UNIT_HEADER = re.compile(r"^\d{3}\s+(\S.*)$")
_YEAR = re.compile(r"预算年度：\s*(\d{4})")
_PROJECT_TITLE = re.compile(r"^(\d+)、(.+)$")
_TABLE_SUFFIX = "绩效目标表"
_INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标")
_PLAN_YEAR = re.compile(r"(20\d{2})\s*年?\s*工作计划")
_SIGNED = {"增加": 1.0, "减少": -1.0}

Section = tuple[int, int]  # first line (the title), last line, 1-based inclusive


def parse(source: SourceText) -> ParsedDocument:
    sections = _find_sections(source)
    department, year = _read_header(source, sections["overview"])
    doc = ParsedDocument(department=department, year=year)

    overview = _read_overview(source, sections["overview"])
    spending = _coded_rows(source, sections["spending"], width=9)
    basic = _coded_rows(source, sections["basic"], width=6)
    sangong = _read_sangong(source, sections["sangong"])
    text = _read_text(source, sections["text"])

    total_row = _total_row(source, sections["spending"], spending)
    basic_total = _total_row(source, sections["basic"], basic)
    doc.summary = [
        _metric("收入合计", overview["收入总计"]),
        _metric("支出合计", (total_row[3], total_row[0])),
        _metric("基本支出", (total_row[4], total_row[0])),
        _metric("项目支出", (total_row[5], total_row[0])),
        _metric("人员经费", (basic_total[4], basic_total[0])),
        _metric("公用经费", (basic_total[5], basic_total[0])),
        _metric("上年结转", overview["上年结转结余"]),
        _metric("三公经费合计", sangong["total"]),
        _metric("机关运行经费", text["机关运行经费"]),
    ]
    doc.income = overview["income"]
    doc.expenditure_function = [
        {"code": r[1], "name": r[2], "level": function_level(r[1]), "parent_code": parent_code(r[1]),
         "total_wan": r[3], "basic_wan": r[4], "project_wan": r[5], "line": r[0]}
        for r in spending if r[1]
    ]
    doc.expenditure_economic = [
        {"code": r[1], "name": r[2], "level": economic_level(r[1]),
         "parent_code": parent_code(r[1]), "total_wan": r[3], "personnel_wan": r[4],
         "public_wan": r[5], "line": r[0]}
        for r in basic if r[1]
    ]
    doc.sangong = sangong["items"]
    doc.projects, doc.indicators = _read_projects(source, sections["projects"], year)
    doc.prior_year = _prior_year(text, doc.summary, sangong)
    doc.extra_checks = _extra_checks(source, sections, overview, spending, basic, sangong, text)
    doc.extra_checks.append(_prior_year_check(doc.prior_year))
    return doc


# --- sections and table rows -------------------------------------------------

def _find_sections(source: SourceText) -> dict[str, Section]:
    starts: dict[str, int] = {}
    cursor = 1
    for key, pattern in _SECTIONS:
        found = next((n for n in range(cursor, len(source.lines) + 1)
                      if pattern.match(source.line(n).strip())), None)
        if found is None:
            raise SourceFormatError(source.name, cursor,
                                    f"expected section {pattern.pattern!r} after this line; not found")
        starts[key] = cursor = found
    keys = [key for key, _ in _SECTIONS]
    ends = [starts[k] - 1 for k in keys[1:]] + [len(source.lines)]
    return {key: (starts[key], end) for key, end in zip(keys, ends, strict=True)}


def _read_header(source: SourceText, section: Section) -> tuple[str, int]:
    department = year = None
    for n in range(section[0], section[1] + 1):
        text = source.line(n).strip()
        if department is None and (m := _UNIT_HEADER.match(text)):
            department = m.group(1).strip()
        if year is None and (m := _YEAR.search(text)):
            year = int(m.group(1))
    if department is None or year is None:
        raise SourceFormatError(source.name, section[0], "no '<code> <单位>' or 预算年度 line under 收支总表")
    return department, year


def _table_rows(source: SourceText, section: Section) -> Iterator[tuple[int, list[str]]]:
    """Data rows of a budget table: those whose first cell is the 序号.

    Repeated page headers, header rows and the 栏次 row never start with a
    bare number, so they drop out; the 序号 must run 1, 2, 3 … unbroken.
    """
    expected = 1
    for n in range(section[0] + 1, section[1] + 1):
        cells = split_cells(source.line(n))
        if not cells[0].isdigit():
            continue
        if int(cells[0]) != expected:
            raise SourceFormatError(source.name, n, f"序号 {cells[0]} where {expected} was expected")
        expected += 1
        yield n, cells


def _amount(source: SourceText, line: int, cell: str) -> float:
    try:
        value = parse_amount(cell)
    except ValueError as exc:
        raise SourceFormatError(source.name, line, str(exc)) from exc
    return 0.0 if value is None else value


def _coded_rows(source: SourceText, section: Section, width: int) -> list[tuple]:
    """(line, code, name, amount, amount, …) for a 科目编码/科目名称 table.

    The 合计 row has an empty code. ``width`` is the number of cells a row has.
    """
    rows = []
    for n, cells in _table_rows(source, section):
        if len(cells) != width:
            raise SourceFormatError(source.name, n, f"expected {width} cells, found {len(cells)}")
        code, name = cells[1], cells[2]
        if code and not is_class_code(code):
            raise SourceFormatError(source.name, n, f"not a class code: {code!r}")
        if not code and name != "合计":
            raise SourceFormatError(source.name, n, f"row without a code: {name!r}")
        rows.append((n, code, name, *(_amount(source, n, c) for c in cells[3:])))
    if not rows:
        raise SourceFormatError(source.name, section[0], "table has no rows")
    return rows


def _total_row(source: SourceText, section: Section, rows: list[tuple]) -> tuple:
    totals = [r for r in rows if not r[1]]
    if len(totals) != 1:
        raise SourceFormatError(source.name, section[0], f"expected one 合计 row, found {len(totals)}")
    return totals[0]


def _metric(metric: str, value_line: tuple[float, int]) -> dict:
    return {"metric": metric, "amount_wan": value_line[0], "line": value_line[1]}


# --- 收支总表 ------------------------------------------------------------------

def _read_overview(source: SourceText, section: Section) -> dict:
    """Income sources (left half) and stated totals of the 收支总表."""
    out: dict = {"income": [], "classes": []}
    for n, cells in _table_rows(source, section):
        if len(cells) != 5:
            raise SourceFormatError(source.name, n, f"expected 5 cells, found {len(cells)}")
        left, right = _NUMERAL_PREFIX.sub("", cells[1]), _NUMERAL_PREFIX.sub("", cells[3])
        left_amount, right_amount = _amount(source, n, cells[2]), _amount(source, n, cells[4])
        if left in ("本年收入合计", "收入总计"):
            out[left] = (left_amount, n)
        elif left:
            if left not in INCOME_SOURCES:
                raise SourceFormatError(source.name, n, f"unknown income source {left!r}")
            if left == "上年结转结余":
                out[left] = (left_amount, n)
            if cells[2]:
                out["income"].append({"source": left, "amount_wan": left_amount, "line": n})
        if right in ("本年支出合计", "支出总计", "年终结转结余"):
            out[right] = (right_amount, n)
        elif right and cells[4]:
            out["classes"].append((right_amount, n))
    for key in ("本年收入合计", "收入总计", "上年结转结余", "本年支出合计", "支出总计"):
        if key not in out:
            raise SourceFormatError(source.name, section[1], f"收支总表 has no {key} row")
    return out


# --- "三公"经费表 --------------------------------------------------------------

def _read_sangong(source: SourceText, section: Section) -> dict:
    items: dict[str, dict] = {}
    total = None
    general = None
    for n, cells in _table_rows(source, section):
        if len(cells) != 6:
            raise SourceFormatError(source.name, n, f"expected 6 cells, found {len(cells)}")
        name = _NUMERAL_PREFIX.sub("", cells[1]).removeprefix("其中：")
        if name == "“三公”经费":
            total = (_amount(source, n, cells[2]), n)
        elif name in SANGONG_ITEMS:
            items[name] = {"item": name, "amount_wan": _amount(source, n, cells[2]), "line": n}
        if name == "公务用车运行维护费":
            general = (_amount(source, n, cells[3]), n)
    missing = [item for item in SANGONG_ITEMS if item not in items]
    if total is None or missing:
        raise SourceFormatError(source.name, section[1], f"三公表 lacks {missing or '“三公”经费 total'}")
    return {"total": total, "items": [items[i] for i in SANGONG_ITEMS], "car_general": general}


# --- explanation text ------------------------------------------------------------

_TEXT_PATTERNS = {
    "收入说明": re.compile(r"预算收入\s*([\d.]+)\s*万元，其中：一般公共预算收入\s*([\d.]+)\s*万元，"
                       r"基金预算收入\s*([\d.]+)\s*万元.*上年结转结余\s*([\d.]+)\s*万元"),
    "一般公共预算支出": re.compile(r"一般公共预算财政拨款支出\s*([\d.]+)\s*万元"),
    "比上年": re.compile(r"预算收支安排\s*([\d.]+)\s*万元，较\s*(\d{4})\s*年预算(增加|减少)\s*([\d.]+)\s*万元"),
    "机关运行经费": re.compile(r"机关运行经费共计安排\s*([\d.]+)\s*万元"),
    "三公": re.compile(r"“三公”经费预算安排\s*([\d.]+)\s*万元，其中因公出国（境）费\s*([\d.]+)\s*万元，同比无变化"
                     r".*?公务用车购置及运行维护费\s*([\d.]+)\s*万元.*?比上年预算(增加|减少)\s*([\d.]+)\s*万元"
                     r".*?公务接待费\s*([\d.]+)\s*万元"),
}

_CHANGE_PATTERNS = {
    "基本支出变化": re.compile(r"基本支出(增加|减少)\s*([\d.]+)\s*万元"),
    "项目支出变化": re.compile(r"项目支出(增加|减少)\s*([\d.]+)\s*万元"),
}


def _read_text(source: SourceText, section: Section) -> dict:
    """Each stated figure of the explanation: {key: (match, line)}."""
    found: dict = {}
    for n in range(section[0], section[1] + 1):
        text = source.line(n)
        for key, pattern in _TEXT_PATTERNS.items():
            if key not in found and (m := pattern.search(text)):
                found[key] = (m, n)
    missing = [key for key in _TEXT_PATTERNS if key not in found]
    if missing:
        raise SourceFormatError(source.name, section[0], f"explanation text lacks {missing}")
    # 基本/项目支出 changes must come from the 比上年增减 sentence itself.
    change_line = found["比上年"][1]
    for key, pattern in _CHANGE_PATTERNS.items():
        m = pattern.search(source.line(change_line))
        if m is None:
            raise SourceFormatError(source.name, change_line, f"比上年增减 sentence lacks {key}")
        found[key] = (m, change_line)
    found["机关运行经费"] = (float(found["机关运行经费"][0].group(1)), found["机关运行经费"][1])
    return found


def _prior_year(text: dict, summary: list[dict], sangong: dict) -> list[dict]:
    current = {row["metric"]: row["amount_wan"] for row in summary}
    match, line = text["比上年"]
    stated_total, prior, sign, delta = (float(match.group(1)), int(match.group(2)),
                                        _SIGNED[match.group(3)], float(match.group(4)))
    basis = match.group(0)
    rows = [
        # 收支安排 is the balanced 收入总计 = 支出总计, so the change applies to both.
        {"metric": "收入合计", "amount_wan": round(stated_total - sign * delta, 2), "basis": basis, "line": line},
        {"metric": "支出合计", "amount_wan": round(stated_total - sign * delta, 2), "basis": basis, "line": line},
    ]
    for key, metric in (("基本支出变化", "基本支出"), ("项目支出变化", "项目支出")):
        m, n = text[key]
        rows.append({"metric": metric,
                     "amount_wan": round(current[metric] - _SIGNED[m.group(1)] * float(m.group(2)), 2),
                     "basis": f"较 {prior} 年预算：{m.group(0)}", "line": n})
    # 三公: 因公出国 "同比无变化"; 公务用车购置及运行维护费 "比上年预算减少 3 万元"; 公务接待费
    # states no comparison and is taken as unchanged (0 in both years).
    m, n = text["三公"]
    car_sign, car_delta = _SIGNED[m.group(4)], float(m.group(5))
    rows.append({"metric": "三公经费合计",
                 "amount_wan": round(sangong["total"][0] - car_sign * car_delta, 2),
                 "basis": f"公务用车购置及运行维护费 {m.group(3)} 万元…比上年预算{m.group(4)} {m.group(5)} 万元"
                          "（因公出国（境）费同比无变化）",
                 "line": n})
    return rows


# --- 绩效目标表 -----------------------------------------------------------------

def _project_titles(source: SourceText, section: Section) -> list[tuple[int, str, int]]:
    """(title line, project name, first line of the table body) per 绩效目标表."""
    titles = []
    n = section[0] + 1
    while n <= section[1]:
        text = source.line(n).strip()
        m = _PROJECT_TITLE.match(text) if "\t" not in source.line(n) else None
        if m:
            if int(m.group(1)) != len(titles) + 1:
                raise SourceFormatError(source.name, n, f"project table {m.group(1)} out of sequence")
            name, body = m.group(2).strip(), n + 1
            if not name.endswith(_TABLE_SUFFIX):
                # Long titles wrap: "…（冀财行[2021]97 号）" / "绩效目标表" on its own line.
                follow = next((k for k in range(n + 1, section[1] + 1) if source.line(k).strip()), None)
                if follow is None or source.line(follow).strip() != _TABLE_SUFFIX:
                    raise SourceFormatError(source.name, n, "project title without 绩效目标表")
                body = follow + 1
            titles.append((n, name.removesuffix(_TABLE_SUFFIX).strip(), body))
            n = body
            continue
        n += 1
    if not titles:
        raise SourceFormatError(source.name, section[0], "no 绩效目标表 found")
    return titles


def _indicator_cells(source: SourceText, start: int, end: int) -> Iterator[tuple[int, list[str]]]:
    """Indicator rows of one table as (line, six cells), fragments dropped."""
    for n in range(start, end + 1):
        raw = source.line(n)
        if not raw.strip() or raw.startswith("绩效目标"):
            continue
        cells = split_cells(raw)
        if tuple(cells[:3]) == _INDICATOR_HEADER:
            continue
        if len(cells) != 6:
            raise SourceFormatError(source.name, n, f"indicator row with {len(cells)} cells, expected 6")
        if cells[0] and cells[4] and not cells[5]:
            # Extraction lost the (empty, merged) 一级 cell: "成本指标⇥人才下乡⇥…⇥4 万元⇥2023 工作计划⇥".
            cells = ["", *cells[:5]]
        if not any(cells[:3]):
            if cells[4] and not _duplicates_next(source, n, end, cells):
                raise SourceFormatError(source.name, n, "indicator row without 一/二/三级指标")
            continue  # a description or basis wrapped over a page break, or a duplicated cell
        if not cells[2] or not cells[4]:
            raise SourceFormatError(source.name, n, "indicator row without 三级指标 or 指标值")
        yield n, cells


def _duplicates_next(source: SourceText, line: int, end: int, cells: list[str]) -> bool:
    """True if the next non-blank row repeats this row's description and target.

    Line 845 ("⇥⇥⇥正常离任村干部对生活补贴发放满意度⇥≥90%⇥…") is the 满意度 row below it
    extracted twice; it is not an indicator of its own.
    """
    follow = next((k for k in range(line + 1, end + 1) if source.line(k).strip()), None)
    if follow is None:
        return False
    nxt = split_cells(source.line(follow))
    return len(nxt) == 6 and nxt[3:5] == cells[3:5]


def _plan_year(rows: list[tuple[int, list[str]]]) -> int | None:
    """Majority year of the 工作计划 bases; a tie goes to the later year."""
    years = Counter(int(m.group(1)) for _, cells in rows if (m := _PLAN_YEAR.search(cells[5])))
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def _read_projects(source: SourceText, section: Section, year: int) -> tuple[list[dict], list[dict]]:
    titles = _project_titles(source, section)
    projects: list[dict] = []
    indicators: list[dict] = []
    for index, (line, name, body) in enumerate(titles):
        end = titles[index + 1][0] - 1 if index + 1 < len(titles) else section[1]
        rows = list(_indicator_cells(source, body, end))
        if not rows:
            raise SourceFormatError(source.name, line, f"绩效目标表 {name!r} has no indicator rows")
        plan_year = _plan_year(rows)
        current = plan_year is None or plan_year >= year
        projects.append({"project_code": None, "project_name": name, "category": None,
                         "amount_wan": None, "plan_year": plan_year, "current": current, "line": line})
        level1 = ""
        for n, cells in rows:
            level1 = cells[0] or level1
            indicators.append(_indicator(name, level1, cells, n, plan_year, current))
    return projects, indicators


def _indicator(name: str, level1: str, cells: list[str], line: int, plan_year: int | None,
               current: bool) -> dict:
    # deadlines such as "10月1日前" are read as qualitative by numbers.parse_target
    return indicator_row(project_name=name, scope="项目", level1=level1, level2=cells[1],
                         level3=cells[2], target=cells[4], line=line, plan_year=plan_year,
                         current=current)


# --- county-specific reconciliations ----------------------------------------------

def _check(check: str, stated: tuple[float, int], parts: list[tuple[float, int]]) -> dict:
    return {"check": check, "stated_wan": stated[0], "computed_wan": round(sum(p[0] for p in parts), 2),
            "stated_line": stated[1], "computed_lines": [p[1] for p in parts]}


def _extra_checks(source: SourceText, sections: dict[str, Section], overview: dict,
                  spending: list[tuple], basic: list[tuple], sangong: dict, text: dict) -> list[dict]:
    checks = []
    current_income = [(r["amount_wan"], r["line"]) for r in overview["income"] if r["source"] != "上年结转结余"]
    checks.append(_check("收支总表: 本年收入各项之和 = 本年收入合计", overview["本年收入合计"], current_income))
    checks.append(_check("收支总表: 支出功能类之和 = 本年支出合计", overview["本年支出合计"], overview["classes"]))

    spending_total = next(r for r in spending if not r[1])
    income_rows = _coded_rows(source, sections["income"], width=13)
    income_total = next(r for r in income_rows if not r[1])
    checks.append(_check("收入总表 合计 = 支出总表 合计", (income_total[3], income_total[0]),
                         [(spending_total[3], spending_total[0])]))
    checks.append(_check("收入总表 上年结转 = 收支总表 上年结转结余", overview["上年结转结余"],
                         [(income_total[-1], income_total[0])]))

    fiscal = _fiscal_totals(source, sections["fiscal"])
    checks.append(_check("财政拨款收支总表 本年支出合计 = 支出总表 合计", fiscal["total"],
                         [(spending_total[3], spending_total[0])]))
    checks.append(_check("财政拨款收支总表: 一般公共预算 + 政府性基金 = 本年支出合计", fiscal["total"],
                         [fiscal["general"], fiscal["fund"]]))

    general = _coded_rows(source, sections["general"], width=6)
    general_total = next(r for r in general if not r[1])
    classes = [(r[3], r[0]) for r in general if len(r[1]) == 3]
    checks.append(_check("一般公共预算支出表: 类之和 = 合计", (general_total[3], general_total[0]), classes))
    checks.append(_check("一般公共预算支出表 合计 = 财政拨款收支总表 一般公共预算", fiscal["general"],
                         [(general_total[3], general_total[0])]))
    fund = _coded_rows(source, sections["fund"], width=6)
    fund_total = next(r for r in fund if not r[1])
    checks.append(_check("一般公共预算项目支出 + 政府性基金项目支出 = 支出总表 项目支出",
                         (spending_total[5], spending_total[0]),
                         [(general_total[5], general_total[0]), (fund_total[5], fund_total[0])]))

    m, n = text["一般公共预算支出"]
    checks.append(_check("说明 一般公共预算财政拨款支出 = 一般公共预算支出表 合计", (float(m.group(1)), n),
                         [(general_total[3], general_total[0])]))
    m, n = text["收入说明"]
    checks.append(_check("说明 收入 = 收支总表 收入总计", (float(m.group(1)), n), [overview["收入总计"]]))
    car = [(r[3], r[0]) for r in basic if r[1] == "30231"]
    if sangong["car_general"] is not None and car:
        checks.append(_check("三公表 公务用车运行维护费(一般公共预算) = 基本支出表 30231",
                             sangong["car_general"], car))
    m, n = text["三公"]
    checks.append(_check("说明 三公经费 = 三公表 “三公”经费", (float(m.group(1)), n), [sangong["total"]]))
    return checks


def _prior_year_check(prior: list[dict]) -> dict:
    """The three changes stated on the 比上年增减 line must agree with each other."""
    by_metric = {row["metric"]: (row["amount_wan"], row["line"]) for row in prior}
    return _check("上年: 基本支出 + 项目支出 = 支出合计（由增减额推算）", by_metric["支出合计"],
                  [by_metric["基本支出"], by_metric["项目支出"]])


def _fiscal_totals(source: SourceText, section: Section) -> dict:
    """本年支出合计 of the 财政拨款收支总表 and its two fund columns."""
    for n, cells in _table_rows(source, section):
        if len(cells) == 8 and cells[3] == "本年支出合计":
            return {"total": (_amount(source, n, cells[4]), n),
                    "general": (_amount(source, n, cells[5]), n),
                    "fund": (_amount(source, n, cells[6]), n)}
    raise SourceFormatError(source.name, section[0], "财政拨款收支总表 has no 本年支出合计 row")
