"""Region, department, edition (部门/单位) and year, read from the document itself.

The department is chosen by vote among candidates that look like an organisation's name:
the cover (the first page before 目录: "湖州市卫生健康委员会 / 2026年部门预算", a title broken
over lines), label lines ("编制单位：…", "部门：" with the name in the next cell or row,
"单位名称：…", "341-湖州市财政局") and title or prose lines naming it beside the year
("江苏省政协办公厅2019年度收入、支出预算总计…"). A candidate must end in an organisation's
suffix (局, 委员会, 办公厅, 院, 学校, 中心 …), so section headings ("第二部分", "二、") and sentence
fragments ("财政厅关于编制省级") never win.

The region comes from the department's name at any level (county, city, province,
municipality; a 国家/中央 department is "中央"), else from a title line naming the region alone
("上海市2026年市级单位预算", "江苏省2018年度省级部门预算公开报表").
"""

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
# labels that tell the edition: "单位名称" for a 单位预算, "部门名称" for a 部门预算
_EDITION_LABEL = re.compile(r"(编制(?:部门|单位)|预算单位|部门名称|单位名称|主管部门)[:：][^\s　]{2,40}")
_EDITION_CELL = re.compile(r"^(?:部门[（(]单位[）)]名称|部门名称|单位名称|预算单位|编制(?:部门|单位))[:：]?$")

# ------------------------------------------------------------------ where a department is named

_LABEL_WORDS = r"编制(?:部门|单位)|预算(?:部门|单位)|部门[（(]单位[）)]名称|部门名称|单位名称|填报单位(?:[（(]盖章[）)])?"
# "编制单位：上海市财政局", "部门:中共江苏省委办公厅", "单位：无锡市教育局（本级）" ("单位：万元" is no organisation);
# cells are read without spaces, so a name ends where the next label begins ("部门：无锡市水利局单位：万元")
_LABEL = re.compile(rf"(?:(?P<long>{_LABEL_WORDS})|^(?P<short>主管部门|部门|单位))[:：]"
                    r"(?P<name>[^:：]{2,40}?)(?=(?:金额|计量)?单位[:：]|(?:日期|时间|年度)[:：]|[:：]|$)")
# a label cell with the name in the next cell or on the next row: "部门：⇥江苏省人大常委会办公厅⇥单位：万元"
_LABEL_CELL = re.compile(rf"^(?:(?:{_LABEL_WORDS})[:：]?|(?:主管部门|部门|单位)[:：])$")
# 单位名称 column or table header with a budget code: "707001-中共湟源县委组织部（本级）", "341-湖州市财政局"
_CODED = re.compile(r"^\d{3,9}\s*[-－—]\s*(?P<name>\D{2,40})$")
_TABLE_WORDS = (r"(?P<edition>部门|单位)?(?:汇总)?(?:预算|收支|收入|支出|财政拨款|一般公共|政府性基金|国有资本|“三公”|\"三公\"|三公|"
                r"机关运行|政府采购|项目支出|基本支出|绩效|决算)")
# "湖州市财政局2026年部门预算", "江苏省政协办公厅2019年度收入、支出预算总计…"
_NAME_THEN_YEAR = re.compile(rf"^(?P<name>.{{2,40}}?)(?P<year>20\d{{2}})(?:年度?|-度)?{_TABLE_WORDS}")
# "2026年深圳市公安局（本级）部门预算", "2018年度江苏省高级人民法院收支预算总表"
_YEAR_THEN_NAME = re.compile(rf"^(?P<year>20\d{{2}})(?:年度?|-度)(?P<name>.{{2,40}}?){_TABLE_WORDS}")
# "上海市2026年市级单位预算", "江苏省省级部门预算": a region without a department
_LEVEL = r"(?:省级|市级|区级|县级|州级|旗级|盟级|[省市区县]本级|本级)"
_REGION_TITLE = re.compile(rf"^(?P<region>.{{2,30}}?)(?:(?P<year>20\d{{2}})(?:年度?|-度)?)?{_LEVEL}?(?P<edition>部门|单位)"
                           r"(?:汇总)?预算")

# numbering and lead words before a name: "第二部分", "一、", "（一）", "1.", "附件：", "关于"
_LEAD = re.compile(r"^(?:第[一二三四五六七八九十\d]+部分|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|"
                   r"\d+[、.．]|附件\d*[:：]?|附表\d*[:：]?|关于)+")
# words that follow a name in titles and sentences: "深圳市公安局（本级）纳入…", "北京市教育委员会部门"
_TRAIL = re.compile(r"(?:纳入|关于|部门预算|单位预算|部门|单位|预算|汇总)+$")
_QUALIFIER = re.compile(r"[（(](?:本级|汇总|机关本级)[）)]$|本级$")
_ORG_SUFFIX = re.compile(
    r"(?:局|委员会|委|办公厅|办公室|厅|法院|检察院|院|学校|学院|大学|中学|小学|幼儿园|中心|部|署|处|所|站|队|馆|团|会|"
    r"室|办事处|办|政府|政协|联|社|台|场|宫|监狱|组)$"
)
# not an organisation however it ends: sentences, table words, generic references ("本部门", "各单位")
_NOT_NAME = re.compile(r"[\d，。；：:、“”\"《》_=+%,.;]|公开|情况|说明|关于|编制|纳入|根据|按照|合计|总计|万元|表$|^第.{1,3}部分"
                       r"|^[一二三四五六七八九十]+、|^(?:本|该|我|各|其|此|所属|下属|二级|基层|全部|全体)")

_WEIGHT_COVER, _WEIGHT_LABEL, _WEIGHT_CODED, _WEIGHT_TITLE = 5, 2, 1, 1
_COVER_ROWS = 12  # a cover never has more lines than this

# ------------------------------------------------------------------ regions

_PARTY_PREFIX = re.compile(r"^(?:中共|中国共产党|中国人民政治协商会议|政协|共青团|中国国民党革命委员会|中国民主同盟|中国民主建国会|"
                           r"中国民主促进会|中国农工民主党|中国致公党|九三学社|台湾民主自治同盟)")
_SEG = r"(?:(?![局委厅办院部站队校处室])[\u4e00-\u9fff])"
_PROVINCE_SEG = re.compile(rf"{_SEG}{{2,7}}?(?:省|自治区)")
_CITY_SEG = re.compile(rf"{_SEG}{{2,9}}?(?:市|自治州|地区|盟)")
_COUNTY_SEG = re.compile(rf"{_SEG}{{1,9}}?(?:自治县|自治旗|县|区|旗|市)")
# words ending like a region that are not one ("上海市城市管理局", "XX区社区服务中心")
_NOT_REGION = re.compile(r"^(?:城市|社区|园区|景区|小区|市区|辖区|校区|厂区|片区)$|^[全本我各该省市县区]")
_CENTRAL = re.compile(r"^(?:国家|中共中央|中央|国务院|全国|最高人民|中华人民共和国|中国(?!共产党|人民政治协商会议))")
# State Council ministries named without 国家/中华人民共和国
_CENTRAL_NAMES = frozenset((
    "外交部", "国防部", "教育部", "科学技术部", "工业和信息化部", "公安部", "国家安全部", "民政部", "司法部", "财政部",
    "人力资源和社会保障部", "自然资源部", "生态环境部", "住房和城乡建设部", "交通运输部", "水利部", "农业农村部", "商务部",
    "文化和旅游部", "退役军人事务部", "应急管理部", "审计署", "海关总署",
))
CENTRAL = "中央"


@dataclass(frozen=True)
class Meta:
    region: str | None
    department: str | None
    edition: str  # 部门 or 单位
    year: int | None
    department_row: Row | None = None
    year_row: Row | None = None
    document_kind: str = "预算"  # 预算 (a budget) or 决算 (final accounts): reader.final tells them apart


def read_meta(rows: tuple[Row, ...] | list[Row]) -> Meta:
    votes = _Votes()
    cover = _cover_rows(rows)
    titles = [title for window in _windows(cover) for title in _vote_titles(votes, window, _WEIGHT_COVER)]
    titles += [title for window in _windows(cover) for title in _region_titles(window)]
    for row in cover:
        _vote_labels(votes, row, None, _WEIGHT_COVER)
    for i, row in enumerate(rows):
        _vote_labels(votes, row, rows[i + 1] if i + 1 < len(rows) else None, _WEIGHT_LABEL)
        _vote_titles(votes, (row,), _WEIGHT_TITLE)
    dept, dept_row = votes.winner()
    year, year_row, edition = _read_year_and_edition(rows, sorted(set(titles), key=lambda t: t.row.number))
    regions = [t.region for t in titles if t.region]
    regions += [t.region for row in _first_pages(rows) for t in _region_titles((row,)) if t.year or t.edition]
    return Meta(region=_region(dept, regions), department=dept, edition=edition, year=year, department_row=dept_row,
                year_row=year_row)


def region_of(department: str) -> str | None:
    """'中共青龙满族自治县委员会组织部' -> '青龙满族自治县'; '上海市普陀区财政局' -> '上海市普陀区';
    '中共江苏省委办公厅' -> '江苏省'; '国家信访局' -> '中央'; '上海科技大学附属学校' -> None."""
    name = squash(department)
    rest = _PARTY_PREFIX.sub("", name)
    local = _local_region(rest)
    if local:
        return local
    if _CENTRAL.match(name) or _CENTRAL.match(rest) or _core(name) in _CENTRAL_NAMES:
        return CENTRAL
    return None


def _local_region(name: str) -> str | None:
    """The longest run of province, city and county segments at the start of the name."""
    pos, parts = 0, []
    for segment in (_PROVINCE_SEG, _CITY_SEG, _COUNTY_SEG):
        match = segment.match(name, pos)
        if match and not _NOT_REGION.search(match.group()):
            parts.append(match.group())
            pos = match.end()
    return "".join(parts) or None


def _region(dept: str | None, title_regions: list[str]) -> str | None:
    """The department's own region; a title's region where the department names none, or names
    only the lower part of it ("普陀区财政局" under "上海市普陀区2024年区级部门预算")."""
    own = region_of(dept) if dept else None
    titled = Counter(title_regions).most_common(1)[0][0] if title_regions else None
    if own is None or (own != CENTRAL and titled and titled != own and titled.endswith(own)):
        return titled or own
    return own


# ------------------------------------------------------------------ votes


@dataclass(frozen=True)
class _Title:
    """A cover title's year and edition (部门/单位, None when it says only 预算)."""

    year: int | None
    edition: str | None
    row: Row
    region: str | None = None


class _Votes:
    """Candidate names with their weights; "X（本级）" and "X" count together, shown as voted most."""

    def __init__(self) -> None:
        self.by_org: Counter[str] = Counter()
        self.by_form: Counter[str] = Counter()
        self.first_row: dict[str, Row] = {}

    def add(self, raw: str, rows: tuple[Row, ...], weight: int, named_region: bool = False) -> bool:
        name = _organisation(raw)
        if name is None or (named_region and region_of(name) is None):
            return False
        self.by_org[_core(name)] += weight
        self.by_form[name] += weight
        # the line that shows the name (a cover title broken over lines: the line with its start)
        self.first_row.setdefault(name, next((r for r in rows if name[:3] in squash(r.text)), rows[0]))
        return True

    def winner(self) -> tuple[str | None, Row | None]:
        if not self.by_org:
            return None, None
        org = max(self.by_org, key=self.by_org.__getitem__)  # first seen wins a tie
        form = max((f for f in self.by_form if _core(f) == org), key=self.by_form.__getitem__)
        return form, self.first_row[form]


def _vote_labels(votes: _Votes, row: Row, next_row: Row | None, weight: int) -> None:
    cells = [squash(c) for c in row.nonempty()]
    for j, cell in enumerate(cells):
        for label in _LABEL.finditer(cell):
            votes.add(label.group("name"), (row,), 1 if label.group("short") == "主管部门" else weight)
        if _LABEL_CELL.match(cell):
            following = cells[j + 1] if j + 1 < len(cells) else _first_cell(next_row)
            if following and not _LABEL.search(following):
                votes.add(following, (row,) if j + 1 < len(cells) else (row, next_row), weight)
        coded = _CODED.match(cell)
        if coded:
            votes.add(coded.group("name"), (row,), _WEIGHT_CODED)


def _vote_titles(votes: _Votes, window: tuple[Row, ...], weight: int) -> list[_Title]:
    """Votes for the name a title gives beside its year; the titles whose name counted."""
    text = _LEAD.sub("", "".join(squash(" ".join(r.nonempty())) for r in window))
    titles = []
    for pattern in (_NAME_THEN_YEAR, _YEAR_THEN_NAME):
        match = pattern.match(text)
        # a prose line may start with the tail of a wrapped name ("管理局2026年…"): off the cover,
        # only a name that begins with its region counts
        if match and votes.add(match.group("name"), window, weight, named_region=weight != _WEIGHT_COVER):
            titles.append(_Title(int(match.group("year")), match.group("edition"), window[0]))
    return titles


def _region_titles(window: tuple[Row, ...]) -> list[_Title]:
    """A title naming a region alone: "上海市2026年市级单位预算", "江苏省2018年度 / 省级部门预算公开报表"."""
    text = _LEAD.sub("", "".join(squash(" ".join(r.nonempty())) for r in window))
    if len(window) == 1 and _local_region(text) == text:  # a cover line that is a region: "广东省深圳市"
        return [_Title(None, None, window[0], text)]
    match = _REGION_TITLE.match(text)
    if not match or _local_region(match.group("region")) != match.group("region"):
        return []
    year = int(match.group("year")) if match.group("year") else None
    return [_Title(year, match.group("edition"), window[0], match.group("region"))]


def _first_pages(rows: tuple[Row, ...] | list[Row]) -> list[Row]:
    return [r for r in rows[:200] if r.page is None or r.page <= 3]


# ------------------------------------------------------------------ names


def _organisation(raw: str) -> str | None:
    """The name as an organisation's, or None: '深圳市公安局（本级）纳入' -> '深圳市公安局（本级）'."""
    name = _clean(_TRAIL.sub("", _LEAD.sub("", _clean(raw))))
    if not 3 <= len(name) <= 40 or _NOT_NAME.search(name):
        return None
    core = _core(name)
    inner = re.search(r"[（(]([^（）()]+)[）)]$", core)  # "皖江江南新兴产业集中区(管委会)"
    if _ORG_SUFFIX.search(core) or (inner and _ORG_SUFFIX.search(inner.group(1))):
        return name if len(core) >= 3 and _local_region(core) != core else None
    return None


def _core(name: str) -> str:
    """The name without its （本级）/本级 qualifier."""
    return _QUALIFIER.sub("", name)


def _clean(name: str) -> str:
    name = squash(name)
    while name and name[-1] in "）)" and name.count("（") + name.count("(") < name.count("）") + name.count(")"):
        name = name[:-1]
    while name and name[0] in "（(" and name.count("（") + name.count("(") > name.count("）") + name.count(")"):
        name = name[1:]
    return name


def _first_cell(row: Row | None) -> str | None:
    cells = row.nonempty() if row else []
    return squash(cells[0]) if cells else None


# ------------------------------------------------------------------ cover, year, edition


def _cover_rows(rows: tuple[Row, ...] | list[Row]) -> list[Row]:
    """The lines of the cover: the first page with text (the first lines of a text file), before 目录."""
    texted = [r for r in rows if re.search(r"[\u4e00-\u9fff]", r.text)]
    if not texted:
        return []
    page = texted[0].page
    cover = []
    for row in texted:
        if row.page != page or squash(row.text) == "目录" or len(cover) == _COVER_ROWS:
            break
        cover.append(row)
    return cover


def _windows(rows: list[Row]):
    """Runs of one to three consecutive lines: a cover title is often broken over lines."""
    for size in (1, 2, 3):
        for i in range(len(rows) - size + 1):
            yield tuple(rows[i:i + size])


def _read_year_and_edition(rows: tuple[Row, ...] | list[Row],
                           titles: list[_Title]) -> tuple[int | None, Row | None, str]:
    """The year of the cover's title, else of the first cover-like line, else of the first line
    naming a budget year. The edition the cover's title states ("2021年部门预算" even where the
    tables say 编制单位：), else by vote of labels and lines."""
    year, year_row, cover = _read_year(rows, titles)
    return year, year_row, _read_edition(rows, titles, cover)


def _read_year(rows: tuple[Row, ...] | list[Row],
               titles: list[_Title]) -> tuple[int | None, Row | None, re.Match | None]:
    """(year, its row, the cover-like line it came from): a cover-like line further on overrides
    only a year from a line, never the cover title's."""
    dated = [t for t in titles if t.year is not None]
    if dated:
        return dated[0].year, dated[0].row, None
    texts = [(row, text) for row in rows if (text := squash(" ".join(row.nonempty())))]
    for row, text in texts:
        if cover := _COVER.match(text):
            return int(cover.group("year")), row, cover
    for row, text in texts:
        for pattern in _YEAR_LINES:
            if match := pattern.search(text):
                return int(match.group(1)), row, None
    return None, None, None


def _read_edition(rows: tuple[Row, ...] | list[Row], titles: list[_Title], cover: re.Match | None) -> str:
    """The edition the cover's titles state where they tell one; else by vote: a title or the
    cover-like line the year came from counts three, each label and line one."""
    stated = Counter(t.edition for t in titles if t.edition)  # the cover's own word decides
    if stated["单位"] != stated["部门"]:
        return "单位" if stated["单位"] > stated["部门"] else "部门"
    votes: Counter[str] = Counter()
    for title in titles:
        if title.edition:
            votes[title.edition] += 3
    if cover:
        votes[cover.group("edition")] += 3
    for row in rows:
        votes.update(_edition_votes(row))
    return "单位" if votes["单位"] > votes["部门"] else "部门"


def _edition_votes(row: Row) -> list[str]:
    """The editions a line votes for: a label cell with the name in the next cell ("单位名称 | …"),
    each label with its name ("编制单位：…"), and 单位预算 / 部门预算 in its text."""
    cells = row.nonempty()
    text = squash(" ".join(cells))
    if not text:
        return []
    votes = []
    if (len(cells) >= 2 and _EDITION_CELL.match(squash(cells[0])) and not re.search(r"\d", cells[1][-2:])
            and "名称" not in cells[1]):
        votes.append("单位" if "单位" in cells[0] and "部门" not in cells[0] else "部门")
    for cell in cells:
        if label := _EDITION_LABEL.search(squash(cell)):
            votes.append("单位" if label.group(1) in ("编制单位", "单位名称", "预算单位") else "部门")
    if "单位预算" in text:
        votes.append("单位")
    elif "部门预算" in text:
        votes.append("部门")
    return votes
