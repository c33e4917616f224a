"""Region, department, edition (部门/单位) and year, read from the document itself."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from reader.cells import squash
from reader.rows import Row

# "开江县惠民帮扶中心2024年部门预算"; the year may lack 年 ("中共梧州市委政策研究室 2023 部门预算",
# docs/real_layouts.md §4)
_COVER = re.compile(r"^(?P<dept>.{2,40}?)(?P<year>20\d{2})(?:年度?|-度)?(?P<edition>部门|单位)(?:预算|预算信息公开|预算公开)")
_YEAR_LINES = (
    re.compile(r"预算年度[:：]?(20\d{2})"),
    re.compile(r"^[（(](20\d{2})年度?[）)]$"),  # "(2024年度)" under a table title
    re.compile(r"(20\d{2})年(?:度)?(?:部门|单位)(?:预算|整体)"),
    re.compile(r"(20\d{2})(?:年|-度).{0,30}(?:预算|绩效目标)"),  # "台创园2017-度部门“三公”经费预算情况表"
)
_DEPT_LABEL = re.compile(r"(?:编制(?:部门|单位)|预算单位|部门名称|单位名称|主管部门)[:：](?P<name>[^\s　]{2,40})")
# a label cell with the name in the next cell: "部门(单位)名称⇥⇥中国共产党和政县委员会组织部"
_DEPT_CELL = re.compile(r"^(?:部门[（(]单位[）)]名称|部门名称|单位名称|预算单位|编制(?:部门|单位))[:：]?$")
_CODED_UNIT = re.compile(r"^\d{6}-(\D{2,30}(?:委员会|委|局|部|办公室|院|中心|会|站|所|队|馆|学校|处|政府)"
                         r"(?:[（(]本级[）)])?)$")
_CODE_PREFIX = re.compile(r"^[0-9A-Za-z]+[-－—_\s]*")
_REGION = re.compile(
    r"(?:中共|中国共产党)?(?P<region>(?:[\u4e00-\u9fff]{2,8}?(?:省|自治区))?(?:[\u4e00-\u9fff]{2,8}?(?:市|自治州|地区|盟))?"
    r"[\u4e00-\u9fff]{1,10}?(?:自治县|自治旗|县|区|旗|市))"
)


@dataclass(frozen=True)
class Meta:
    region: str | None
    department: str | None
    edition: str  # 部门 or 单位
    year: int | None
    department_row: Row | None = None
    year_row: Row | None = None


def read_meta(rows: tuple[Row, ...] | list[Row]) -> Meta:
    year = year_row = dept = dept_row = None
    edition_votes: Counter[str] = Counter()
    dept_votes: Counter[str] = Counter()
    first_dept_row: dict[str, Row] = {}
    for row in rows:
        text = squash(" ".join(row.nonempty()))
        if not text:
            continue
        cover = _COVER.match(text)
        if cover and dept is None:
            dept, dept_row = _clean(cover.group("dept")), row
            year, year_row = int(cover.group("year")), row
            edition_votes[cover.group("edition")] += 3
        cells = row.nonempty()
        for cell in cells:  # 单位名称 column of a flat table: "707001-中共湟源县委组织部（本级）"
            coded = _CODED_UNIT.match(squash(cell))
            if coded:
                dept_votes[_clean(coded.group(1))] += 1
                first_dept_row.setdefault(_clean(coded.group(1)), row)
        if (len(cells) >= 2 and _DEPT_CELL.match(squash(cells[0])) and not re.search(r"\d", cells[1][-2:])
                and "名称" not in cells[1]):
            name = _clean(cells[1])
            dept_votes[name] += 1
            first_dept_row.setdefault(name, row)
            edition_votes["单位" if "单位" in cells[0] and "部门" not in cells[0] else "部门"] += 1
        for cell in cells:
            label = _DEPT_LABEL.search(squash(cell))
            if label:
                name = _clean(label.group("name"))
                dept_votes[name] += 1
                first_dept_row.setdefault(name, row)
                edition_votes["单位" if "编制单位" in cell or "单位名称" in cell else "部门"] += 1
        if year is None:
            for pattern in _YEAR_LINES:
                match = pattern.search(text)
                if match:
                    year, year_row = int(match.group(1)), row
                    break
        if "单位预算" in text:
            edition_votes["单位"] += 1
        elif "部门预算" in text:
            edition_votes["部门"] += 1
    if dept is None and dept_votes:
        dept = dept_votes.most_common(1)[0][0]
        dept_row = first_dept_row[dept]
    edition = "单位" if edition_votes["单位"] > edition_votes["部门"] else "部门"
    return Meta(region=region_of(dept) if dept else None, department=dept, edition=edition,
                year=year, department_row=dept_row, year_row=year_row)


def region_of(department: str) -> str | None:
    """'中共青龙满族自治县委员会组织部' -> '青龙满族自治县'; '上海市普陀区财政局' -> '上海市普陀区'."""
    match = _REGION.match(department)
    return match.group("region") if match else None


def _clean(name: str) -> str:
    name = _CODE_PREFIX.sub("", squash(name)) if re.match(r"^[0-9A-Za-z]", name) else squash(name)
    while name and name[-1] in "）)" and name.count("（") + name.count("(") < name.count("）") + name.count(")"):
        name = name[:-1]
    while name and name[0] in "（(" and name.count("（") + name.count("(") > name.count("）") + name.count(")"):
        name = name[1:]
    return name
