"""预算 / 决算 chosen in the sidebar and the URL like any other part of a document's identity (issue 22
point 5); links made before the choice existed keep working.

Hand-made counties rows (the truth is what is written here): 湟源县 教育局 with its 2024 budget and its
2024 决算, 湟源县 水利局 with a budget only, and the shipped 和政县."""

from __future__ import annotations

import polars as pl

from content.filters import (
    BOTH_KINDS,
    LATEST,
    SEEN_REGIONS_KEY,
    FilterOptions,
    Filters,
    chosen_filters,
    filters_from_query,
    keep_choices_valid,
    show_documents,
    sidebar_state,
)

ROWS = [
    {"county_id": "hezheng", "year": 2024, "county_name": "和政县", "department": "和政县组织部", "document": "a.txt",
     "edition": None, "document_kind": "预算"},
    {"county_id": "hy-edu", "year": 2024, "county_name": "湟源县", "department": "湟源县教育局", "document": "b.pdf",
     "edition": "部门", "document_kind": "预算"},
    {"county_id": "hy-edu-决算", "year": 2024, "county_name": "湟源县", "department": "湟源县教育局",
     "document": "c.pdf", "edition": "部门", "document_kind": "决算"},
    {"county_id": "hy-water", "year": 2024, "county_name": "湟源县", "department": "湟源县水利局", "document": "d.pdf",
     "edition": "部门", "document_kind": "预算"},
]
OPTIONS = FilterOptions.from_counties(pl.DataFrame(ROWS).with_columns(pl.lit("青海省").alias("province")))
BUDGETS_ONLY = FilterOptions.from_counties(pl.DataFrame([r for r in ROWS if r["document_kind"] == "预算"])
                                           .with_columns(pl.lit("青海省").alias("province")))


def _state(query: dict, options: FilterOptions = OPTIONS) -> dict:
    filters, notices = filters_from_query(query, options)
    state = sidebar_state(filters, options) | {"notices": notices}
    state[SEEN_REGIONS_KEY] = list(state["f_regions"])
    keep_choices_valid(state, options)
    return state


def test_the_kind_choice_offers_the_documents_of_that_kind():
    assert OPTIONS.has_finals and not BUDGETS_ONLY.has_finals
    assert OPTIONS.region_choices_of("final") == ("湟源县",)
    assert OPTIONS.region_choices_of("budget") == ("和政县", "湟源县")
    assert OPTIONS.documents(["湟源县"], document_kind="final") == ("hy-edu-决算",)
    assert OPTIONS.documents(["湟源县"], document_kind="budget") == ("hy-edu", "hy-water")
    assert OPTIONS.documents(["湟源县"]) == ("hy-edu", "hy-edu-决算", "hy-water")
    assert not OPTIONS.needs_documents(["湟源县"], "final")  # one 决算 there: no picker
    assert OPTIONS.needs_documents(["湟源县"], "budget")


def test_the_kind_is_in_the_url_and_round_trips():
    filters, notices = filters_from_query({"county": "hy-edu-决算", "kind": "final"}, OPTIONS)
    assert (filters.counties, filters.document_kind, notices) == (("hy-edu-决算",), "final", [])
    assert filters.to_query()["kind"] == "final"
    assert filters_from_query(filters.to_query(), OPTIONS)[0] == filters
    state = _state(filters.to_query())
    assert chosen_filters(state, OPTIONS) == filters


def test_a_link_made_before_the_choice_shows_both_kinds_as_it_did():
    old = {"county": "hy-edu,hy-edu-决算", "year": LATEST, "unit": "wan", "mode": "abs"}
    filters, notices = filters_from_query(old, OPTIONS)
    assert (filters.counties, filters.document_kind, notices) == (("hy-edu", "hy-edu-决算"), BOTH_KINDS, [])
    assert "kind" not in filters.to_query()  # links of both document_kinds look as they always did
    assert chosen_filters(_state(old), OPTIONS).counties == ("hy-edu", "hy-edu-决算")


def test_a_document_of_the_other_kind_in_a_link_is_left_out_with_a_notice():
    filters, notices = filters_from_query({"county": "hy-edu,hy-edu-决算", "kind": "budget"}, OPTIONS)
    assert filters.counties == ("hy-edu",)
    assert len(notices) == 1 and "不是预算" in notices[0] and "教育局" in notices[0]


def test_an_unknown_kind_or_a_kind_with_nothing_loaded_falls_back_to_both():
    filters, notices = filters_from_query({"kind": "audit"}, OPTIONS)
    assert filters.document_kind == BOTH_KINDS and "audit" in notices[0]
    filters, notices = filters_from_query({"kind": "final"}, BUDGETS_ONLY)
    assert filters.document_kind == BOTH_KINDS and "没有决算" in notices[0]


def test_changing_the_kind_keeps_the_regions_that_have_documents_of_it():
    state = _state({"county": "hezheng,hy-edu,hy-edu-决算"})
    assert state["f_regions"] == ["和政县", "湟源县"]
    state["f_kind"] = "final"
    keep_choices_valid(state, OPTIONS)
    assert state["f_regions"] == ["湟源县"]  # 和政县 has no 决算
    assert chosen_filters(state, OPTIONS).counties == ("hy-edu-决算",)
    state["f_kind"] = BOTH_KINDS
    keep_choices_valid(state, OPTIONS)
    # the picker is back: the 决算 chosen stays chosen, 和政县 is not chosen again unasked
    assert state["f_regions"] == ["湟源县"]
    assert chosen_filters(state, OPTIONS).counties == ("hy-edu-决算",)


def test_a_region_left_without_a_document_of_the_new_kind_shows_all_of_them():
    state = _state({"county": "hy-edu-决算"})
    assert chosen_filters(state, OPTIONS).counties == ("hy-edu-决算",)
    state["f_kind"] = "budget"
    keep_choices_valid(state, OPTIONS)
    assert chosen_filters(state, OPTIONS).counties == ("hy-edu", "hy-water")


def test_showing_a_document_of_another_kind_widens_the_choice():
    state = _state({"county": "hy-water", "kind": "budget"})
    show_documents(state, OPTIONS, ["hy-edu-决算"])  # e.g. a 决算 just imported
    keep_choices_valid(state, OPTIONS)
    assert state["f_kind"] == BOTH_KINDS
    assert "hy-edu-决算" in chosen_filters(state, OPTIONS).counties


def test_filters_built_by_position_keep_working():
    assert Filters(("hezheng",), LATEST, "wan", "abs").document_kind == BOTH_KINDS
