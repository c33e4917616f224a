"""Documents, not only counties: 地区/部门 filters over documents and how shown documents are named.

Hand-made counties rows (the truth is what is written here): 湟源县 with two departments, one of
them in both the 部门 and 单位 editions, and 和政县 with one."""

from __future__ import annotations

import polars as pl

from charts.context import ChartContext, document_labels
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
)

ROWS = [
    {"county_id": "hezheng", "year": 2024, "county_name": "和政县", "department": "和政县组织部", "document": "a.txt"},
    {"county_id": "hy-edu", "year": 2024, "county_name": "湟源县", "department": "湟源县教育局", "document": "b.pdf"},
    {"county_id": "hy-edu", "year": 2025, "county_name": "湟源县", "department": "湟源县教育局", "document": "c.pdf"},
    {"county_id": "hy-edu-unit", "year": 2025, "county_name": "湟源县", "department": "湟源县教育局",
     "document": "d.pdf"},
    {"county_id": "hy-water", "year": 2025, "county_name": "湟源县", "department": "湟源县水利局",
     "document": "e.pdf"},
]
COUNTIES = pl.DataFrame(ROWS).with_columns(pl.lit("青海省").alias("province"))
OPTIONS = FilterOptions.from_counties(COUNTIES)


def test_labels_add_the_department_only_where_a_region_is_shared():
    latest = [ROWS[0], ROWS[2], ROWS[3], ROWS[4]]
    assert document_labels(latest) == {
        "hezheng": "和政县",
        "hy-edu": "湟源县·教育局（c.pdf）",  # same region and department as the 单位 edition
        "hy-edu-unit": "湟源县·教育局（d.pdf）",
        "hy-water": "湟源县·水利局",
    }
    assert document_labels([ROWS[0], ROWS[4]]) == {"hezheng": "和政县", "hy-water": "湟源县"}


def test_titles_and_file_names_name_the_department():
    ctx = ChartContext.from_tables(pl.DataFrame([ROWS[2], ROWS[4]]))
    assert "湟源县·教育局" in ctx.title("三公经费") and "湟源县·水利局" in ctx.title("三公经费")
    assert file_stem(ctx, "三公经费分项").startswith("湟源县·教育局-湟源县·水利局")


def test_region_and_department_choices():
    assert OPTIONS.region_choices == ("和政县", "湟源县")
    assert OPTIONS.department_choices(["湟源县"]) == ("湟源县教育局", "湟源县水利局")
    assert not OPTIONS.needs_department(["和政县"])
    assert OPTIONS.needs_department(["和政县", "湟源县"])
    assert OPTIONS.documents(["湟源县", "和政县"], ["湟源县水利局", "和政县组织部"]) == ("hy-water", "hezheng")
    # the 部门 filter is hidden for a region with one department: all its documents are shown
    assert OPTIONS.documents(["和政县"], []) == ("hezheng",)


def test_old_county_links_select_their_documents():
    filters, notices = filters_from_query({"county": "hezheng,hy-water", "year": "2025"}, OPTIONS)
    assert not notices and filters.counties == ("hezheng", "hy-water")
    state = {"f_regions": list(OPTIONS.regions_of(filters.counties)),
             "f_departments": list(OPTIONS.departments_of(filters.counties)),
             "f_year": filters.year, "f_unit": "wan", "f_mode": "abs"}
    assert chosen_filters(state, OPTIONS).counties == ("hezheng", "hy-water")


def test_a_region_chosen_brings_its_departments_and_removed_documents_drop_out():
    state = {"f_regions": ["和政县"], "f_departments": ["和政县组织部"], "f_year": "2030",
             SEEN_REGIONS_KEY: ["和政县"]}
    state["f_regions"] = ["和政县", "湟源县"]  # the user adds 湟源县
    keep_choices_valid(state, OPTIONS)
    assert state["f_departments"] == ["和政县组织部", "湟源县教育局", "湟源县水利局"]
    assert state["f_year"] == LATEST  # a year no document has
    fewer = FilterOptions.from_counties(COUNTIES.filter(pl.col("county_id") != "hy-water"))
    keep_choices_valid(state, fewer)
    assert state["f_departments"] == ["和政县组织部", "湟源县教育局"]


def test_an_imported_document_is_added_to_what_is_shown():
    state = {"f_regions": ["和政县"], "f_departments": ["和政县组织部"], PENDING_DOCUMENTS_KEY: ["hy-water"]}
    show_documents(state, OPTIONS, state.pop(PENDING_DOCUMENTS_KEY))
    assert state["f_regions"] == ["和政县", "湟源县"]
    assert OPTIONS.documents(state["f_regions"], state["f_departments"]) == ("hezheng", "hy-water")
