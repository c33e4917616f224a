"""Number, operator, unit and target parsing shared by every layout."""

from decimal import Decimal

import pytest

from contract.hierarchy import economic_level, function_level, parent_code
from contract.numbers import normalise_operator, parse_target
from reader.cells import parse_money


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1,933.57", 1933.57),
        ("8815.77", 8815.77),
        ("  0.62 ", 0.62),
        ("10", 10.0),
        ("1,992.86", 1992.86),
        ("12,345,678.9", 12345678.9),
        ("", None),
        ("   ", None),
        ("-", None),
        ("（3.50）", -3.5),  # accounting negative
    ],
)
def test_parse_money(raw, expected):
    assert parse_money(raw) == (None if expected is None else Decimal(str(expected)))


@pytest.mark.parametrize("raw", ["合计", "1.2.3", "1,93.57", "≥90%", "六点二"])
def test_parse_money_rejects_text(raw):
    with pytest.raises(ValueError, match="not an amount"):
        parse_money(raw)


@pytest.mark.parametrize(
    ("raw", "operator", "unit", "expected"),
    [
        ("≥90%", "", "", ("≥", 90.0, "%")),
        ("≤1020 万元", "", "", ("≤", 1020.0, "万元")),
        ("≤10 万元", "", "", ("≤", 10.0, "万元")),
        ("0.06 万元/人", "", "", ("", 0.06, "万元/人")),
        ("45000元/年", "", "", ("", 45000.0, "元/年")),
        ("12次", "", "", ("", 12.0, "次")),
        ("≥60人/次", "", "", ("≥", 60.0, "人/次")),
        ("≥15 批", "", "", ("≥", 15.0, "批")),
        ("100%", "", "", ("", 100.0, "%")),
        ("4.70%", "", "", ("", 4.7, "%")),
        ("≥30000 张", "", "", ("≥", 30000.0, "张")),
        (">=95%", "", "", ("≥", 95.0, "%")),
        ("不低于90%", "", "", ("≥", 90.0, "%")),
        # operator and unit in their own columns (石柱, 湟源 layouts)
        ("90", "≥", "%", ("≥", 90.0, "%")),
        ("71", "≤", "%", ("≤", 71.0, "%")),
        ("1660", "≥", "元", ("≥", 1660.0, "元")),
        ("好", "定性", "级", ("定性", None, "级")),
        # qualitative targets
        ("较好", "", "", ("定性", None, "")),
        ("无影响", "", "", ("定性", None, "")),
        ("逐步完善", "", "", ("定性", None, "")),
        ("10月1日前", "", "", ("定性", None, "")),  # a deadline, not the number 10
        ("按县委要求时限按时完成每批次干部考察", "", "", ("定性", None, "")),
        # secret placeholder: no operator, no value
        ("涉密", "", "", ("", None, "")),
    ],
)
def test_parse_target(raw, operator, unit, expected):
    target = parse_target(raw, operator=operator, unit=unit)
    assert (target.operator, target.value, target.unit) == expected
    assert target.text == raw.strip()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("≥", "≥"), (">=", "≥"), ("<=", "≤"), ("＝", "="), ("定性", "定性"), ("", ""), ("约", "")],
)
def test_normalise_operator(raw, expected):
    assert normalise_operator(raw) == expected


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [("201", 1, None), ("20132", 2, "201"), ("2013201", 3, "20132")],
)
def test_function_codes(code, level, parent):
    assert function_level(code) == level
    assert parent_code(code) == parent


@pytest.mark.parametrize(("code", "level"), [("301", 1), ("30101", 2)])
def test_economic_codes(code, level):
    assert economic_level(code) == level


@pytest.mark.parametrize("code", ["20", "2013", "201320101"])
def test_function_level_rejects_odd_codes(code):
    with pytest.raises(ValueError):
        function_level(code)
