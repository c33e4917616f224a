"""Document metadata (reader/meta.py): department, region, edition and year.

Layouts are built in memory as rows (one string per row, cells separated by a tab); each case
names the published document it was taken from. The last test reads the 21 real PDFs of
../shared/corpus against values read by hand off their covers (page cited per file).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.document import province_of
from reader.inputs import read_rows
from reader.meta import read_meta, region_of
from reader.rows import Row

CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"


def _rows(*lines: str | tuple[int, str]) -> tuple[Row, ...]:
    """Rows from lines; a (page, line) pair puts the line on that PDF page."""
    rows = []
    for number, line in enumerate(lines, start=1):
        page, text = line if isinstance(line, tuple) else (None, line)
        rows.append(Row(cells=tuple(text.split("\t")), number=number, page=page))
    return tuple(rows)


def _meta(lines) -> tuple:
    meta = read_meta(_rows(*lines))
    return meta.region, meta.department, meta.edition, meta.year


# ------------------------------------------------------------------ covers


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # one line (湖州市财政局 2026, p1)
        (("湖州市财政局2026年部门预算", "目录", "一、部门概况"), ("湖州市", "湖州市财政局", "部门", 2026)),
        # name and year on two lines (湖州市卫生健康委员会 2026, p1)
        (((1, "湖州市卫生健康委员会"), (1, "2026年部门预算"), (2, "目录"), (2, "二、2026年部门预算安排情况说明")),
         ("湖州市", "湖州市卫生健康委员会", "部门", 2026)),
        # year, name, edition on three lines (泉州市公安局 2026, p1) above a 目录 of 第X部分 headings
        (((1, "2026年度"), (1, "泉州市公安局"), (1, "部门预算"), (2, "目录"), (2, "第一部分部门概况......1"),
          (2, "第二部分2026年度部门预算表......6")),
         ("泉州市", "泉州市公安局", "部门", 2026)),
        # "部门" left on the name's line, then the 目录 on the same page (北京市教育委员会 2026, p1)
        (((1, "北京市教育委员会部门"), (1, "2026年度部门预算信息公开"), (1, "目录"),
          (1, "第一部分2026年度部门预算情况说明"), (1, "一、部门情况说明")),
         ("北京市", "北京市教育委员会", "部门", 2026)),
        # the title broken inside a word, （本级） kept (深圳市公安局 2026, p1)
        (((1, "2026年深圳市公安局（本级）部门预"), (1, "算"), (2, "目录"), (2, "第一部分部门概况")),
         ("深圳市", "深圳市公安局（本级）", "部门", 2026)),
        # a 单位预算 (无锡市教育局 2026, p1)
        (((1, "2026年度"), (1, "无锡市教育局（本级）"), (1, "单位预算公开")),
         ("无锡市", "无锡市教育局（本级）", "单位", 2026)),
        # the name broken over lines, no 部门 before 预算 (江苏省高级人民法院 2018, p1)
        (((1, "2018年度江苏省高级"), (1, "人民法院预算公开"), (1, "2018年2月24日"), (2, "目录")),
         ("江苏省", "江苏省高级人民法院", "部门", 2018)),
        # region-level title, the unit on a label line (上海市财政局 2025, p1)
        (((1, "上海市2025年市级单位预算"), (1, "预算单位：上海市财政局"), (2, "目录"), (2, "一、单位主要职能")),
         ("上海市", "上海市财政局", "单位", 2025)),
        # a central department (国家信访局 2026, p1)
        (((1, "国家信访局2026年度部门预算"), (1, "二〇二六年三月"), (2, "目录"),
          (2, "第一部分国家信访局基本情况......2")),
         ("中央", "国家信访局", "部门", 2026)),
        # text sources keep the web-page covers (docs/real_layouts.md §4)
        (("广水市十里街道办事处2022年部门预算信息公开", "发布时间:2021-12-14", "信息来源:广水市十里办事处"),
         ("广水市", "广水市十里街道办事处", "部门", 2022)),
        (("教育局 2020年部门预算 报送日期: 年 月 日",), (None, "教育局", "部门", 2020)),
    ],
)
def test_cover(lines, expected):
    assert _meta(lines) == expected


# ------------------------------------------------------------------ labels and table headers


@pytest.mark.parametrize(
    ("lines", "department"),
    [
        # label and name in separate cells (江苏省人大常委会办公厅 2019, p1 公开表一)
        (("收支预算总表", "公开表一", "部门：\t江苏省人大常委会办公厅\t单位：万元"), "江苏省人大常委会办公厅"),
        # label and name on separate rows
        (("2026年部门预算", "编制单位：", "上海市域外农场管理办公室"), "上海市域外农场管理办公室"),
        # label cell, empty cell, name (和政 2024, line 6)
        (("部门整体支出绩效目标表", "(2024年度)", "部门(单位)名称\t\t中国共产党和政县委员会组织部\t"),
         "中国共产党和政县委员会组织部"),
        # label and the money unit in one cell, read without spaces (无锡市水利局 2026)
        (("收支总表", "部门：无锡市水利局 单位：万元"), "无锡市水利局"),
        # 单位： names the unit here, the money unit in the next cell (无锡市教育局 2026)
        (("收支总表", "单位：无锡市教育局（本级）\t单位：万元"), "无锡市教育局（本级）"),
        (("收支总表", "部门名称：深圳市卫生健康委员会（本级）\t单位：万元"), "深圳市卫生健康委员会（本级）"),
        (("表1 收支总体情况表", "单位名称：珠海市商务局\t单位：万元"), "珠海市商务局"),
        # a budget code before the name (湖州市财政局 2026, p3; 湟源 2024, line 39)
        (("（一）2026年市级部门收支预算总表", "341-湖州市财政局\t单位：万元"), "湖州市财政局"),
        (("2024年部门预算项目支出绩效目标批复表", "单位名称\t项目名称\t项目类别",
          "707001-中共湟源县委组织部（本级）\t党建工作经费\t3-特定目标类\t100.00"), "中共湟源县委组织部（本级）"),
        # the department in prose only (江苏省政协办公厅 2019, p9 and p18: the cover is an image)
        (((1, "- 1 -"), (2, "目录"), (2, "第一部分部门概况"), (9, "江苏省政协办公厅2019年度收入、支出预算总计13,377.11"),
          (18, "附件：江苏省政协办公厅2019年度部门预算公开表")), "江苏省政协办公厅"),
        # headers on every table outvote a unit named once
        (("2026年度无锡市水利局部门预算公开", "部门：无锡市水利局\t单位：万元", "单位名称：无锡市水利局河道管理处",
          "部门：无锡市水利局\t单位：万元"), "无锡市水利局"),
    ],
)
def test_department_from_labels(lines, department):
    assert read_meta(_rows(*lines)).department == department


@pytest.mark.parametrize(
    "lines",
    [
        # section headings and 目录 lines are never a department
        ((1, "目录"), (1, "第一部分2026年度部门预算情况说明"), (1, "一、部门情况说明"),
         (2, "第二部分2026年度部门预算表"), (2, "二、2026年部门预算安排情况说明")),
        # a sentence fragment before the year (江苏 2018: a 财政厅 notice quoted in the text)
        ("根据江苏省财政厅关于编制省级2018年度部门预算的通知", "财政厅关于编制省级2018年度部门预算的通知要求"),
        # a label with no name, and the money unit
        ("部门：\t单位：万元", "单位：万元", "单位：元"),
        # a column header, not a name
        ("单位名称\t项目名称\t项目类别\t预算数(万元)",),
        # the tail of a wrapped line in prose, after the cover
        ((1, "部门预算"), (2, "目录"), (5, "城市综合执法"), (5, "管理局2026年部门预算收入合计1,000万元")),
    ],
)
def test_no_department(lines):
    assert read_meta(_rows(*lines)).department is None


def test_trailing_words_dropped():
    # 深圳市公安局 2026: "…纳入2026年部门预算的政府采购项目" in the text
    meta = read_meta(_rows("深圳市公安局（本级）纳入2026年部门预算的政府采购项目"))
    assert meta.department == "深圳市公安局（本级）"


@pytest.mark.parametrize(
    ("lines", "edition"),
    [
        # the cover says 部门预算 though every table says 编制单位：
        (((1, "示例省合成县"), (1, "合成县水利局"), (1, "2021年部门预算"),
          *[(page, "编制单位：合成县水利局 单位：万元") for page in range(3, 15)]), "部门"),
        # no edition on the cover (江苏省高级人民法院 2018): the labels and lines decide
        (((1, "2018年度江苏省高级"), (1, "人民法院预算公开"), (3, "单位名称：江苏省高级人民法院"),
          (4, "单位名称：江苏省高级人民法院")), "单位"),
        (((1, "上海市2026年市级单位预算"), (1, "预算单位：上海市域外农场管理办公室")), "单位"),
    ],
)
def test_edition(lines, edition):
    assert read_meta(_rows(*lines)).edition == edition


# ------------------------------------------------------------------ regions


@pytest.mark.parametrize(
    ("department", "region"),
    [
        ("中共青龙满族自治县委员会组织部", "青龙满族自治县"),
        ("中国共产党和政县委员会组织部", "和政县"),
        ("中共石柱土家族自治县组织部本级", "石柱土家族自治县"),
        ("政协和政县委员会", "和政县"),
        ("上海市普陀区财政局", "上海市普陀区"),
        ("湘西土家族苗族自治州吉首市教育局", "湘西土家族苗族自治州吉首市"),
        ("湖北省广水市十里街道办事处", "湖北省广水市"),
        ("湖州市财政局", "湖州市"),
        ("深圳市人力资源和社会保障局", "深圳市"),
        ("重庆市城市管理局", "重庆市"),
        ("北京市教育委员会", "北京市"),
        ("江苏省高级人民法院", "江苏省"),
        ("中共江苏省委办公厅", "江苏省"),
        ("江苏省政协办公厅", "江苏省"),
        ("江苏省人大常委会办公厅", "江苏省"),
        ("广西壮族自治区财政厅", "广西壮族自治区"),
        ("国家信访局", "中央"),
        ("中共中央办公厅", "中央"),
        ("国务院办公厅", "中央"),
        ("全国政协办公厅", "中央"),
        ("财政部", "中央"),
        ("上海科技大学附属学校", None),
        ("教育局", None),
    ],
)
def test_region_of(department, region):
    assert region_of(department) == region


@pytest.mark.parametrize(
    ("lines", "region"),
    [
        # the unit names no region; the cover title does (上海科技大学附属学校 2026, p1)
        (((1, "上海市2026年市级单位预算"), (1, "预算单位：上海科技大学附属学校"), (2, "目录")), "上海市"),
        # the title over two lines (中共江苏省委办公厅 2018, p1)
        (((1, "江苏省2018年度"), (1, "省级部门预算公开报表"), (1, "部门:中共江苏省委办公厅"), (1, "江苏省财政厅印制")),
         "江苏省"),
        # a title in the first pages, not on the cover
        (((1, "XX学校"), (2, "目录"), (3, "湖州市2026年市级部门预算"), (3, "编制单位：湖州市第一中学")), "湖州市"),
        # a cover line naming the region alone completes the department's (generated disclosures' covers)
        (((1, "广东省深圳市"), (1, "深圳市公安局"), (1, "2026年部门预算"), (2, "目录")), "广东省深圳市"),
        # the title completes a department named by its district alone
        (("上海市普陀区2024年区级部门预算", "编制部门：普陀区财政局"), "上海市普陀区"),
    ],
)
def test_region_from_title(lines, region):
    assert read_meta(_rows(*lines)).region == region


@pytest.mark.parametrize(
    ("region", "province"),
    [("中央", "中央"), ("江苏省", "江苏省"), ("上海市", "上海市"), ("青龙满族自治县", "未注明"), ("深圳市", "未注明"),
     (None, "未注明")],
)
def test_province_of(region, province):
    assert province_of(region) == province


# ------------------------------------------------------------------ the real corpus

# Read by hand off each PDF (page = PDF page), checked against golden.json below.
CORPUS_META = [
    # file, region, department, edition, year; where the cover says so
    ("beijing-jiaowei-2026-dept.pdf", "北京市", "北京市教育委员会", "部门", 2026),  # p1 "北京市教育委员会部门 / 2026年度部门预算信息公开"
    ("huzhou-caizhengju-2026-dept.pdf", "湖州市", "湖州市财政局", "部门", 2026),  # p1 "湖州市财政局2026年部门预算"
    ("huzhou-weijianwei-2026-dept.pdf", "湖州市", "湖州市卫生健康委员会", "部门", 2026),  # p1 two lines
    ("jiangsu-gaoyuan-2018-dept.pdf", "江苏省", "江苏省高级人民法院", "部门", 2018),  # p1 "2018年度江苏省高级 / 人民法院预算公开"
    ("jiangsu-renda-2019-dept.pdf", "江苏省", "江苏省人大常委会办公厅", "部门", 2019),  # p1 公开表一 "部门：江苏省人大常委会办公厅"
    ("jiangsu-shengweibangongting-2018-dept.pdf", "江苏省", "中共江苏省委办公厅", "部门", 2018),  # p1 "部门:中共江苏省委办公厅"
    ("jiangsu-zhengxie-2019-dept.pdf", "江苏省", "江苏省政协办公厅", "部门", 2019),  # p18 "附件：江苏省政协办公厅2019年度部门预算公开表"
    ("quanzhou-gonganju-2026-dept.pdf", "泉州市", "泉州市公安局", "部门", 2026),  # p1 "2026年度 / 泉州市公安局 / 部门预算"
    ("quanzhou-zhengfubangongshi-2026-dept.pdf", "泉州市", "泉州市人民政府办公室", "部门", 2026),  # p1 same form
    ("shanghai-caizhengju-2025-unit.pdf", "上海市", "上海市财政局", "单位", 2025),  # p1 "预算单位：上海市财政局"
    ("shanghai-keda-fuxiao-2026-unit.pdf", "上海市", "上海科技大学附属学校", "单位", 2026),  # p1 "上海市2026年市级单位预算"
    ("shanghai-xingkeyuan-2026-unit.pdf", "上海市", "上海市刑事科学技术研究院", "单位", 2026),  # p1 预算单位
    ("shanghai-yuwainongchang-2026-unit.pdf", "上海市", "上海市域外农场管理办公室", "单位", 2026),  # p1 预算单位
    ("shenzhen-gonganju-2026-dept.pdf", "深圳市", "深圳市公安局（本级）", "部门", 2026),  # p1 "2026年深圳市公安局（本级）部门预 / 算"
    ("shenzhen-renshe-2026-dept.pdf", "深圳市", "深圳市人力资源和社会保障局", "部门", 2026),  # p1 "2026年深圳市人力资源和社会保障局 / 部门预算"
    ("shenzhen-weijian-2026-dept.pdf", "深圳市", "深圳市卫生健康委员会（本级）", "部门", 2026),  # p1 "2026年深圳市卫生健康委员会（本级） / 部门预算"
    ("wuxi-fagaiwei-2025-dept.pdf", "无锡市", "无锡市发展和改革委员会", "部门", 2025),  # p1 "2025年度 / 无锡市发展和改革委员会 / 部门预算公开"
    ("wuxi-jiaoyuju-2026-unit.pdf", "无锡市", "无锡市教育局（本级）", "单位", 2026),  # p1 "… / 无锡市教育局（本级） / 单位预算公开"
    ("wuxi-shuiliju-2026-dept.pdf", "无锡市", "无锡市水利局", "部门", 2026),  # p1 "2026年度无锡市水利局部门预算公开"
    ("zhongyang-xinfangju-2026-dept.pdf", "中央", "国家信访局", "部门", 2026),  # p1 "国家信访局2026年度部门预算"
    ("zhuhai-shangwuju-2026-dept.pdf", "珠海市", "珠海市商务局", "部门", 2026),  # p1 "2026年 / 珠海市商务局部门预算"
]


@pytest.fixture(scope="module")
def golden() -> dict[str, dict]:
    if not (CORPUS / "golden.json").exists():
        pytest.skip("the shared corpus (../shared/corpus) is not next to this checkout")
    return {record["file"]: record for record in json.loads((CORPUS / "golden.json").read_text("utf-8"))}


def test_corpus_table_covers_golden(golden):
    """The table above agrees with the answer key: its descriptive strings begin with (region: contain)
    the names the documents print, and edition and year are equal."""
    assert sorted(golden) == sorted(case[0] for case in CORPUS_META)
    for file, region, department, edition, year in CORPUS_META:
        record = golden[file]
        assert region in record["region"] and record["department"].startswith(department), file
        assert (record["edition"], record["year"]) == (edition, year), file


@pytest.mark.parametrize(("file", "region", "department", "edition", "year"), CORPUS_META)
def test_corpus_meta(golden, file, region, department, edition, year):
    path = CORPUS / "pdf" / file
    meta = read_meta(read_rows(file, path.read_bytes()).rows)
    assert (meta.region, meta.department, meta.edition, meta.year) == (region, department, edition, year)
