"""Enforce the data contract on assembled frames."""

from __future__ import annotations

import polars as pl

from contract.errors import SchemaError
from contract.tables import IMPORTED_ID_PATTERN, SYNTHETIC_ID_PATTERN, TABLES, TableSpec


def validate_table(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """Raise SchemaError unless ``frame`` meets the contract for ``name``.

    Every rule is first checked at once in one pass over the frame; only a frame that breaks one
    is checked rule by rule, to name the first offending row (the common case, a valid frame, cost
    ~15 small queries a table before: two thirds of storing a document)."""
    spec = TABLES[name]
    if dict(frame.schema) != spec.columns:
        raise SchemaError(name, f"columns/types {dict(frame.schema)} != {spec.columns}")
    if frame.is_empty() or not _breaks_a_rule(frame, spec):
        return frame
    return _validate_rule_by_rule(name, frame, spec)


def _breaks_a_rule(frame: pl.DataFrame, spec: TableSpec) -> bool:
    """One query: does any row break a rule _validate_rule_by_rule checks?"""
    ids = pl.col("county_id")
    flags = [pl.col(c).is_null().any() for c in spec.required + ("county_id", "year")]
    flags.append((~(ids.str.contains(SYNTHETIC_ID_PATTERN) | ids.str.contains(IMPORTED_ID_PATTERN))).any())
    flags += [(pl.col(c).is_not_null() & ~pl.col(c).is_in(list(allowed))).any() for c, allowed in spec.vocab.items()]
    flags.append(pl.struct(spec.key).is_duplicated().any())
    flags += [(pl.col(c) < 0).any() for c in spec.amounts]
    return any(frame.select(pl.any_horizontal(flags)).row(0))


def _validate_rule_by_rule(name: str, frame: pl.DataFrame, spec: TableSpec) -> pl.DataFrame:
    _check_required(name, frame, spec.required + ("county_id", "year"))
    _check_county_ids(name, frame)
    for column, allowed in spec.vocab.items():
        _check_vocab(name, frame, column, allowed)
    duplicated = frame.filter(frame.select(spec.key).is_duplicated())
    if not duplicated.is_empty():
        first = duplicated.select(spec.key).row(0)
        raise SchemaError(name, f"duplicate key {spec.key} = {first}")
    for column in spec.amounts:
        negative = frame.filter(pl.col(column) < 0)
        if not negative.is_empty():
            raise SchemaError(name, f"negative {column}: {negative.row(0, named=True)}")
    return frame


def _check_required(name: str, frame: pl.DataFrame, columns: tuple[str, ...]) -> None:
    for column in columns:
        nulls = frame.filter(pl.col(column).is_null())
        if not nulls.is_empty():
            raise SchemaError(name, f"null {column} in row {nulls.row(0, named=True)}")


def _check_county_ids(name: str, frame: pl.DataFrame) -> None:
    """Plainly synthetic ids (syn0001…) from synthetic/, or the slug the general reader gives a
    document (region-department-edition; the shipped documents' ids are such slugs)."""
    ids = frame.get_column("county_id").unique()
    unknown = ids.filter(~ids.str.contains(SYNTHETIC_ID_PATTERN)
                         & ~ids.str.contains(IMPORTED_ID_PATTERN))
    if not unknown.is_empty():
        raise SchemaError(name, f"county_id outside vocabulary: {sorted(unknown.to_list())}")


def _check_vocab(name: str, frame: pl.DataFrame, column: str, allowed: tuple[str, ...]) -> None:
    values = frame.get_column(column).drop_nulls().unique().to_list()
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise SchemaError(name, f"{column} outside vocabulary: {unknown}")


def broken_rows(name: str, frame: pl.DataFrame) -> tuple[pl.DataFrame, list[tuple[dict, str]]]:
    """``frame`` without the rows that break a row rule, and each dropped row with the rule it breaks.

    A read document keeps every table whole but the rows that cannot be held (a duplicate key, a
    negative amount, a value outside the vocabulary, a missing required value); the reader turns
    each into a warning naming its page instead of refusing the whole document."""
    spec = TABLES[name]
    if frame.is_empty() or not _breaks_a_rule(frame, spec):
        return frame, []
    rules: list[tuple[pl.Expr, str]] = [(pl.col(c).is_null(), f"缺少 {c}") for c in spec.required]
    rules += [(pl.col(c).is_not_null() & ~pl.col(c).is_in(list(allowed)), f"{c} 不在约定取值内")
              for c, allowed in spec.vocab.items()]
    rules += [(pl.col(c) < 0, f"{c} 为负数") for c in spec.amounts]
    rules.append((pl.struct(spec.key).is_first_distinct().not_(), "与前一行重复（同一键）"))
    reason = pl.lit(None, dtype=pl.String)
    for broken, why in reversed(rules):
        reason = pl.when(broken.fill_null(False)).then(pl.lit(why)).otherwise(reason)
    marked = frame.with_columns(reason.alias("_broken"))
    dropped = marked.filter(pl.col("_broken").is_not_null())
    kept = marked.filter(pl.col("_broken").is_null()).drop("_broken")
    return kept, [(row, row.pop("_broken")) for row in dropped.iter_rows(named=True)]
