"""Finding a table's columns by the words of their header labels."""

from __future__ import annotations

import re

from reader.cells import squash
from reader.segment import Table


def find_column(labels: list[str], *words: str, exclude: tuple[str, ...] = (), start: int = 0) -> int | None:
    """Index of the first column at or after ``start`` whose label holds any of ``words``
    (matched on its last, most specific part first, then on the whole label)."""
    for whole in (False, True):
        for index in range(start, len(labels)):
            label = labels[index]
            text = label if whole else label.split("|")[-1]
            if any(w in text for w in words) and not any(x in text for x in exclude):
                return index
    return None


def find_total_column(labels: list[str], *words: str) -> int | None:
    """The column that holds the whole of ``words`` (基本支出): its label ends in the word, or the
    word spans sub-columns and one of them is its 小计/合计. Under a merged "基本支出" over
    "人员支出 | 公用经费" without a 小计 the table prints only the parts (湖州 2026 表03), so there is
    no such column."""
    for index, label in enumerate(labels):
        parts = label.split("|")
        if any(w in parts[-1] for w in words):
            return index
        if len(parts) > 1 and any(w in p for p in parts[:-1] for w in words) and is_total_label(parts[-1]):
            return index
    return None


_SPLIT_CODE = {"类": 0, "款": 1, "项": 2}


def code_columns(table: Table, labels: list[str]) -> list[int]:
    """The column(s) holding the classification code: one joined column, or 类/款/项."""
    split = [i for i, label in enumerate(labels) if label.split("|")[-1] in _SPLIT_CODE]
    if len(split) >= 2:
        return split[:3]
    joined = find_column(labels, "编码", "代码", "科目代码")
    return [joined] if joined is not None else []


def name_column(labels: list[str], code_cols: list[int]) -> int | None:
    after = (max(code_cols) + 1) if code_cols else 0
    found = find_column(labels, "名称", start=after)
    if found is None:
        found = find_column(labels, "名称", "项目", "科目", exclude=("编码", "项目支出"))
    return found


_EMBEDDED_CODE = re.compile(r"^[\[【]?(\d{3}(?:\d{2}){0,2})[\]】]?\s*(\S.*)$")


def split_embedded_code(name: str) -> tuple[str | None, str]:
    """'2010101 行政运行' / '[201]一般公共服务支出' -> (code, name); otherwise (None, name)."""
    match = _EMBEDDED_CODE.match(name.strip())
    if match:
        return match.group(1), match.group(2).strip()
    return None, name.strip()


def is_total_label(text: str) -> bool:
    return squash(text) in ("合计", "总计", "小计", "合计数", "总计数") or squash(text).endswith(("合计", "总计"))
