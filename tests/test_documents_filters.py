"""Documents, not only counties: the 地区 filter and the document picker over documents, and how
documents are named (content.naming: as officials name them, never by file name).

Hand-made counties rows (the truth is what is written here): 湟源县 with two departments, one of
them in both the 部门 and 单位 editions, and the shipped 和政县 with one."""

from __future__ import annotations

import polars as pl

from charts.context import ChartContext
from content.catalog import file_stem
from content.filters import (
    LATEST,
    PENDING_DOCUMENTS_KEY,
    SEEN_REGIONS_KEY,
    FilterOptions,
    chosen_filters,
    filters_from_query,
    keep_choices_valid,
    show_documents,
    sidebar_state,
)
from content.naming import choice_labels, document_labels, document_names, full_names, official_name

ROWS = [
    {"county_id": "hezheng", "year": 2024, "county_name": "和政县", "department": "和政县组织部", "document": "a.txt",
     "edition": "部门"},
    {"county_id": "hy-edu", "year": 2024, "county_name": "湟源县", "department": "湟源县教育局", "document": "b.pdf",
     "edition": "部门"},
    {"county_id": "hy-edu", "year": 2025, "county_name": "湟源县", "department": "湟源县教育局", "document": "c.pdf",
     "edition": "部门"},
    {"county_id": "hy-edu-unit", "year": 2025, "county_name": "湟源县", "department": "湟源县教育局",
     "document": "d.pdf", "edition": "单位"},
    {"county_id": "hy-water", "year": 2025, "county_name": "湟源县", "department": "湟源县水利局",
     "document": "e.pdf", "edition": "部门"},
]
COUNTIES = pl.DataFrame(ROWS).with_columns(pl.lit("青海省").alias("province"))
OPTIONS = FilterOptions.from_counties(COUNTIES)
LATEST_ROWS = [ROWS[0], ROWS[2], ROWS[3], ROWS[4]]


def test_documents_are_named_as_officials_name_them_not_by_file():
    assert document_names(LATEST_ROWS) == {
        "hezheng": "和政县",  # a shipped document keeps its name
        "hy-edu": "湟源县·教育局（部门预算）",
        "hy-edu-unit": "湟源县·教育局（单位预算）",
        "hy-water": "湟源县·水利局（部门预算）",
    }
    assert document_labels(LATEST_ROWS) == {
        "hezheng": "和政县 2024",
        "hy-edu": "湟源县·教育局（部门预算 · 2025）",
        "hy-edu-unit": "湟源县·教育局（单位预算 · 2025）",
        "hy-water": "湟源县·水利局（部门预算 · 2025）",
    }
    # the name does not depend on what else is shown, and never holds the file name
    assert document_names([ROWS[0], ROWS[4]]) == {"hezheng": "和政县", "hy-water": "湟源县·水利局（部门预算）"}
    assert not any(".pdf" in name for name in document_labels(LATEST_ROWS).values())


def test_a_kept_second_copy_and_a_shared_shipped_region():
    copy = {**ROWS[4], "county_id": "hy-water-2", "document": "e (1).pdf"}
    assert document_labels([ROWS[4], copy]) == {"hy-water": "湟源县·水利局（部门预算 · 2025）",
                                                 "hy-water-2": "湟源县·水利局（部门预算 · 2025 · 第2份）"}
    neighbour = {**ROWS[4], "county_name": "和政县", "department": "和政县教育局", "county_id": "hz-edu"}
    assert document_names([ROWS[0], neighbour]) == {"hezheng": "和政县·组织部", "hz-edu": "和政县·教育局（部门预算）"}
    # a county dataset without an edition (synthetic data) is named by its region
    assert document_labels([{**ROWS[4], "county_id": "syn0001", "edition": None}]) == {"syn0001": "湟源县 2025"}


def test_official_name_parts():
    assert official_name("深圳市", "深圳市公安局（本级）", "部门", [2026]) == "深圳市·公安局（本级）（部门预算 · 2026）"
    assert official_name("上海市", "上海科技大学附属学校", "单位", [2025, 2026]) == \
        "上海市·上海科技大学附属学校（单位预算 · 2025、2026）"
    assert official_name("湟源县", "湟源县", None) == "湟源县·湟源县"  # a department named as its region stays


def test_final_accounts_are_named_as_such_beside_their_budget():
    # a 决算 and the 预算 of one department and year are two documents (issue 22)
    budget = {"county_id": "pt-cz", "year": 2024, "county_name": "上海市普陀区", "department": "上海市普陀区财政局",
              "edition": "部门", "document_kind": "预算"}
    final = {**budget, "county_id": "pt-cz-决算", "document_kind": "决算"}
    assert document_names([budget, final]) == {"pt-cz": "上海市普陀区·财政局（部门预算）",
                                               "pt-cz-决算": "上海市普陀区·财政局（部门决算）"}
    assert official_name("上海市普陀区", "上海市普陀区财政局", None, [2024], document_kind="决算") == \
        "上海市普陀区·财政局（决算 · 2024）"


def test_the_picker_names_documents_as_the_charts_do_with_their_years():
    assert choice_labels(COUNTIES.sort("year").rows(named=True)) == {
        "hezheng": "和政县 2024",
        "hy-edu": "湟源县·教育局（部门预算 · 2024、2025）",
        "hy-edu-unit": "湟源县·教育局（单位预算 · 2025）",
        "hy-water": "湟源县·水利局（部门预算 · 2025）",
    }
    assert OPTIONS.choice_name("hy-edu-unit") == "湟源县·教育局（单位预算 · 2025）"
    # 总览's headings: the whole official name, a shipped document's department too
    assert full_names([ROWS[0]]) == {"hezheng": "和政县·组织部（部门预算 · 2024）"}


def test_titles_and_file_names_name_the_document_and_count_in_regions_or_departments():
    names = document_names(LATEST_ROWS)
    two = ChartContext.from_tables(pl.DataFrame([ROWS[2], ROWS[4]]), names=names)
    assert "湟源县·教育局（部门预算）" in two.title("三公经费") and "湟源县·水利局（部门预算）" in two.title("三公经费")
    assert file_stem(two, "三公经费分项").startswith("湟源县·教育局（部门预算）-湟源县·水利局（部门预算）")
    assert "县" not in file_stem(ChartContext.from_tables(pl.DataFrame(LATEST_ROWS), names=names), "x").split("_")[0]
    three = ChartContext.from_tables(pl.DataFrame([ROWS[0], ROWS[2], ROWS[4]]), names=names)
    assert "3 个部门 2024–2025年" in three.title("三公经费")
    editions = ChartContext.from_tables(pl.DataFrame(LATEST_ROWS[1:]), names=names)
    assert "3 份预算 2025年" in editions.title("三公经费")  # two editions of one department are not 3 部门
    regions = ChartContext.from_tables(pl.DataFrame([ROWS[0], {**ROWS[4], "county_name": "大通县"},
                                                     {**ROWS[3], "county_name": "互助县"}]), names=names)
    assert "3 个地区 2024–2025年" in regions.title("三公经费")


def test_region_and_document_choices():
    assert OPTIONS.region_choices == ("和政县", "湟源县")
    assert not OPTIONS.needs_documents(["和政县"])
    assert OPTIONS.needs_documents(["和政县", "湟源县"])
    assert OPTIONS.documents(["湟源县"]) == ("hy-edu", "hy-edu-unit", "hy-water")
    assert OPTIONS.documents(["湟源县", "和政县"], ["hy-water", "hezheng"]) == ("hy-water", "hezheng")
    # no picker for a region with one document: it is shown
    assert OPTIONS.documents(["和政县"], []) == ("hezheng",)


def test_a_link_naming_one_edition_keeps_naming_that_one():
    """Today's bug: a link naming only the 部门 edition was rewritten to add the 单位 edition."""
    for link in ("hy-edu", "hy-edu-unit", "hezheng,hy-water"):
        filters, notices = filters_from_query({"county": link, "year": "2025"}, OPTIONS)
        state = sidebar_state(filters, OPTIONS)
        keep_choices_valid(state, OPTIONS)
        assert not notices and chosen_filters(state, OPTIONS).to_query()["county"] == link


def test_a_region_chosen_brings_its_documents_and_removed_documents_drop_out():
    state = {"f_regions": ["和政县"], "f_documents": ["hezheng"], "f_year": "2030", "f_unit": "wan", "f_mode": "abs",
             SEEN_REGIONS_KEY: ["和政县"]}
    state["f_regions"] = ["和政县", "湟源县"]  # the user adds 湟源县
    keep_choices_valid(state, OPTIONS)
    assert state["f_documents"] == ["hezheng", "hy-edu", "hy-edu-unit", "hy-water"]
    assert state["f_year"] == LATEST  # a year no document has
    state["f_documents"] = ["hezheng", "hy-edu-unit"]  # the user picks the 单位 edition only
    keep_choices_valid(state, OPTIONS)
    assert chosen_filters(state, OPTIONS).counties == ("hezheng", "hy-edu-unit")
    fewer = FilterOptions.from_counties(COUNTIES.filter(pl.col("county_id") != "hy-edu-unit"))
    keep_choices_valid(state, fewer)
    assert state["f_documents"] == ["hezheng"]


def test_an_imported_document_is_added_to_what_is_shown():
    state = {"f_regions": ["和政县"], "f_documents": ["hezheng"], PENDING_DOCUMENTS_KEY: ["hy-water"]}
    show_documents(state, OPTIONS, state.pop(PENDING_DOCUMENTS_KEY))
    keep_choices_valid(state, OPTIONS)
    assert state["f_regions"] == ["和政县", "湟源县"]
    assert OPTIONS.documents(state["f_regions"], state["f_documents"]) == ("hezheng", "hy-water")
