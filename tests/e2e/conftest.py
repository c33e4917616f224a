"""A real `streamlit run` on a free localhost port, driven by Debian's Chromium through pytest-playwright."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from benchmarks.browser import served

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"  # no `playwright install` here: use the Debian browser
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"end-to-end tests need {CHROMIUM}: run `bash scripts/setup.sh --dev` (Debian package chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM}


@contextmanager
def running_app(log: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`streamlit run app.py` on a free port until the block ends (benchmarks.browser.served); the
    test fails with the server's log if it does not come up.

    ``env`` may name BUDGET_DATA_DIR, a data directory of the test's own."""
    data = Path(env["BUDGET_DATA_DIR"]) if env and "BUDGET_DATA_DIR" in env else None
    with ExitStack() as stack:
        try:
            url, _ = stack.enter_context(served(ROOT / "app.py", data, log))
        except RuntimeError as exc:
            pytest.fail(str(exc))
        yield url


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """One dashboard for the whole session."""
    with running_app(tmp_path_factory.mktemp("streamlit") / "streamlit.log") as url:
        yield url


@pytest.fixture
def fresh_app_url(tmp_path):
    """A dashboard of its own, not yet visited: for what only the first request of a server shows."""
    with running_app(tmp_path / "streamlit.log") as url:
        yield url
