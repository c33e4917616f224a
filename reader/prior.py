"""Prior-year figures stated in the explanatory text.

"基本支出575.29万元，比2022年增加169.38万元" -> 基本支出 for 2022 = 405.91.
"运行经费115.51万元，比上年140.51万元减少25万元" -> 机关运行经费 for the year before = 140.51.
"与上年持平" -> the same figure. The year a figure is for is its own column:
a prior-year row never reads as the document's year.
"""

from __future__ import annotations

import re
from decimal import Decimal

from contract.rows import PriorYearRow
from reader.cells import squash
from reader.rows import Row

_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_METRICS = (  # most specific first: the words nearest before the figure decide
    ("三公", "三公经费合计"), ("机关运行经费", "机关运行经费"), ("运行经费", "机关运行经费"),
    ("人员经费", "人员经费"), ("公用经费", "公用经费"), ("基本支出", "基本支出"), ("项目支出", "项目支出"),
    # one 三公 item: its change is not the total's ("因公出国(境)费支出预算10万元,与2023年预算持平")
    ("因公出国", None), ("公务接待", None), ("公务用车", None),
    # the same items named by their tail when the subject is longer than the window (无锡 2026:
    # "（2）公务用车运行维护费预算支出38.08万元，比上年预算减少1万元" is not 支出合计)
    ("运行维护费", None), ("购置费", None), ("接待费", None), ("会议费", None), ("培训费", None),
)
# 收入 / 支出 / 收支 name the whole budget only when nothing more specific is named and only a
# year, scope or 预算 word stands before them: "商品和服务支出", "工资福利支出", "社会保障和就业支出"
# are parts (docs/real_layouts.md §5, sentences 9, 12, 15, 16).
_GENERIC = re.compile(
    r"(?:^|[\d年度、.．)）]|预算|部门|单位|本年|全年|年初|财政拨款|其中[:：]?)(?P<word>收支|收入|支出)"
    r"(?:总)?(?:预算)?(?:数)?(?:安排|合计|总额|总计|共计)?(?:为|是)?$"
)
_GENERIC_METRIC = {"收支": "收入合计", "收入": "收入合计", "支出": "支出合计"}
# 增加 / 增 / (减少) / (减) (docs/real_layouts.md §5: "较上年增17.1万元", "较上年(减少)16.23万元")
_VERB = r"[（(]?(?P<verb>增加|减少|增长|下降|增|减|持平|无变化)[）)]?"
_CHANGE = re.compile(
    rf"(?P<subject>[^，。；,;]{{0,40}}?)(?P<cur>{_NUM})(?P<cur_unit>万元|元)[，,]?"
    rf"(?:占[^，。；,;]{{0,30}}?%[，,])?(?:[^，。；,;\d]{{0,12}}?)"  # "，占一般公共预算支出的96.74%，"
    rf"(?:较|比|同比|与)(?P<when>(?:20\d{{2}})年|上年|上一年|去年)?(?:度)?(?:预算(?:数)?|年初预算)?"
    rf"(?:的)?(?:(?P<stated>{_NUM})(?P<stated_unit>万元|元))?"
    rf"{_VERB}(?:(?P<delta>{_NUM})(?P<delta_unit>万元|元))?"
)
_TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001")}


def _wan(number: str, unit: str) -> Decimal:
    return Decimal(number.replace(",", "")) * _TO_WAN[unit]


# "其中：基本支出增加20.64万元", "收入较2022年增加614.11万元": a change with no figure of its own
# beside it; the prior figure is this year's (from the tables) minus the change.
_DELTA = re.compile(
    rf"(?P<subject>[^，。；,;：:\d]{{1,20}}?)(?:预算(?:数)?)?(?:较|比|同比)?(?P<when>(?:20\d{{2}})年|上年|上一年|去年)?"
    rf"(?:度)?(?:预算(?:数)?)?[（(]?(?P<verb>增加|减少|增长|下降|增|减)[）)]?(?P<delta>{_NUM})(?P<delta_unit>万元|元)"
)
_YEAR_IN = re.compile(r"(?:较|比)\s*(20\d{2})\s*年")
# 三公 items and how a paragraph names them; their stated changes add up to the total's
_SANGONG_ITEM = re.compile(r"(因公出国[（(]境[）)]费用?|公务用车购置及运行维护费|公务接待费)")
# a paragraph without the car total names its two parts, each with its own change
_SANGONG_PART = re.compile(r"(因公出国[（(]境[）)]费用?|公务用车购置费|公务用车运行(?:维护)?费|公务接待费)")
# "…费 0 万元，同比无变化", "…比上年预算减少 3 万元", or the verb straight after the name where the
# comparison was stated once before the items ("与2023年预算相比增长16.75%,其中因公出国(境)费增加0万元")
_ITEM_CHANGE = re.compile(
    rf"(?:^|(?:同比|比上年|较上年|与上年|比20\d{{2}}年?|较20\d{{2}}年?)(?:预算)?(?:数)?)(?:(?P<flat>无变化|持平)|"
    rf"[（(]?(?P<verb>增加|减少|增长|下降|增|减)[）)]?(?P<delta>{_NUM})(?P<unit>万元|元))"
)
# "Fiscal-only" subjects (一般公共预算财政拨款支出) cover less than the document's totals: a statement
# about the whole budget wins over one about its 财政拨款 part.
_NARROW = ("财政拨款", "一般公共预算")


def read_prior_year(rows: list[Row] | tuple[Row, ...], year: int | None,
                    current: dict[str, float] | None = None, *,
                    sangong_unstated_unchanged: bool = False) -> list[PriorYearRow]:
    """Rows for the prior_year table: metric, for_year, amount_wan, basis, line, page.

    ``current`` holds this year's figures (万元) for changes stated without a figure of their
    own. ``sangong_unstated_unchanged``: a 三公 item the text gives no comparison for counts as
    unchanged (a profile decides; the text does not say).
    """
    current = current or {}
    found: dict[tuple[str, int | None], tuple[int, dict]] = {}

    def offer(rank: int, metric: str, for_year: int | None, amount: Decimal, basis: str, row: Row) -> None:
        key = (metric, for_year)
        if key not in found or rank < found[key][0]:
            found[key] = (rank, {"metric": metric, "for_year": for_year, "amount_wan": float(amount),
                                 "basis": basis, "line": row.number, "page": row.page})

    for row, text in paragraphs(rows):
        sentence_year = _YEAR_IN.search(text)
        default_when = f"{sentence_year.group(1)}年" if sentence_year else None
        for match in _CHANGE.finditer(text):
            cur = _wan(match.group("cur"), match.group("cur_unit"))
            prior = _prior(match, cur)
            if prior is None:
                continue
            for metric in _metrics(match.group("subject")):
                offer(2 * _narrow(match.group("subject")), metric, _for_year(match.group("when"), year),
                      prior, match.group(0), row)
        for match in _DELTA.finditer(text):
            change = _wan(match.group("delta"), match.group("delta_unit"))
            signed = change if _rises(match.group("verb")) else -change
            for metric in _metrics(match.group("subject")):
                if metric not in current:
                    continue
                when = match.group("when") or default_when
                offer(1 + 2 * _narrow(match.group("subject")), metric, _for_year(when, year),
                      Decimal(str(current[metric])) - signed, match.group(0), row)
        if "三公" in text and "三公经费合计" in current:
            sangong = _sangong_prior(text, Decimal(str(current["三公经费合计"])), sangong_unstated_unchanged)
            if sangong is not None:
                offer(4, "三公经费合计", _for_year(default_when, year), sangong[0], sangong[1], row)
    return [entry for _, entry in found.values()]


def _metrics(subject: str) -> tuple[str, ...]:
    metric = _metric(subject)
    if metric is None:
        return ()
    # 收支安排 is the balanced 收入总计 = 支出总计: the change applies to both
    if metric == "收入合计" and "收支" in subject[-12:]:
        return ("收入合计", "支出合计")
    return (metric,)


def _narrow(subject: str) -> bool:
    return any(word in subject for word in _NARROW)


def _sangong_prior(text: str, total: Decimal, unstated_unchanged: bool) -> tuple[Decimal, str] | None:
    """The 三公 total last year from its items' stated changes, when every item states one."""
    paragraph = text[text.index("三公"):]
    names = _SANGONG_ITEM if "购置及运行维护费" in paragraph else _SANGONG_PART
    parts = names.split(paragraph)
    changes: dict[str, Decimal | None] = {}
    basis = []
    for name, clause in zip(parts[1::2], parts[2::2], strict=False):
        item = "因公出国（境）费" if name.startswith("因公出国") else name
        clause = re.split(r"[；;。]", clause)[0]
        match = _ITEM_CHANGE.search(clause)
        if match is None:
            changes.setdefault(item, None)
            continue
        basis.append(name + clause[:match.end()])
        if match.group("flat"):
            changes[item] = Decimal(0)
        else:
            delta = _wan(match.group("delta"), match.group("unit"))
            changes[item] = delta if _rises(match.group("verb")) else -delta
    stated = [c for c in changes.values() if c is not None]
    if not stated or (None in changes.values() and not unstated_unchanged):
        return None
    assumed = [item for item, change in changes.items() if change is None]
    if assumed:
        basis.append("、".join(assumed) + "未说明增减，按不变计")
    return total - sum(stated), "；".join(basis)


def paragraphs(rows: list[Row] | tuple[Row, ...]) -> list[tuple[Row, str]]:
    """Runs of one-cell rows joined (a PDF wraps a paragraph over several rows), each with
    the row it starts on. A blank row between does not end a paragraph whose next line only
    finishes a figure ("…增加 444.73" / "" / "万元，主要原因…")."""
    out: list[tuple[Row, str]] = []
    start: Row | None = None
    parts: list[str] = []
    blank = False
    for row in rows:
        cells = row.nonempty()
        if len(cells) == 1 and not re.fullmatch(r"[\d,.\s]+", cells[0]):
            text = squash(cells[0])
            if start is not None and blank and not _CONTINUES.match(text):
                out.append((start, "".join(parts)))
                start, parts = None, []
            if start is None:
                start = row
            parts.append(text)
            blank = False
            continue
        if not cells and start is not None and not blank:
            blank = True
            continue
        if start is not None:
            out.append((start, "".join(parts)))
        start, parts, blank = None, [], False
    if start is not None:
        out.append((start, "".join(parts)))
    return out


_CLASS = re.compile(r"[（(](类|款|项)[）)]")
_CONTINUES = re.compile(r"^(?:万元|元|%|[，。；、）)])")


def _metric(subject: str) -> str | None:
    tail = subject[-12:]
    best = None
    for word, metric in _METRICS:
        at = tail.rfind(word)
        # the word ending nearest the figure; of two ending together the longer (运行经费, not 经费)
        rank = (at + len(word), len(word))
        if at >= 0 and (best is None or rank > best[0]):
            best = (rank, metric)
    if best is not None:
        return best[1]
    if _CLASS.search(subject):  # "（4）城乡社区支出（类）支出0万元" (无锡 2026): one class, not the whole
        return None
    generic = _GENERIC.search(tail)
    return _GENERIC_METRIC[generic.group("word")] if generic else None


def _rises(verb: str) -> bool:
    return verb in ("增加", "增长", "增")


def _prior(match: re.Match[str], current: Decimal) -> Decimal | None:
    verb = match.group("verb")
    if match.group("stated"):
        return _wan(match.group("stated"), match.group("stated_unit"))
    if verb in ("持平", "无变化"):
        return current
    if not match.group("delta"):
        return None
    change = _wan(match.group("delta"), match.group("delta_unit"))
    return current - change if _rises(verb) else current + change


def _for_year(when: str | None, year: int | None) -> int | None:
    if when and when[:4].isdigit():
        return int(when[:4])
    return year - 1 if year else None
