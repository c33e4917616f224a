"""The import arrows run one way: content (no Streamlit) <- dashboard (Streamlit) and export (files).

Checked on the source text of every module, so a stray import fails here before it couples
the layers (issue 12, point 6).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _imports(package: str) -> dict[str, set[str]]:
    """Top-level module names each file of ``package`` imports (including lazy imports)."""
    out = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        out[str(path.relative_to(ROOT))] = names
    return out


@pytest.mark.parametrize(("package", "forbidden"), [
    ("content", ("streamlit", "dashboard", "export", "views")),
    ("export", ("streamlit", "dashboard", "views")),
    ("charts", ("streamlit", "dashboard", "export", "content", "views")),
])
def test_package_does_not_import(package, forbidden):
    offending = {f"{file}: {name}" for file, names in _imports(package).items() for name in names
                 if name.split(".")[0] in forbidden}
    assert not offending, sorted(offending)


def test_dashboard_holds_only_streamlit_code():
    """Every module in dashboard/ uses Streamlit; pure logic belongs in content/."""
    pure = [file for file, names in _imports("dashboard").items()
            if not file.endswith("__init__.py") and not any(n.split(".")[0] == "streamlit" for n in names)]
    assert not pure, pure
