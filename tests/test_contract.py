"""The data contract: load_all's tables, schema enforcement, the export CLI."""

import polars as pl
import pytest

from contract.tables import TABLES, frame_from_rows
from contract.validate import validate_table
from loaders import SchemaError, combine, load_available
from loaders.__main__ import main as loaders_main


def test_every_contract_table_is_returned(tables):
    assert set(tables) == set(TABLES)
    for name, frame in tables.items():
        assert dict(frame.schema) == TABLES[name].columns, name


def test_four_counties_with_their_budget_years(tables):
    years = dict(tables["counties"].select("county_id", "year").iter_rows())
    # years read from: hezheng line 4 "(2024年度)", qinglong line 34 "预算年度：2023",
    # huangyuan line 3 "2024年部门预算…", shizhu line 3 "… 2023 年单位预算情况说明"
    assert years == {"hezheng": 2024, "qinglong": 2023, "huangyuan": 2024, "shizhu": 2023}


def test_no_county_lacks_indicators(tables):
    counts = dict(tables["indicators"].group_by("county_id").len().iter_rows())
    assert set(counts) == {"hezheng", "qinglong", "huangyuan", "shizhu"}
    assert all(n > 50 for n in counts.values())


def test_sangong_all_four_items_or_none(tables):
    per_county = tables["sangong"].group_by("county_id").len()
    assert dict(per_county.iter_rows()) == {"qinglong": 4, "shizhu": 4}


def test_corrected_rows_are_flagged(tables):
    corrected = tables["indicators"].filter(pl.col("corrected"))
    assert set(corrected["county_id"]) <= {"huangyuan", "shizhu"}
    assert corrected.height >= 1


def _summary(rows):
    return frame_from_rows("summary", rows, "hezheng", 2024).with_columns(pl.lit(False).alias("corrected"))


def test_schema_rejects_unknown_metric():
    with pytest.raises(SchemaError, match="metric outside vocabulary"):
        validate_table("summary", _summary([{"metric": "总收入", "amount_wan": 1.0, "line": 1}]))


def test_schema_rejects_duplicate_key():
    rows = [{"metric": "支出合计", "amount_wan": 1.0, "line": 1}, {"metric": "支出合计", "amount_wan": 2.0, "line": 2}]
    with pytest.raises(SchemaError, match="duplicate key"):
        validate_table("summary", _summary(rows))


def test_schema_rejects_negative_amount():
    with pytest.raises(SchemaError, match="negative amount_wan"):
        validate_table("summary", _summary([{"metric": "支出合计", "amount_wan": -5.0, "line": 1}]))


def test_schema_rejects_missing_required_value():
    with pytest.raises(SchemaError, match="null amount_wan"):
        validate_table("summary", _summary([{"metric": "支出合计", "amount_wan": None, "line": 1}]))


def test_schema_rejects_wrong_columns():
    with pytest.raises(SchemaError, match="columns/types"):
        validate_table("summary", pl.DataFrame({"county_id": ["hezheng"]}))


def test_frame_from_rows_rejects_unknown_columns():
    with pytest.raises(ValueError, match="unknown columns"):
        frame_from_rows("summary", [{"metric": "支出合计", "amount_wan": 1.0, "line": 1, "oops": 1}], "hezheng", 2024)


def test_combine_of_nothing_gives_empty_valid_tables():
    empty = combine([])
    assert all(frame.is_empty() for frame in empty.values())


def test_a_broken_source_leaves_the_others_loaded(tmp_path, raw_dir):
    for path in raw_dir.glob("*.txt"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "shizhu_2023.txt").write_bytes("中文".encode("gbk"))
    tables, errors = load_available(tmp_path)
    assert [e.file for e in errors] == ["shizhu_2023.txt"]
    assert set(tables["counties"]["county_id"]) == {"hezheng", "qinglong", "huangyuan"}


def test_export_cli_writes_every_table_as_csv(tmp_path, capsys):
    assert loaders_main(["export", "--out", str(tmp_path)]) == 0
    for name in TABLES:
        frame = pl.read_csv(tmp_path / f"{name}.csv")
        assert list(frame.columns) == list(TABLES[name].columns), name
    qinglong = pl.read_csv(tmp_path / "summary.csv").filter(
        (pl.col("county_id") == "qinglong") & (pl.col("metric") == "支出合计"))
    assert qinglong["amount_wan"].item() == 8815.77  # qinglong_2023.txt line 157: 合计 8815.77


def _broken(frame: pl.DataFrame, column: str, value) -> pl.DataFrame:
    """``frame`` with ``column`` of its first row set to ``value`` (same type)."""
    first = pl.int_range(pl.len()) == 0
    return frame.with_columns(pl.when(first).then(pl.lit(value, dtype=frame.schema[column]))
                              .otherwise(pl.col(column)).alias(column))


def _cases():
    """One break of every rule of every table, on the shipped tables (each must be refused)."""
    for name, spec in TABLES.items():
        for column in spec.required + ("county_id", "year"):
            yield name, "null", column
        for column in spec.amounts:
            yield name, "negative", column
        for column in spec.vocab:
            yield name, "vocab", column
        yield name, "duplicate", None
        yield name, "county_id", None


@pytest.mark.parametrize(("name", "rule", "column"), list(_cases()), ids=lambda v: str(v))
def test_every_rule_of_every_table_is_enforced(tables, name, rule, column):
    frame = tables[name]
    if frame.is_empty():
        pytest.fail(f"{name} is empty in the shipped tables: this test needs rows")
    assert validate_table(name, frame) is frame  # the shipped rows pass
    if rule == "null":
        broken, message = _broken(frame, column, None), f"null {column}"
    elif rule == "negative":
        rows = frame.filter(pl.col(column).is_not_null())
        # a column the shipped budgets leave null (a 决算's budget_wan): set on a row of its own
        broken, message = _broken(rows if not rows.is_empty() else frame, column, -1.0), f"negative {column}"
    elif rule == "vocab":
        broken, message = _broken(frame, column, "不在词表中"), f"{column} outside vocabulary"
    elif rule == "duplicate":
        broken, message = pl.concat([frame, frame.head(1)]), "duplicate key"
    else:
        broken, message = _broken(frame, "county_id", "Not An Id!"), "county_id outside vocabulary"
    with pytest.raises(SchemaError, match=message):
        validate_table(name, broken)


_PYTHON_TYPE = {pl.String: str, pl.Int64: int, pl.Float64: float, pl.Boolean: bool}


@pytest.mark.parametrize("name", sorted(TABLES))
def test_each_tables_row_type_is_its_columns(name):
    """contract/rows.py's TypedDict of a table holds every column the reader writes, of the column's
    type (or None), and nothing else: a column added on one side only fails here."""
    import types
    import typing

    from contract.rows import FRAME_COLUMNS, ROW_TYPES

    hints = typing.get_type_hints(ROW_TYPES[name])
    columns = {c: t for c, t in TABLES[name].columns.items() if c not in FRAME_COLUMNS}
    assert set(hints) == set(columns)
    for column, dtype in columns.items():
        hint = hints[column]
        allowed = set(typing.get_args(hint)) if isinstance(hint, types.UnionType) else {hint}
        assert _PYTHON_TYPE[dtype] in allowed and allowed <= {_PYTHON_TYPE[dtype], type(None)}, (column, hint)
