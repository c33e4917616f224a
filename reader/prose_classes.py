"""Spending by function class stated in the explanatory text, for a document without the tables.

    prose_function_rows(rows, year) -> (rows of expenditure_function, checks)

江苏's prose editions (../shared/corpus: 江苏政协 2019 p10-13) publish the tables in a separate file
and name the classes in sentences, without codes:

    1.一般公共服务（类）支出10,271.56 万元，主要用于…            a 类 and its amount
    （一）一般公共服务支出（类）                                   a 类 heading over its items
    1.政协事务（款）行政运行（项）5,223.22 万元，与上年相比…      a 项 named with its 款

A 类 gets its national code (contract.hierarchy.FUNCTION_CLASSES) or a stand-in; a 项 a stand-in
under its 类 ("201N101": 款 "201N1", never a real-looking code), named as printed with its 款,
since no 款 row states an amount. A class or item the text states with two different values is
left unread, as for any prose figure. The items are checked against the total stated before
their list ("财政拨款预算支出13,297.11万元…其中："); the classes against 支出合计 by the usual
hierarchy checks. The 类 list and the 项 list may cover different money (all funds / 财政拨款), so
no check ties a 类 to the items under it.
"""

from __future__ import annotations

import re
from decimal import Decimal

from contract.checks import Check, make_check
from contract.hierarchy import function_class_code
from reader.cells import to_wan
from reader.kinds import TEXT
from reader.prose import _other_year, _paragraphs
from reader.reading import Stated
from reader.rows import Row

_NUMBER = r"(\d[\d,]*(?:\.\d+)?)\s*(万元|元)"
_NAME = r"([^\d。，,；;：:（）()、]{2,24})"
# "1.一般公共服务（类）支出10,271.56 万元"
_CLASS = re.compile(rf"{_NAME}[（(]类[）)](?:支出)?(?:预算)?(?:数)?(?:为)?{_NUMBER}")
# "（一）一般公共服务支出（类）" with no amount after it: the class of the items that follow
_CLASS_HEADING = re.compile(rf"{_NAME}[（(]类[）)](?!(?:支出)?(?:预算)?(?:数)?(?:为)?{_NUMBER})")
# "1.政协事务（款）行政运行（项）5,223.22 万元"
_ITEM = re.compile(rf"{_NAME}[（(]款[）)]([^\d。，,；;：:]{{2,40}}?)[（(]项[）)](?:支出)?(?:预算)?(?:为)?{_NUMBER}")
_LEAD = re.compile(r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{0,2}[.．、]|[一二三四五六七八九十]{1,3}、|其中)+")
_AMOUNT = re.compile(_NUMBER)


def prose_function_rows(rows: list[Row] | tuple[Row, ...], year: int | None) -> tuple[list[dict], list[Check]]:
    classes: dict[str, list[Stated]] = {}
    items: dict[tuple[str, str], list[Stated]] = {}  # (类 name, "款（款）项（项）") -> its statements
    lists: dict[int, tuple[Stated, list[tuple[str, str]]]] = {}  # the total an item list follows
    for text, owners in _paragraphs(rows):
        matches = sorted([*_CLASS.finditer(text), *_CLASS_HEADING.finditer(text), *_ITEM.finditer(text)],
                         key=lambda m: m.start())
        own = {m.start(m.lastindex - 1) for m in matches if m.re is not _CLASS_HEADING}  # amounts of classes/items
        current = ""
        for match in matches:
            if match.re is _ITEM:
                key = (current, f"{_bare(match.group(1))}（款）{match.group(2).strip()}（项）")
                items.setdefault(key, []).append(_figure(match, owners, key[1]))
                anchor = _anchor(text, owners, match.start(), own, year)
                if anchor is not None:
                    total = lists.setdefault(anchor[0], (anchor[1], []))
                    if key not in total[1]:
                        total[1].append(key)
                continue
            current = _standard(_bare(match.group(1)))
            if match.re is _CLASS:
                classes.setdefault(current, []).append(_figure(match, owners, current))
    out: list[dict] = []
    codes: dict[str, str] = {}
    for name, stated in _one_value(classes).items():
        codes[name] = function_class_code(name) or f"N{len(codes) + 1:02d}"
        out.append(_row(codes[name], name, 1, None, stated))
    one = _one_value(items)
    kuan: dict[tuple[str, str], str] = {}  # (类 code, 款 name) -> its stand-in code
    counts: dict[str, int] = {}
    for (class_name, name), stated in one.items():
        top = codes.get(class_name) or codes.setdefault(class_name, f"N{len(codes) + 1:02d}")
        # "201N1" for the 类's first 款 (no row: the text states no 款 amount), "201N101" for its
        # first 项: stand-ins that keep the hierarchy and never look like a real code
        parent = kuan.setdefault((top, name.split("（款）")[0]), f"{top}N{sum(k[0] == top for k in kuan) + 1}")
        counts[parent] = counts.get(parent, 0) + 1
        out.append(_row(f"{parent}{counts[parent]:02d}", name, 3, parent, stated))
    return out, _list_checks(lists.values(), one)


def _bare(name: str) -> str:
    return _LEAD.sub("", name.strip())


def _standard(name: str) -> str:
    """"一般公共服务" / "一般公共服务支出" -> the national name where the vocabulary has it."""
    for candidate in (name, f"{name}支出", name.removesuffix("支出")):
        if function_class_code(candidate):
            return candidate
    return name


def _figure(match: re.Match, owners: list[Row], label: str) -> Stated:
    number, unit = match.lastindex - 1, match.lastindex
    value = to_wan(Decimal(match.group(number).replace(",", "")), match.group(unit))
    return Stated(value, owners[match.start(number)], TEXT, label)


def _one_value(stated: dict) -> dict:
    return {key: figures[0] for key, figures in stated.items() if len({f.value for f in figures}) == 1}


def _row(code: str, name: str, level: int, parent: str | None, figure: Stated) -> dict:
    return {"code": code, "name": name, "level": level, "parent_code": parent, "total_wan": figure.value,
            "line": figure.row.number, "page": figure.row.page}


def _anchor(text: str, owners: list[Row], at: int, own: set[int], year: int | None) -> tuple[int, Stated] | None:
    """The total an item's list follows: the nearest amount before the item that is no class's or
    item's own, no change and no other year's, named as spending ("财政拨款预算支出13,297.11万元")."""
    for m in reversed(list(_AMOUNT.finditer(text, 0, at))):
        if m.start() in own:
            continue
        words = text[max(0, m.start() - 16):m.start()]
        if _other_year(words, year) or "%" in text[m.end():m.end() + 1]:
            continue
        if "支出" not in words:
            return None
        value = to_wan(Decimal(m.group(1).replace(",", "")), m.group(2))
        return m.start(), Stated(value, owners[m.start()], TEXT, re.split(r"年度?|[，,。；;：:]", words)[-1])
    return None


def _list_checks(lists, one: dict) -> list[Check]:
    out = []
    for total, keys in lists:
        parts = [one[k] for k in keys if k in one]
        if len(parts) < 2 or len(parts) < len(keys):
            continue  # an item left unread: the sum would blame the document
        out.append(make_check(f"说明文字（{total.row.where()}）：功能分类各项之和 = {total.label}", total.value,
                              float(sum(Decimal(str(p.value)) for p in parts)), total.row.number,
                              [p.row.number for p in parts]))
    return out
