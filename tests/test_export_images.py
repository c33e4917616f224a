"""Server-side chart images: valid PNG/SVG at the fixed size, dated, CJK glyphs, thread-safe."""

from __future__ import annotations

import datetime as dt
import io
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import plotly.graph_objects as go
import pytest

from export import images
from export.images import EXPORT_WIDTH, ImageSpec, render, render_png, render_svg, stamp_figure

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def svg_size(data: bytes) -> tuple[int, int]:
    root = ET.fromstring(data)
    assert root.tag.endswith("svg")
    return int(float(root.get("width"))), int(float(root.get("height")))


def bar_figure(title: str, height: int = 400, width: int | None = None) -> go.Figure:
    fig = go.Figure(go.Bar(x=["因公出国（境）费", "公务接待费"], y=[1, 2]))
    return fig.update_layout(title={"text": title}, height=height, width=width)


@pytest.fixture(scope="module")
def exporter():
    """Skip (not fail) where no browser is installed; the font test below fails instead."""
    if images.find_browser() is None:
        pytest.fail("no Chromium: run `bash scripts/setup.sh --dev` (Debian package chromium)")
    images.warm_up()


def test_cjk_font_installed():
    """Without a CJK font Chromium draws boxes and nothing warns: this must fail, not skip."""
    assert images.cjk_fonts(), "no CJK font: apt-get install fonts-noto-cjk (fc-list :lang=zh is empty)"


@pytest.mark.parametrize(("scale", "height"), [(1, 400), (3, 400), (1, 733), (2, 560)])
def test_png_has_fixed_size(exporter, scale, height):
    data = render_png(bar_figure("三公经费", height=height), scale=scale)
    assert png_size(data) == (EXPORT_WIDTH * scale, height * scale)


def test_size_ignores_layout_width(exporter):
    """A width left in the layout (e.g. by the screen) does not change the export size."""
    data = render_png(bar_figure("三公经费", height=400, width=640))
    assert png_size(data) == (EXPORT_WIDTH, 400)


def test_svg_is_valid_and_keeps_text(exporter):
    data = render_svg(bar_figure("青龙满族自治县 三公经费", height=500))
    assert svg_size(data) == (EXPORT_WIDTH, 500)
    assert "青龙满族自治县 三公经费" in data.decode("utf-8")


def test_stamp_draws_date_and_keeps_original():
    fig = bar_figure("三公经费")
    stamped = stamp_figure(fig, dt.date(2024, 5, 6))
    assert [a.text for a in stamped.layout.annotations] == ["导出日期：2024-05-06"]
    assert not fig.layout.annotations


def test_chinese_is_not_tofu(exporter):
    """Chinese text and unassigned code points (always boxes) must not render alike."""
    from PIL import Image, ImageChops

    def text_png(text: str) -> Image.Image:
        fig = go.Figure().update_layout(title={"text": text, "font": {"size": 40}}, template="plotly_white")
        return Image.open(io.BytesIO(render(fig, ImageSpec("png", 1, 400, 120)))).convert("L")

    chinese, boxes = text_png("三公经费"), text_png("\ue000\ue001\ue002\ue003")
    assert ImageChops.difference(chinese, boxes).getbbox() is not None
    assert ImageChops.difference(chinese, text_png("项目支出")).getbbox() is not None


def test_concurrent_exports_get_their_own_image(exporter):
    """6 threads × 2 exports: each gets the image of its own figure (distinct title and height)."""
    results: dict[tuple[int, int], tuple[bytes, bytes]] = {}
    errors: list[BaseException] = []

    def work(thread: int) -> None:
        try:
            for i in range(2):
                fig = bar_figure(f"线程{thread}图{i}", height=300 + 10 * thread + i)
                results[thread, i] = (render_svg(fig), render_png(fig))
        except BaseException as exc:  # re-raised in the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert len(results) == 12
    for (thread, i), (svg, png) in results.items():
        assert f"线程{thread}图{i}" in svg.decode("utf-8")
        assert png_size(png) == (EXPORT_WIDTH, 300 + 10 * thread + i)


@pytest.mark.parametrize(("browser", "fonts", "named"), [
    (None, ["Noto Sans CJK SC"], ["chromium"]),
    ("/usr/bin/chromium", [], ["fonts-noto-cjk"]),
    (None, [], ["chromium", "fonts-noto-cjk"]),
])
def test_missing_requirements_name_debian_packages(monkeypatch, browser, fonts, named):
    monkeypatch.setattr(images, "find_browser", lambda: browser)
    monkeypatch.setattr(images, "cjk_fonts", lambda: fonts)
    images.export_problem.cache_clear()
    try:
        message = images.export_problem()
        assert message is not None
        for package in named:
            assert package in message
        assert "scripts/setup.sh" in message and "相机按钮" in message
        with pytest.raises(images.ExportUnavailable):
            images.require_export()
    finally:
        images.export_problem.cache_clear()


def test_no_problem_when_browser_and_font_present(monkeypatch):
    monkeypatch.setattr(images, "find_browser", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(images, "cjk_fonts", lambda: ["Noto Sans CJK SC"])
    images.export_problem.cache_clear()
    try:
        assert images.export_problem() is None
    finally:
        images.export_problem.cache_clear()


def test_partial_table_note_is_in_the_exported_image(tables, exporter):
    """和政's income by source covers 761.79 (hezheng_2024.txt line 10) of 收入预算合计 5637.51
    (line 13): the exported chart itself says so, not only the page around it."""
    import polars as pl

    from charts.composition import make_income_figure
    from charts.context import ChartContext

    ctx = ChartContext.from_tables(tables["counties"].filter(pl.col("county_id") == "hezheng"))
    fig = stamp_figure(make_income_figure(tables["income"], ctx, tables["checks"]))
    svg = render_svg(fig).decode("utf-8")
    assert "761.79" in svg and "5,637.51" in svg
    png = render_png(fig)
    plain = make_income_figure(tables["income"], ctx)
    assert png_size(png)[1] == fig.layout.height > plain.layout.height  # the note has room of its own


def _kill_browser() -> None:
    """SIGKILL kaleido's browser: the children of this process that run Chromium (choreographer
    starts it through a wrapper whose command line names it), never other children."""
    import os
    import signal
    import subprocess

    out = subprocess.run(["pgrep", "-P", str(os.getpid())], capture_output=True, text=True, check=False)
    browsers = [int(pid) for pid in out.stdout.split()
                if b"chromium" in Path(f"/proc/{pid}/cmdline").read_bytes()]
    assert browsers, "no browser process to kill"
    for pid in browsers:
        os.kill(pid, signal.SIGKILL)


def _batch_in_thread(fig, count: int, outcome: dict) -> threading.Thread:
    """``count`` print PNGs of ``fig`` in one export batch on a started thread: ``outcome["images"]``
    or ``outcome["error"]``."""

    def batch() -> None:
        try:
            outcome["images"] = images.render_many([(fig, ImageSpec("png", 3))] * count)
        except Exception as error:  # noqa: BLE001 - reported by the caller's assertions
            outcome["error"] = error

    worker = threading.Thread(target=batch, daemon=True)
    worker.start()
    return worker


def test_export_after_browser_dies_mid_export(exporter):
    """A Chromium killed while a batch holds the lock must not block or break later exports."""
    fig = bar_figure("三公经费")
    outcome: dict[str, object] = {}
    worker = _batch_in_thread(fig, 12, outcome)
    threading.Event().wait(0.5)  # let the batch start rendering
    _kill_browser()
    worker.join(60)
    assert not worker.is_alive(), "export still waiting on the dead browser (lock held)"
    assert "images" in outcome, outcome
    assert all(png[:8] == b"\x89PNG\r\n\x1a\n" for png in outcome["images"])
    done = threading.Thread(target=lambda: outcome.update(after=render_png(fig)), daemon=True)
    done.start()
    done.join(60)
    assert outcome.get("after", b"")[:8] == b"\x89PNG\r\n\x1a\n"


def test_export_after_browser_hangs_mid_export(exporter, monkeypatch):
    """A Chromium that stops answering (SIGSTOP: alive, silent) while a batch holds the lock is
    killed at the deadline and replaced; the batch and the next export still get their images."""
    import os
    import signal

    monkeypatch.setattr(images, "DEADLINE_BASE_S", 3.0)
    monkeypatch.setattr(images, "DEADLINE_PER_IMAGE_S", 0.5)
    fig = bar_figure("三公经费")
    render_png(fig)  # a running browser to stop
    outcome: dict[str, object] = {}
    stopped = images._browser_pids()
    assert len(stopped) >= 2, "no browser process to stop"  # the wrapper and Chromium below it
    for pid in stopped:
        os.kill(pid, signal.SIGSTOP)
    worker = _batch_in_thread(fig, 6, outcome)
    worker.join(90)
    assert not worker.is_alive(), "export still waiting on the hung browser (lock held)"
    assert "images" in outcome, outcome
    assert all(png[:8] == b"\x89PNG\r\n\x1a\n" for png in outcome["images"])
    assert not set(stopped) & set(images._browser_pids())  # the hung browser is gone
    assert render_png(fig)[:8] == b"\x89PNG\r\n\x1a\n"
