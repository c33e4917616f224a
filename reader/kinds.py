"""The table kinds of the national 部门预算 set and how documents title them.

Data, not code: each kind lists the title patterns seen in published
documents (财预〔2016〕143号 catalogue plus local variants; see
docs/real_layouts.md). A title may carry a prefix ("表1", "附表2-1",
"2024年XX局", "部门预算" / "单位预算") and a suffix ("（续）").
Order matters: the first kind whose pattern matches wins, so the more
specific titles (财政拨款收支总表) come before the general ones (收支总表).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class TableKind:
    id: str
    label: str  # Chinese name used in the read report
    patterns: tuple[str, ...]
    expected: bool = True  # part of the national set every document should have


_SANGONG = r"[“”\"'‘’「」]?三公[“”\"'‘’「」]?"

KINDS: tuple[TableKind, ...] = (
    TableKind("fiscal_summary", "财政拨款收支总表", (r"财政拨款收支(预算)?总表",)),
    TableKind("budget_summary", "收支总表", (r"(财务)?收支(预算)?总表",)),
    TableKind("income", "收入总表", (r"收入(预算)?总表",)),
    TableKind("basic_economic", "一般公共预算基本支出表", (
        r"基本支出.*经济分类.*表", r"经济分类.*基本支出.*表",
        r"一般公共预算(财政拨款)?基本支出(预算)?表", r"基本支出(预算)?表",
    )),
    TableKind("sangong", "“三公”经费支出表", (rf"{_SANGONG}经费.*表",)),
    TableKind("fund_expenditure", "政府性基金预算支出表", (r"政府(性)?基金预算.*支出.*表",)),
    TableKind("capital_expenditure", "国有资本经营预算支出表", (r"国有资本经营预算.*支出.*表",)),
    TableKind("general_expenditure", "一般公共预算支出表", (
        r"一般公共预算(财政拨款)?支出(功能分类)?(预算)?表",
    )),
    TableKind("expenditure", "支出总表", (r"支出(预算)?总表",)),
    TableKind("dept_targets", "部门整体支出绩效目标表", (
        r"整体(支出)?绩效目标(申报|批复)?表",
    )),
    TableKind("project_targets", "项目支出绩效目标表", (
        r"(项目支出|重点专项资金|专项资金|项目)绩效目标(申报|批复)?表", r"绩效目标(申报|批复)?表",
    )),
    TableKind("projects", "项目支出表", (r"项目支出(预算)?(明细)?表",)),
    TableKind("procurement", "政府采购预算表", (r"政府采购(预算)?(明细)?表",), expected=False),
    TableKind("assets", "固定资产占用情况表", (r"(固定资产|国有资产)(占用|配置)?(情况)?表",), expected=False),
)
KIND_BY_ID = {kind.id: kind for kind in KINDS}

_COMPILED = tuple((kind, tuple(re.compile(p) for p in kind.patterns)) for kind in KINDS)
_SPACES = re.compile(r"\s+")
# Longest plausible title (prefix + name + suffix); longer text is a sentence.
_MAX_TITLE = 60
# "（续）", "（一级项目）", "(单位：万元)" after the title
_TRAILER = re.compile(r"([（(][^（）()]{1,12}[）)]|续)+$")
_SENTENCE = re.compile(r"[，。；：:,;]")


def title_kind(cells: list[str]) -> TableKind | None:
    """The kind a row titles, or None if the row is not a table title.

    A title stands alone on its row (a table-of-contents line carries a page
    number beside it) and is not a sentence.
    """
    if not cells or len(cells) > 2:
        return None
    if len(cells) == 2 and not _is_title_suffix(cells[1]):
        return None
    text = _TRAILER.sub("", _SPACES.sub("", cells[0]))
    if not text.endswith("表") or len(text) > _MAX_TITLE:
        return None
    if _SENTENCE.search(text.split("表")[0]):
        return None
    for kind, patterns in _COMPILED:
        if any(p.search(text) for p in patterns):
            return kind
    return None


def _is_title_suffix(cell: str) -> bool:
    return cell.strip() in ("（续）", "(续)", "续表")
