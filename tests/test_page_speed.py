"""What keeps a page switch cheap on the server (docs/benchmarks.md, "Page switches in the browser")."""

import tomllib

from tests.conftest import ROOT


def test_no_full_garbage_collection_after_every_run():
    """Streamlit's default gc.collect(2) after each run cost ~115 ms of CPU a page switch here."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
