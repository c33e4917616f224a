"""A broken source file: the dashboard names it and keeps every other county."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import dashboard.data as data
from loaders import load_available
from tests.conftest import overview_cards

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def gbk_shizhu(tmp_path, raw_dir, monkeypatch):
    for path in raw_dir.glob("*.txt"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    text = (raw_dir / "shizhu_2023.txt").read_text(encoding="utf-8")
    (tmp_path / "shizhu_2023.txt").write_bytes(text.encode("gb18030"))
    monkeypatch.setattr(data, "load_available", lambda: load_available(tmp_path))
    data._tables_from.clear()
    data._shipped.clear()
    yield
    data._tables_from.clear()
    data._shipped.clear()


def test_broken_file_is_named_and_the_rest_stay(gbk_shizhu):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("shizhu_2023.txt, line 3" in e and "UTF-8" in e for e in errors), errors
    shown = {c.label for c in overview_cards(at)}
    assert "支出合计" in shown
    subheaders = " ".join(h.value for h in at.subheader)
    assert "青龙满族自治县" in subheaders and "和政县" in subheaders and "湟源县" in subheaders
    assert "石柱土家族自治县" not in subheaders


def test_a_library_document_that_cannot_be_read_is_named_and_the_rest_stay(tmp_path, monkeypatch):
    """A document stored by another version (a metric this one does not know) or damaged on disk:
    the dashboard leaves it out with a message naming it and shows everything else."""
    import polars as pl

    from library import Library, meta_of
    from reader.document import read_document
    from synthetic.corpus import write_corpus

    pdf = next(p for p in write_corpus(tmp_path / "in", 1, seed=3) if p.suffix == ".pdf")
    result = read_document(pdf.name, pdf.read_bytes())
    library = Library(tmp_path / "data" / "library")
    added = library.add(result.tables, meta_of(result), pdf.read_bytes(), pdf.name)
    [summary] = list((library.root).rglob("summary.parquet"))
    frame = pl.read_parquet(summary)
    frame.with_columns(pl.lit("未来的指标").alias("metric")).write_parquet(summary)  # outside the vocabulary
    monkeypatch.setenv("BUDGET_DATA_DIR", str(tmp_path / "data"))
    data._tables_from.clear()
    data._document_tables.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        assert not at.exception
        messages = " ".join(e.value for e in [*at.error, *at.warning])
        assert added.entry.key in messages and "未能读取" in messages, messages
        assert "支出合计" in {c.label for c in overview_cards(at)}  # the shipped documents are still there
    finally:
        data._tables_from.clear()
        data._document_tables.clear()
