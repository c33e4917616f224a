"""This year's figures stated in the explanatory text (说明), one job: read the sentences.

    read_prose(rows, year)      -> [(metric, Stated)]  every figure a sentence names unambiguously
    listed_parts(rows, year)    -> checks: a total listed with its parts ("…63.07万元，主要用于
                                   办公费5.48万元、邮电费2.16万元…") adds up
    stand_in_rows(prose, names) -> income / 三公 rows from the text, for a document without the table
    agreement(prose, rows, key) -> checks: each text figure against the table row of the same name

"metric" is a summary metric, an income source or a 三公 item of contract/tables.py. A number
belongs to a metric only when the words just before it name it ("基本支出预算数为6,522.75万元",
"（一）人员经费46290.94万元", a heading "（二）公务接待费。" over "2026年预算数66.61万元"); a
comparison ("比上年增加…", "与上年相比…"), another year's figure, a percentage or a count never
does, and a metric the text states with two different values (one per unit of a 部门汇总) is left
unread. Paragraphs are joined over line and page breaks, page numbers ("- 9 -") dropped, so a
sentence wrapped over a page still reads; each figure keeps the row its number is printed on.
"""

from __future__ import annotations

import re
from decimal import Decimal

from contract.checks import Check, make_check
from contract.tables import INCOME_SOURCES, SANGONG_ITEMS
from reader.cells import squash, to_wan
from reader.kinds import TEXT
from reader.reading import Stated
from reader.rows import Row

# "13,377.11万元", "0万元", "108059614元"; not "100万元以上" (a threshold) nor "3亿元"
_AMOUNT = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)(万元|元)(?!以上|以下|左右|/)")
_FOOTER = re.compile(r"^[-—–－]*\d{1,4}[-—–－]*$|^第\d+页(?:[,，]?共\d+页)?$")
_BOUNDARY = "，,；;。：:！？!?"
# words that make a number a comparison, a change, another year's or not a plan
# ("上年结转结余" is this year's income: the money carried over into it)
_NOT_THIS_YEAR = re.compile(r"比|较|相比|同比|增加|减少|增长|下降|持平|上一?年(?!结转|结余)|去年|压减|决算|执行数|截至|累计")
_YEAR = re.compile(r"(20\d{2})年")
_NUMBERING = r"(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[.．、]|[一二三四五六七八九十]{1,3}、)"
_LEAD = re.compile(rf"^(?:[、，,\s]|其中|包括|主要用于|含|{_NUMBERING}|[:：])+")
# after the name: "预算数为", "财政拨款预算", "预算支出", "2026年预算安排"
_FILLER = re.compile(r"(?:年初预算数|预算数|预算|安排|支出|资金|财政拨款|数|为|是|共计|总计|合计|的|金额|[:：]|20\d{2}年度?)$")
# scope words: a generic metric after them is a part (一般公共预算基本支出), not the whole
_SCOPE = ("财政拨款", "一般公共预算", "政府性基金", "国有资本经营", "财政专户")
# what may stand before a generic word (收入, 支出, 基本支出 …) for it to name the whole budget
_WHOLE = re.compile(rf"(?:^|20\d{{2}}年度?|年度|本年度?|全年|本?部门|本?单位|{_NUMBERING})$")
_CARRY = ("上年结转", "上年结转结余")  # summary metric and income source

# "其他资金收入" is the source 其他收入 (江苏) unless the text states 其他收入 apart, then it heads a
# group of sources (北京: 财政专户 … 其他收入 under it) and names no figure of ours
_OTHER_FUNDS = "其他资金收入"
_NON_FISCAL = ("财政专户管理资金收入", "事业收入", "事业单位经营收入", "上级补助收入", "附属单位上缴收入", "其他收入")

# (pattern at the end of the words before the figure, metric(s), any words may stand before it)
_NAMED: tuple[tuple[re.Pattern[str], tuple[str, ...], bool], ...] = tuple(
    (re.compile(f"(?:{pattern})$"), metrics, free) for pattern, metrics, free in (
        (r"机关运行经费|机关运行费|(?:财政拨款|一般公共预算)运行经费", ("机关运行经费",), True),
        (r"[“\"”]?三公[”\"“]?经费", ("三公经费合计",), True),
        (r"因公出国[（(]境[）)](?:费|费用|经费)", ("因公出国（境）费",), True),
        (r"公务接待(?:费|费用|经费)", ("公务接待费",), True),
        (r"公务用车购置(?:费|费用|经费)?", ("公务用车购置费",), True),
        (r"公务用车运行(?:维护)?(?:费|费用|经费)", ("公务用车运行维护费",), True),
        (r"会议费", ("会议费",), True),
        (r"培训费", ("培训费",), True),
        (r"单位预留机动经费|预留机动经费", ("单位预留机动经费",), True),
        (r"一般公共预算(?:拨款|财政拨款)?收入", ("一般公共预算拨款收入",), True),
        (r"政府性基金(?:预算)?(?:拨款|财政拨款)?收入", ("政府性基金预算拨款收入",), True),
        (r"国有资本经营(?:预算)?(?:拨款|财政拨款)?收入", ("国有资本经营预算拨款收入",), True),
        (r"财政专户管理资金(?:收入)?", ("财政专户管理资金收入",), True),
        (r"事业单位经营收入", ("事业单位经营收入",), True),
        (r"上级补助收入", ("上级补助收入",), True),
        (r"附属单位上缴收入", ("附属单位上缴收入",), True),
        (r"(?<!经营)事业收入", ("事业收入",), True),
        # "其他资金收入" is a group in some documents (北京: 财政专户 … 其他收入 under it), a
        # source in others (江苏): ambiguous, so only the source's own name is read
        (r"(?<!资金)其他收入", ("其他收入",), True),
        (r"其他资金收入", (_OTHER_FUNDS,), True),  # resolved in read_prose
        (r"财政拨款收入", ("财政拨款收入",), False),
        (r"上年结转结余|上年结余[、和及]?结转|上年结转(?:资金)?", _CARRY, False),
        (r"年终结转结余|年末结转结余|结转下年(?:资金)?", ("年终结转结余",), False),
        (r"(?:在职)?人员经费", ("人员经费",), False),
        (r"公用经费", ("公用经费",), False),
        (r"基本支出", ("基本支出",), False),
        (r"项目支出", ("项目支出",), False),
        (r"(?:收入、支出|收、支|收支)(?:预算)?(?:总计|合计|总额)?", ("收入合计", "支出合计"), False),
        (r"收入(?:预算)?(?:总计|合计|总额)?", ("收入合计",), False),
        (r"支出(?:预算)?(?:总计|合计|总额)?", ("支出合计",), False),
    )
)
# the metric named with a scope before it ("一般公共预算基本支出", 江苏 "财政拨款基本支出预算6,442.75万元")
_NARROW = {("一般公共预算", "基本支出"): "一般公共预算基本支出", ("财政拨款", "基本支出"): "财政拨款基本支出"}


# "本单位无机关运行经费。", "本部门未安排因公出国（境）费": a figure stated as none, i.e. 0
_NONE = re.compile(r"(?:本单位|本部门)(?:无|没有|未安排|不安排)|(?:^|[，,；;：:\s])(?:无|没有|未安排|不安排)")


def read_prose(rows: list[Row] | tuple[Row, ...], year: int | None = None) -> list[tuple[str, Stated]]:
    """Every figure of ``year`` the text names unambiguously, as (metric, Stated of kind TEXT)."""
    found = [(metric, figure) for sentence in _sentences(rows)
             for _, metrics, figure in [*sentence.figures(year), *sentence.nones()] for metric in metrics]
    group = any(metric in _NON_FISCAL and figure.value for metric, figure in found)
    found = [("其他收入" if metric == _OTHER_FUNDS else metric, figure) for metric, figure in found
             if not (metric == _OTHER_FUNDS and group)]
    values: dict[str, set[float]] = {}
    for metric, figure in found:
        values.setdefault(metric, set()).add(figure.value)
    return [(metric, figure) for metric, figure in found if len(values[metric]) == 1]


def listed_parts(rows: list[Row] | tuple[Row, ...], year: int | None = None) -> list[Check]:
    """A check for every sentence that states a figure and then lists its parts (其中 / 包括 /
    主要用于 …, each part with its own amount): the parts add up to the figure."""
    out = []
    for sentence in _sentences(rows):
        parts = sentence.parts(year)
        if parts is not None:
            total, _, items = parts
            out.append(make_check(f"说明文字（{total.row.where()}）：{total.label} = 所列各项之和", total.value,
                                  sum(f.value for f in items), total.row.number, [f.row.number for f in items]))
    return out


def stand_in_rows(prose: list[tuple[str, Stated]], key: str) -> list[dict]:
    """Contract rows for a document without the table: ``key`` "source" (income, zero sources
    left out like the tables') or "item" (三公: all four items or none, as the contract holds)."""
    names = INCOME_SOURCES if key == "source" else SANGONG_ITEMS
    all_or_none = key == "item"
    first: dict[str, Stated] = {}
    for metric, figure in prose:
        if metric in names:
            first.setdefault(metric, figure)
    if all_or_none and len(first) < len(names):
        return []
    if key == "source" and len(first.keys() & set(_FUNDS)) and "财政拨款收入" in first:
        del first["财政拨款收入"]  # the fiscal total over the funds stated beside it: counted once
    return [{key: name, "amount_wan": f.value, "line": f.row.number, "page": f.row.page}
            for name, f in first.items() if not (key == "source" and f.value == 0)]


_FUNDS = ("一般公共预算拨款收入", "政府性基金预算拨款收入", "国有资本经营预算拨款收入")


_WHOLE_WAN = "（整数）"


def as_stated(figure: Stated, table_value: float) -> float:
    """The text figure to compare with a table's: one printed without decimals ("17,192万元"
    beside a table's 17,191.5169) agrees when it is the table's figure rounded to a whole unit,
    and then stands for it."""
    if figure.kind == TEXT and figure.label.endswith(_WHOLE_WAN) and figure.value == _round(table_value):
        return table_value
    return figure.value


def _round(value: float) -> float:
    return float(Decimal(str(value)).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def agreement(prose: list[tuple[str, Stated]], rows: list[dict], key: str) -> list[Check]:
    """A check for every text figure of a row's name stated on another line: they agree."""
    out = []
    for metric, figure in prose:
        row = next((r for r in rows if r[key] == metric), None)
        if row is None or row["line"] == figure.row.number:
            continue
        out.append(make_check(f"{metric}：表（第{row.get('page') or row['line']}{'页' if row.get('page') else '行'}）"
                              f" = 说明文字（{figure.row.where()}）", row["amount_wan"],
                              as_stated(figure, row["amount_wan"]), row["line"], [figure.row.number]))
    return out


# ------------------------------------------------------------------ sentences


class _Sentence:
    """One sentence (up to 。) of a paragraph, with the row each character was printed on."""

    def __init__(self, text: str, rows: list[Row], heading: str) -> None:
        self.text, self.rows, self.heading = text, rows, heading

    def amounts(self, year: int | None) -> list[tuple[int, str, tuple[str, ...], Stated | None]]:
        """Each amount: its start, the words before it, the metrics they name and the figure
        (None when the words make it no figure of this year)."""
        out = []
        start = 0
        scope = inherited = None  # the scope of the last figure named with one; of the one broken down
        for match in _AMOUNT.finditer(self.text):
            cut = max(self.text.rfind(c, 0, match.start()) for c in _BOUNDARY)
            words = self.text[max(cut + 1, start):match.start()]
            since = self.text[start:match.start()]  # all since the last amount: "，其中：人员经费"
            start = match.end()
            other = _other_year(words, year)
            metrics = () if other or _describes(self.text, match.start()) else _metrics(words, self.heading)
            named = next((s for s in _SCOPE if s in words), None)
            if re.match(r"[、，,\s]*其中", words) or re.match(r"[、，,\s]*(?:万元|元)?[，,]?其中[:：]", since):
                inherited = scope  # "…财政拨款支出8668.37万元，其中基本支出…；项目支出…": its parts
            elif named:
                scope, inherited = named, None
            if metrics and metrics[0] in _SCOPED and inherited:
                narrow = _NARROW.get((inherited, metrics[0]))
                metrics = (narrow,) if narrow else ()
            value = to_wan(Decimal(match.group(1).replace(",", "")), match.group(2))
            label = _label(words) + ("" if "." in match.group(1) or match.group(2) == "元" else _WHOLE_WAN)
            out.append((match.start(), words, metrics,
                        None if other else Stated(value, self.rows[match.start()], TEXT, label,
                                                  scope=inherited or named)))
        return out

    def figures(self, year: int | None) -> list[tuple[int, tuple[str, ...], Stated]]:
        return [(at, metrics, f) for at, _, metrics, f in self.amounts(year) if metrics and f is not None]

    def nones(self) -> list[tuple[int, tuple[str, ...], Stated]]:
        """Figures the sentence says there are none of ("本单位无机关运行经费。"): 0, for the
        specific metrics only (机关运行经费, 三公 items, 会议费 …), never a whole like 支出."""
        out = []
        for match in _NONE.finditer(self.text):
            rest = self.text[match.end():].rstrip("。；;，, ")
            rest = re.sub(r"(?:预算|支出|安排)+$", "", rest)
            for pattern, metrics, free in _NAMED:
                if free and pattern.fullmatch(rest) and not _AMOUNT.search(self.text):
                    at = match.end()
                    out.append((at, metrics, Stated(0.0, self.rows[at], TEXT, _label(rest))))
                    break
        return out

    def parts(self, year: int | None) -> tuple[Stated, str, list[Stated]] | None:
        """The sentence's first figure, its metric and the amounts listed right after it (", 其中：",
        ", 包括", ", 主要用于"; changes beside them left out), when there are two or more named parts."""
        amounts = self.amounts(year)
        if not amounts or not amounts[0][2] or amounts[0][3] is None:
            return None
        intro = _INTRO.match(self.text, _AMOUNT.match(self.text, amounts[0][0]).end())
        if intro is None:
            return None
        # "其中" lists over "；"; "包括 / 主要用于" describe the figure up to the next "；" (siblings
        # follow it: "因公出国（境）费68.50万元，主要用于…；公务接待费5.51万元")
        end = self.text.find("；", intro.end()) if "其中" not in intro.group(0) else -1
        end = end if end >= 0 else len(self.text)
        listed = [(at, words, f) for at, words, _, f in amounts[1:] if f is not None and at < end]
        # a part broken down again ("其中：…，其中：…") would be counted twice
        for again in _INTRO_WORD.finditer(self.text, intro.end()):
            if any(at > again.start() and "；" not in self.text[again.start():at] for at, _, _ in listed):
                return None
        if len(listed) < 2 or not all(_name(words) for _, words, _ in listed):
            return None
        return amounts[0][3], amounts[0][2][0], [f for _, _, f in listed]


_INTRO_WORD = re.compile(r"其中|包括|主要用于")
_INTRO = re.compile(r"[，,]?(?:其中|包括|主要用于)[:：]?")


_SCOPED = ("基本支出", "项目支出", "收入合计", "支出合计")


def _describes(text: str, at: int) -> bool:
    """An amount in a "主要用于" list (up to "；") describes the figure before it: "机关运行经费
    63.07万元，主要用于…公务用车运行维护费3.20万元" is no 三公 item."""
    use = text.rfind("主要用于", 0, at)
    return use >= 0 and "；" not in text[use:at]


def _other_year(words: str, year: int | None) -> bool:
    if _NOT_THIS_YEAR.search(words):
        return True
    return year is not None and any(int(y) != year for y in _YEAR.findall(words))


def _name(words: str) -> str:
    return _LEAD.sub("", words)


def _label(words: str) -> str:
    return _name(words)[-20:]


def _metrics(words: str, heading: str) -> tuple[str, ...]:
    core = _name(words)
    while core:
        found = _match(core)
        if found is not None:
            return found
        stripped = _FILLER.sub("", core)
        if stripped == core:
            return ()
        core = stripped
    # "（二）公务接待费。2026年预算数66.61万元": the heading before names the figure
    return (_match(heading) or ()) if heading else ()


def _match(core: str) -> tuple[str, ...] | None:
    """The metrics the end of ``core`` names; () when it names a part we do not read (财政拨款
    基本支出), None when it names nothing (yet: a filler may still be stripped)."""
    for pattern, metrics, free in _NAMED:
        found = pattern.search(core)
        if found is None:
            continue
        if free:
            return metrics
        before = re.sub(r"一般公共预算(?:财政)?拨款$", "一般公共预算", core[:found.start()])
        before = _FILLER_BEFORE.sub("", before) if not before.endswith(_SCOPE) else before
        scope = next((s for s in _SCOPE if before.endswith(s)), None)
        if scope is not None:
            narrow = _NARROW.get((scope, metrics[0]))
            if narrow:
                return (narrow,)
            continue
        # "本年收入" may or may not hold the carry-over (江苏: 本年收入预算合计 lists 上年结转)
        if metrics[0] in ("收入合计", "支出合计") and re.search(r"本年度?$", before):
            continue
        if _WHOLE.search(before) or (metrics in (("人员经费",), ("公用经费",)) and before.endswith("包括")):
            return metrics
    return None


_FILLER_BEFORE = re.compile(r"(?:预算|安排|的)+$")


def _sentences(rows: list[Row] | tuple[Row, ...]) -> list[_Sentence]:
    out = []
    for text, owners in _paragraphs(rows):
        heading = ""
        start = 0
        for end in [m.end() for m in re.finditer("。", text)] + [len(text)]:
            piece = text[start:end]
            if piece:
                out.append(_Sentence(piece, owners[start:end], heading))
                heading = _heading(piece)
            start = end
    return out


_HEADING = re.compile(rf"(?:^|[:：]){_NUMBERING}([^\d。，,；;]{{2,20}})。$")


def _heading(sentence: str) -> str:
    """'其中：（一）因公出国（境）费用。' -> '因公出国（境）费用' (a numbered heading without figures)."""
    match = _HEADING.search(sentence)
    return match.group(1) if match else ""


def _paragraphs(rows: list[Row] | tuple[Row, ...]) -> list[tuple[str, list[Row]]]:
    """Runs of one-cell rows joined over line and page breaks (blank rows and page numbers
    dropped), each character with its row; a row of several cells (a table) ends a run."""
    out: list[tuple[str, list[Row]]] = []
    text: list[str] = []
    owners: list[Row] = []
    for row in rows:
        cells = row.nonempty()
        if not cells:
            continue
        piece = squash(cells[0]) if len(cells) == 1 else ""
        if len(cells) == 1 and _FOOTER.match(piece):
            continue
        if len(cells) != 1:
            if text:
                out.append(("".join(text), owners))
            text, owners = [], []
            continue
        text.append(piece)
        owners.extend([row] * len(piece))
    if text:
        out.append(("".join(text), owners))
    return out
