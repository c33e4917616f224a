"""A real `streamlit run` on a free localhost port, driven by Debian's Chromium through pytest-playwright."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from benchmarks.browser import free_port as _free_port
from benchmarks.browser import healthy as _healthy

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
    """`streamlit run app.py` on a free port until the block ends; its log is printed if it fails to come up.

    ``env`` adds to the environment (e.g. BUDGET_DATA_DIR for a data directory of the test's own)."""
    port = _free_port()
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


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
