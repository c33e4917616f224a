"""content.sourcelines: quoting a source line and reading a check's line list back."""

from __future__ import annotations

import pytest

from content.sourcelines import parse_line_list, quote_line
from contract.checks import format_lines
from loaders.registry import RAW_DIR

LINES = (
    "部门整体支出绩效目标表",
    "\t\t财务管理\t资金使用规范性\t规范\t",
    "合计\t\t1,992.86\t575.29\t1,417.57",
    "",
    "  缩进的正文  ",
)


@pytest.mark.parametrize("number, expected", [
    (1, "部门整体支出绩效目标表"),
    # leading empty cells and the trailing tab are dropped, inner cells joined by " | "
    (2, "财务管理 | 资金使用规范性 | 规范"),
    (3, "合计 |  | 1,992.86 | 575.29 | 1,417.57"),  # an empty inner cell stays visible
    (4, ""),
    (5, "缩进的正文"),
    (0, ""),  # line numbers are 1-based
    (-1, ""),
    (6, ""),  # past the end
    (None, ""),  # a check or flag without a line
])
def test_quote_line(number, expected):
    assert quote_line(LINES, number) == expected


@pytest.mark.parametrize("county_file, number, expected", [
    # the lines the audit golden test cites, quoted as the 指标质量 page shows them
    ("shizhu_2023.txt", 445, "产出指标 | 质量指标 | 选调生人才流失率 | 10 | % | ≥ | 50 | 否"),
    ("qinglong_2023.txt", 510, "产出指标 | 数量指标 | 涉密 | 涉密 | 涉密 | 涉密"),
    ("hezheng_2024.txt", 13, "项目支出 |  | 4875.72 | 收入预算合计 | 5637.51"),
])
def test_quote_line_on_shipped_documents(county_file, number, expected):
    lines = tuple((RAW_DIR / county_file).read_text(encoding="utf-8").splitlines())
    assert quote_line(lines, number) == expected


@pytest.mark.parametrize("text, expected", [
    ("98-100, 104", [98, 99, 100, 104]),
    ("10", [10]),
    ("41-42, 83", [41, 42, 83]),
    ("1,3 , 5", [1, 3, 5]),  # spacing around commas is free
    ("7-7", [7]),
    ("", []),
    (None, []),
])
def test_parse_line_list(text, expected):
    assert parse_line_list(text) == expected


@pytest.mark.parametrize("lines", [
    [98, 99, 100, 104],
    [40, 62, 83, 105, 128],
    [5],
    [],
    [3, 1, 2, 2, 9],  # unsorted, with a repeat: comes back sorted and unique
])
def test_parse_line_list_reads_format_lines_back(lines):
    assert parse_line_list(format_lines(lines)) == sorted(set(lines))


@pytest.mark.parametrize("text", ["abc", "12-", "3, x"])
def test_parse_line_list_rejects_text(text):
    with pytest.raises(ValueError):
        parse_line_list(text)
