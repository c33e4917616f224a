"""The import arrows run one way, from the contract at the ground up to the pages.

Checked on the source text of every module (imports inside functions included), so a stray import
fails here before it couples the layers (issue 12, point 6; issue 20, point 1).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each package may import only packages of a lower layer (docs/architecture.md draws this).
LAYERS = (
    ("contract",),  # table definitions, validation, checks, hierarchy, vocabulary, errors
    ("audit", "reader"),  # indicator rules; file -> rows of cells -> tables -> contract frames
    ("charts", "sources"),  # figure builders; a document's page as an image
    ("library",),  # the store of imported documents and the batch
    ("loaders",),  # the shipped documents and the command line
    ("content", "synthetic"),  # what a page says (no Streamlit); generated test documents
    ("export",),  # chart packs as files
    ("dashboard",),  # Streamlit components
    ("views",),  # the pages
    ("benchmarks",),
    ("tests",),
)


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


def _packages() -> list[str]:
    return sorted(p.name for p in ROOT.iterdir()
                  if p.is_dir() and not p.name.startswith(".") and any(p.glob("*.py")))


def _package_edges() -> dict[str, set[str]]:
    packages = set(_packages())
    edges: dict[str, set[str]] = {}
    for package in packages:
        names = set().union(*_imports(package).values())
        edges[package] = {n.split(".")[0] for n in names} & packages - {package}
    return edges


def test_every_package_has_a_layer():
    placed = {p for layer in LAYERS for p in layer}
    assert set(_packages()) <= placed, sorted(set(_packages()) - placed)


def test_imports_point_only_down_the_layers():
    rank = {p: i for i, layer in enumerate(LAYERS) for p in layer}
    upward = sorted(f"{package} -> {target}" for package, targets in _package_edges().items()
                    for target in targets if rank[target] >= rank[package])
    assert not upward, upward


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                return path + [node, nxt]
            if nxt not in state and (cycle := visit(nxt, path + [node])):
                return cycle
        state[node] = 2
        return None

    return [c for p in sorted(edges) if p not in state and (c := visit(p, []))]


def test_cycle_finder_finds_a_loop():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == [["a", "b", "c", "a"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_package_cycle():
    """Independent of the declared layers: no two packages import each other, directly or round a loop."""
    assert not _cycles(_package_edges())


def test_contract_imports_no_project_package():
    assert _package_edges()["contract"] == set()


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
