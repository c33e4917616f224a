"""Indicator-quality rules: one project's indicators in, a list of flags out.

The yardsticks are the Ministry of Finance's 2020 《项目支出绩效评价管理办法》
(财预〔2020〕10号) and the 2021 target-setting guidance (财预〔2021〕101号, referred
to here as 《项目支出绩效目标设置指引》). In short they ask that a project's
targets be broken down into 产出 (数量/质量/时效), 效益 (经济/社会/生态/可持续影响),
满意度 and 成本 indicators; that indicators be quantified wherever possible (a
qualitative target must still be measurable); and, for self-evaluation, weights
that total 100 with, as a rule, 预算执行率 10, 产出 50, 效益 30, 满意度 10.

Every rule has the signature ``rule(project, peers) -> list[dict]``:
``project`` holds the rows of one project (one county, year, scope, project
name and ``current`` value) of the contract's ``indicators`` table; ``peers``
holds every indicator row of the same county and year (the project included),
for rules that compare a project with its neighbours. Each flag is a dict with
the keys of ``FLAG_SCHEMA``. ``audit_indicators`` runs every rule over a whole
``indicators`` frame.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import polars as pl

from audit import words as W
from contract.indicators import level1_for

HIGH, MEDIUM, LOW = "high", "medium", "low"
SEVERITIES = (HIGH, MEDIUM, LOW)
SEVERITY_LABELS = {HIGH: "严重", MEDIUM: "一般", LOW: "提示"}

PROJECT_KEY = ("county_id", "year", "project_name", "scope", "current")
FLAG_SCHEMA: dict[str, pl.DataType] = {
    "county_id": pl.String,
    "year": pl.Int64,
    "project_name": pl.String,
    "scope": pl.String,
    "current": pl.Boolean,
    "rule": pl.String,
    "severity": pl.String,
    "message": pl.String,
    "line": pl.Int64,
    "level3": pl.String,
    "target_text": pl.String,
}
WEIGHT_TOLERANCE = 0.5
COPY_SHARE = 0.8  # share of the smaller indicator set found in the other project
COPY_MIN_INDICATORS = 3
COPY_SUFFIX = 4  # shared trailing characters that make two names "the same but for the subject"

Rule = Callable[[pl.DataFrame, pl.DataFrame], list[dict]]
_SPACE = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[。，、；;,.！!：:（）()]")


# ---- shared helpers ------------------------------------------------------------------

def clean(text: str | None) -> str:
    """Text with all whitespace removed ('' for None): PDF extraction splits names."""
    return _SPACE.sub("", text or "")


def is_secret(row: dict) -> bool:
    return clean(row["target_text"]) == W.SECRET or clean(row["level3"]) == W.SECRET


def is_vague(row: dict) -> bool:
    """A qualitative target (no number) built on an evaluative word: 较好, 提高, 优 …"""
    if row["target_value"] is not None or is_secret(row):
        return False
    text = _PUNCTUATION.sub("", clean(row["target_text"]))
    if not text or any(ch.isdigit() for ch in text):
        return False
    return text in W.VAGUE_GRADES or any(phrase in text for phrase in W.VAGUE_PHRASES)


def category_of(row: dict) -> str | None:
    """产出 / 效益 / 满意度 / 成本 for a row, or None when it cannot be told.

    Read from level1; where level1 is null or non-standard, from level2 (via
    contract.indicators.level1_for, then keywords); as a last resort a level3
    naming 满意 is a satisfaction indicator. Other level3 keywords are not used:
    a name such as 提高资金效益 says nothing about its category.
    """
    level1 = _keyword_category(row["level1"])
    if level1:
        return level1
    level2 = clean(row["level2"])
    return (_keyword_category(level1_for(level2) if level2 else None)
            or _keyword_category(level2)
            or ("满意度" if "满意" in clean(row["level3"]) else None))


def _keyword_category(text: str | None) -> str | None:
    name = clean(text)
    return next((cat for word, cat in W.CATEGORY_KEYWORDS if name and word in name), None)


def unit_of(row: dict) -> str:
    return clean(row["unit"]).replace("％", "%")


def is_percent(unit: str) -> bool:
    return any(word in unit for word in W.PERCENT_UNITS)


def name_kind(level3: str | None) -> str | None:
    """'rate' or 'count' from the word ending last in the name, else None."""
    name = clean(level3)
    for word in W.NOT_RATE_WORDS:
        name = name.replace(word, "#" * len(word))
    rate_end = max((name.rfind(w) + len(w) for w in W.RATE_WORDS if w in name), default=-1)
    count_end = max((name.rfind(w) + len(w) for w in W.COUNT_WORDS if w in name), default=-1)
    if rate_end < 0 and count_end < 0:
        return None
    return "rate" if rate_end >= count_end else "count"


def _rows(frame: pl.DataFrame) -> list[dict]:
    return frame.sort("line").to_dicts()


def _flag(project: list[dict], rule: str, severity: str, message: str,
          row: dict | None = None) -> dict:
    """A flag on ``row``, or on the project as a whole (its first line) when None."""
    first = project[0]
    return {
        **{key: first[key] for key in PROJECT_KEY},
        "rule": rule,
        "severity": severity,
        "message": message,
        "line": (row or first)["line"],
        "level3": row["level3"] if row else None,
        "target_text": row["target_text"] if row else None,
    }


def _fmt(value: float) -> str:
    return f"{value:g}"


# ---- 1. categories -------------------------------------------------------------

def check_missing_category(project: pl.DataFrame, peers: pl.DataFrame) -> list[dict]:
    """missing_category: the project has no 产出, 效益 or 满意度 indicator.

    Both texts make 产出 and 效益 the core of every project's targets (a
    project that states no output or no outcome cannot be evaluated) and list
    服务对象满意度 as the third 一级指标, weighted 10 in self-evaluation.
    Severity high for a missing 产出/效益, medium for 满意度. 成本 is not
    required here. A 部门整体 table is checked only when it uses this
    framework: department-wide tables often use another one (部门管理 / 履职效果
    / 能力建设), where the categories do not apply. A table with no level1 or
    level2 at all (石柱's 一级项目 layout) gets one category_unclassified flag
    (low) instead, and only a missing 满意度 (read from level3) is checked.
    """
    rows = _rows(project)
    if rows[0]["scope"] == "部门整体" and not any(_keyword_category(r["level1"]) for r in rows):
        return []
    present = {category_of(r) for r in rows}
    unclassified = not any(clean(r["level1"]) or clean(r["level2"]) for r in rows)
    flags = [
        _flag(rows, "category_unclassified", LOW,
              "指标未标注一级、二级指标，无法核对产出、效益指标是否齐全")
    ] if unclassified else []
    return flags + [
        _flag(rows, "missing_category", MEDIUM if cat == "满意度" else HIGH,
              f"未设置{cat}指标（绩效指标应包含产出、效益和满意度指标）")
        for cat in W.REQUIRED_CATEGORIES
        if cat not in present and not (unclassified and cat != "满意度")
    ]


# ---- 2. weights ------------------------------------------------------------------

def check_weights(project: pl.DataFrame, peers: pl.DataFrame) -> list[dict]:
    """weights_missing / weights_sum: weights incomplete or not totalling 100.

    The 2020 办法 has self-evaluation weights total 100 (预算执行率 10, 产出 50,
    效益 30, 满意度 10 as a rule). Many layouts carry no weights at all, so a
    project without weights is flagged (weights_missing) only when some of its
    indicators have one, or when it is a 项目 and other 项目 of the same county
    and year have weights. A complete set must total 100 ± 0.5; 90 is accepted
    when no indicator of the project is the 预算执行率, whose 10 is then stated
    apart from the table (石柱: "预算执行率权重 10"). A weightless row right
    under a row of the same name is the second value of a vertically merged
    name/weight cell (石柱 一级项目 lines 269, 365): the merged weight covers
    both, so the row is left out here (duplicate_indicator reports it).
    """
    rows = [r for r in _rows(project) if not is_secret(r)]
    rows = [r for i, r in enumerate(rows) if not _merged_continuation(r, rows[i - 1] if i else None)]
    if not rows:
        return []
    missing = [r for r in rows if r["weight"] is None]
    if missing and len(missing) < len(rows):
        return [_flag(rows, "weights_missing", MEDIUM,
                      f"部分指标未填写权重（已填{len(rows) - len(missing)}/{len(rows)}个）",
                      missing[0])]
    if missing:
        return _weights_absent(rows, peers)
    total = sum(r["weight"] for r in rows)
    has_execution = any(W.BUDGET_EXECUTION in clean(r["level3"]) for r in rows)
    accepted = [100.0] if has_execution else [100.0, 100.0 - W.BUDGET_EXECUTION_WEIGHT]
    if any(abs(total - ok) <= WEIGHT_TOLERANCE for ok in accepted):
        return []
    return [_flag(rows, "weights_sum", MEDIUM,
                  f"指标权重合计{_fmt(total)}，应为100（预算执行率权重10另列时为90）")]


def _merged_continuation(row: dict, previous: dict | None) -> bool:
    return (previous is not None and row["weight"] is None and previous["weight"] is not None
            and clean(row["level3"]) == clean(previous["level3"]))


def _weights_absent(rows: list[dict], peers: pl.DataFrame) -> list[dict]:
    first = rows[0]
    if first["scope"] != "项目":
        return []
    others = peers.filter(
        (pl.col("scope") == "项目") & (pl.col("project_name") != first["project_name"])
        & pl.col("weight").is_not_null()
    )
    if others.is_empty():
        return []
    return [_flag(rows, "weights_missing", MEDIUM, "未填写指标权重，而同一部门的其他项目已填写")]


# ---- 3. units ------------------------------------------------------------------------

def check_unit_missing(project: pl.DataFrame, peers: pl.DataFrame) -> list[dict]:
    """unit_missing: a numeric target with no unit.

    Quantified targets are what the 2021 指引 asks for, and a number is only
    measurable with its unit: "5031.77" may be 万元 or 元. Severity low.
    """
    rows = _rows(project)
    return [
        _flag(rows, "unit_missing", LOW,
              f"指标值“{r['target_text']}”为数值，但未注明计量单位", r)
        for r in rows if r["target_value"] is not None and not unit_of(r)
    ]


def check_unit_mismatch(project: pl.DataFrame, peers: pl.DataFrame) -> list[dict]:
    """unit_mismatch: the unit contradicts what the name measures.

    A rate (name ending in 率 — but not 频率/效率 —, 满意度, 占比, 比例, 比重) must be
    a percentage, so a count, money or time unit (人, 个, 次, 元, 天, 月 …, see
    words.COUNT_UNIT_PREFIXES) is wrong; a count (人数, 个数, 次数, 户数, 人次,
    数量 …) in % is wrong too. The word ending last in the name decides
    (培训人数完成率 is a rate). Severity medium: the target cannot be checked.
    """
    rows = _rows(project)
    flags = []
    for r in rows:
        unit, kind = unit_of(r), name_kind(r["level3"])
        if not unit or kind is None:
            continue
        if kind == "rate" and not is_percent(unit) and unit.startswith(W.COUNT_UNIT_PREFIXES):
            flags.append(_flag(rows, "unit_mismatch", MEDIUM,
                               f"“{clean(r['level3'])}”是比率类指标，计量单位却为“{unit}”", r))
        elif kind == "count" and is_percent(unit):
            flags.append(_flag(rows, "unit_mismatch", MEDIUM,
                               f"“{clean(r['level3'])}”是数量类指标，计量单位却为“{unit}”", r))
    return flags


# ---- 4. vague targets ----------------------------------------------------------------

def check_vague_target(project: pl.DataFrame, peers: pl.DataFrame) -> list[dict]:
    """vague_target / vague_share: qualitative targets that cannot be measured.

    The 2021 指引 asks for quantified indicators wherever possible and for
    qualitative ones to be measurable (graded against a stated standard). A
    target with no number that contains an evaluative phrase (较好, 提高, 明显改善,
    逐步完善, 规范, 健全 … words.VAGUE_PHRASES) or is a bare grade (好, 高, 良, 优,
    强 … words.VAGUE_GRADES) is flagged once each (low). When such targets make
    up half or more of the project's indicators (涉密 placeholders left out) the
    project gets one vague_share flag (medium).
    """
    rows = _rows(project)
    vague = [r for r in rows if is_vague(r)]
    flags = [_flag(rows, "vague_target", LOW,
                   f"指标值“{clean(r['target_text'])}”为模糊的定性表述，难以衡量，宜量化", r)
             for r in vague]
    counted = [r for r in rows if not is_secret(r)]
    if vague and len(vague) >= W.VAGUE_SHARE_LIMIT * len(counted):
        flags.append(_flag(rows, "vague_share", MEDIUM,
                           f"模糊定性指标占{len(vague) / len(counted):.0%}"
                           f"（{len(vague)}/{len(counted)}个），量化程度不足"))
    return flags


# ---- 5. ranges and directions ---------------------------------------------------------

def _is_satisfaction(row: dict) -> bool:
    return any(word in clean(row["level3"]) for word in W.SATISFACTION_WORDS)


def check_satisfaction_range(project: pl.DataFrame, peers: pl.DataFrame) -> list[dict]:
    """satisfaction_range: a satisfaction target under 80 or above 100.

    满意度 is a percentage (or a score out of 100): above 100 is impossible
    (high); under 80 sets the bar below what the 满意度 indicator is meant to
    show and is usually a slip (0.9 for 90%) or a weak target (medium). Applies
    to names containing 满意度, 满意率 or 满意程度 with a unit of %, 分 or none.
    """
    rows = _rows(project)
    flags = []
    for r in rows:
        value = r["target_value"]
        if value is None or not _is_satisfaction(r) or unit_of(r) not in ("", "%", "分", "百分比"):
            continue
        if value > W.PERCENT_MAX:
            flags.append(_flag(rows, "satisfaction_range", HIGH,
                               f"满意度目标值{_fmt(value)}超过100%，无法实现", r))
        elif value < W.SATISFACTION_MIN:
            flags.append(_flag(rows, "satisfaction_range", MEDIUM,
                               f"满意度目标值{_fmt(value)}低于80%，目标偏低或填写有误", r))
    return flags


def check_percent_range(project: pl.DataFrame, peers: pl.DataFrame) -> list[dict]:
    """percent_over_100: a percentage target above 100.

    A share cannot exceed 100% (high). Satisfaction is left to
    satisfaction_range, and names of change (增长, 增幅, 提高, 提升 …,
    words.GROWTH_WORDS) are exempt, since growth can exceed 100%.
    """
    rows = _rows(project)
    return [
        _flag(rows, "percent_over_100", HIGH, f"百分比目标值{_fmt(r['target_value'])}%超过100%", r)
        for r in rows
        if r["target_value"] is not None and r["target_value"] > W.PERCENT_MAX
        and is_percent(unit_of(r)) and not _is_satisfaction(r)
        and not any(word in clean(r["level3"]) for word in W.GROWTH_WORDS)
    ]


def rate_direction(level3: str | None) -> str | None:
    """'low' for a rate that should be kept low, 'high' for one that should be high."""
    name = clean(level3)
    if any(word in name for word in W.LOW_RATE_WORDS):
        return "low"
    if any(word in name for word in W.HIGH_RATE_WORDS):
        return "high"
    return None


def check_rate_direction(project: pl.DataFrame, peers: pl.DataFrame) -> list[dict]:
    """rate_direction: the operator points the wrong way for the rate.

    A target states the level to reach: a rate that should be low (流失率,
    信访率, 差错率, 投诉率 … words.LOW_RATE_WORDS) needs ≤ or <; one that should
    be high (满意度, 合格率, 完成率, 覆盖率 … words.HIGH_RATE_WORDS) needs ≥, >
    or =. 选调生人才流失率 ≥ 50% rewards losing half the recruits. High.
    """
    rows = _rows(project)
    flags = []
    for r in rows:
        direction = rate_direction(r["level3"])
        wrong = (direction == "low" and r["operator"] in ("≥", ">")) or (
            direction == "high" and r["operator"] in ("≤", "<"))
        if wrong:
            should = "越低越好" if direction == "low" else "越高越好"
            flags.append(_flag(rows, "rate_direction", HIGH,
                               f"“{clean(r['level3'])}”应{should}，目标却为"
                               f"“{r['operator']}{clean(r['target_text'])}”", r))
    return flags


# ---- 6. duplicates and copies --------------------------------------------------------

def check_duplicate_indicator(project: pl.DataFrame, peers: pl.DataFrame) -> list[dict]:
    """duplicate_indicator: the same level3 name twice in one project.

    Each indicator should measure something distinct; a repeated name either
    double-counts one target or hides two targets under one name. Flagged on
    the second occurrence (medium); 涉密 placeholders are left to
    secret_placeholder.
    """
    rows = [r for r in _rows(project) if not is_secret(r)]
    counts = Counter(clean(r["level3"]) for r in rows)
    flags, seen = [], set()
    for r in rows:
        name = clean(r["level3"])
        if name in seen and counts[name] > 1:
            flags.append(_flag(rows, "duplicate_indicator", MEDIUM,
                               f"三级指标“{name}”在本项目中出现{counts[name]}次", r))
            counts[name] = 0  # one flag per name
        seen.add(name)
    return flags


def _items(rows: list[dict]) -> list[tuple[str, tuple | None]]:
    """(name, target signature) per distinct name; the signature only for numbers."""
    items: dict[str, tuple | None] = {}
    for r in rows:
        if is_secret(r):
            continue
        signature = ((r["operator"], r["target_value"], unit_of(r))
                     if r["target_value"] is not None else None)
        items.setdefault(clean(r["level3"]), signature)
    return list(items.items())


def _same_indicator(a: tuple[str, tuple | None], b: tuple[str, tuple | None]) -> bool:
    """Equal names, or the same number and unit under a name with only its subject changed."""
    if a[0] == b[0]:
        return True
    if a[1] is None or a[1] != b[1]:
        return False
    suffix = 0
    for x, y in zip(reversed(a[0]), reversed(b[0]), strict=False):
        if x != y:
            break
        suffix += 1
    return suffix >= COPY_SUFFIX


def _overlap(mine: list, theirs: list) -> int:
    found_mine = sum(any(_same_indicator(a, b) for b in theirs) for a in mine)
    found_theirs = sum(any(_same_indicator(b, a) for a in mine) for b in theirs)
    return min(found_mine, found_theirs)


def check_copied_set(project: pl.DataFrame, peers: pl.DataFrame) -> list[dict]:
    """copied_set: the project's indicators were copied from another project.

    Targets are to be set from each project's own purpose and outputs; a set
    carried over from another project measures that project instead (石柱's
    离退休党组织建设经费 carries the 驻村 indicators of 驻乡村村干部乡镇工作补贴).
    Compared: current projects of the same scope, county and year. Two
    indicators are the same when their names are equal, or when their numeric
    targets (operator, value, unit) are equal and their names share the last 4
    or more characters (党组织建设经费标准 / 工作队经费标准). A pair is flagged when
    the smaller set has at least 3 indicators and at least 80% of it matches
    the other set. Only the project whose table comes later in the document
    (the likely copy) is flagged, naming the earlier one (high).
    """
    rows = _rows(project)
    first = rows[0]
    mine = _items(rows)
    if not first["current"] or len(mine) < COPY_MIN_INDICATORS:
        return []
    others = peers.filter(
        (pl.col("scope") == first["scope"]) & pl.col("current")
        & (pl.col("project_name") != first["project_name"])
    )
    by_project: dict[str, list[dict]] = {}
    for r in others.sort("line").to_dicts():
        by_project.setdefault(r["project_name"], []).append(r)
    flags = []
    for name, their_rows in by_project.items():
        theirs = _items(their_rows)
        smaller = min(len(mine), len(theirs))
        if their_rows[0]["line"] > first["line"] or smaller < COPY_MIN_INDICATORS:
            continue
        shared = _overlap(mine, theirs)
        if shared >= COPY_SHARE * smaller:
            flags.append(_flag(rows, "copied_set", HIGH,
                               f"本项目有{shared}个指标与「{name}」（第{their_rows[0]['line']}行起）"
                               f"相同或仅替换主语，疑似照搬其他项目的绩效指标"))
    return flags


# ---- 7. secret placeholders ----------------------------------------------------------

def check_secret_placeholder(project: pl.DataFrame, peers: pl.DataFrame) -> list[dict]:
    """secret_placeholder: indicators replaced by "涉密".

    A disclosed target table whose cells read 涉密 discloses nothing that can
    be evaluated; the placeholder may be lawful, so the flag is low and the
    project, if wholly 涉密, is left unscored rather than penalised (score.py).
    One flag per project, on its first 涉密 row.
    """
    rows = _rows(project)
    secret = [r for r in rows if is_secret(r)]
    if not secret:
        return []
    return [_flag(rows, "secret_placeholder", LOW,
                  f"{len(secret)}/{len(rows)}个指标以“涉密”代替，无法评价", secret[0])]


RULES: tuple[Rule, ...] = (
    check_missing_category,
    check_weights,
    check_unit_missing,
    check_unit_mismatch,
    check_vague_target,
    check_satisfaction_range,
    check_percent_range,
    check_rate_direction,
    check_duplicate_indicator,
    check_copied_set,
    check_secret_placeholder,
)
RULE_IDS = (  # every id a flag can carry, in RULES order
    "missing_category", "category_unclassified",
    "weights_missing", "weights_sum",
    "unit_missing", "unit_mismatch",
    "vague_target", "vague_share",
    "satisfaction_range", "percent_over_100", "rate_direction",
    "duplicate_indicator", "copied_set",
    "secret_placeholder",
)


def audit_indicators(indicators: pl.DataFrame, rules: tuple[Rule, ...] = RULES) -> pl.DataFrame:
    """Every flag of every rule on every project: one row per flag, FLAG_SCHEMA columns.

    Projects are the groups of PROJECT_KEY; rows are ordered by county, year,
    source line and rule id.
    """
    flags: list[dict] = []
    for peers in indicators.partition_by(["county_id", "year"], maintain_order=True):
        for project in peers.partition_by(list(PROJECT_KEY), maintain_order=True):
            for rule in rules:
                flags.extend(rule(project, peers))
    if not flags:
        return pl.DataFrame(schema=FLAG_SCHEMA)
    frame = pl.DataFrame(flags, schema=FLAG_SCHEMA, orient="row")
    return frame.sort(["county_id", "year", "line", "rule"], maintain_order=True)
