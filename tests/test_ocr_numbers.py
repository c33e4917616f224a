"""OCR damage to amounts, undone by rules: a table of what the recogniser returned and the text meant.

The damaged forms are the ones seen on rendered pages of real disclosures (STACK_NOTES "OCR":
"120. 17" at confidence ~0.94; "18, 330. 37" on jiangsu-renda-2019 p5 at 150 dpi) and the
ones the issue names ("1,2 34.5", a comma read as a full stop, O for 0).
"""

from __future__ import annotations

import pytest

from reader.ocr_numbers import normalise_line


@pytest.mark.parametrize(("raw", "meant"), [
    ("120. 17", "120.17"),
    ("18, 330. 37", "18,330.37"),
    ("1, 121. 39", "1,121.39"),
    ("1,2 34.5", "1,234.5"),
    ("1.234.56", "1,234.56"),
    ("12.345.678.90", "12,345,678.90"),
    ("1O5.2O", "105.20"),
    ("3l2.00", "312.00"),
    ("2O1O1O1", "2010101"),
    ("１２，３４５．００", "12,345.00"),
    ("−12.30", "-12.30"),
    ("271. 45", "271.45"),
    ("729.00", "729.00"),
])
def test_damaged_amount_is_repaired(raw, meant):
    assert normalise_line(raw) == meant


@pytest.mark.parametrize("text", [
    "120.17 30.00",        # two amounts, each complete
    "2010101 行政运行",
    "单位：万元",
    "2024年部门预算",
    "IS DO",               # letters alone are words
    "PDF 第 3 页",
    "0.5",
    "1,234",
    "表5",
])
def test_undamaged_text_is_left_alone(text):
    assert normalise_line(text) == text


@pytest.mark.parametrize(("raw", "meant"), [
    ("般公共服务支出", "一般公共服务支出"),
    ("般行政管理事务", "一般行政管理事务"),
    ("一般公共预算拨款", "一般公共预算拨款"),
    ("行政运行", "行政运行"),
])
def test_leading_yi_dropped_by_the_detector_is_restored(raw, meant):
    assert normalise_line(raw) == meant
