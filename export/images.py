"""Server-side chart images: one kaleido browser per process, behind a lock.

Kaleido's sync server is one headless Chromium shared by the whole process.
It is not thread-safe (concurrent callers received each other's images on
kaleido 1.5) and Streamlit runs every session in its own thread, so every
call goes through ``_LOCK``. A missing browser or CJK font is detected up
front and reported in Chinese: without a CJK font Chromium silently draws
boxes ("tofu") instead of Chinese.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

import plotly.graph_objects as go

from charts.style import EDGE_PX, SOURCE_FONT_PX, SOURCE_SHIFT_PX, source_footnote

EXPORT_WIDTH = 1200  # px at scale 1; fixed, whatever the size of the user's browser window
DEFAULT_HEIGHT = 460
SCREEN_SCALE = 1
PRINT_SCALE = 3  # 3600 px wide: 300 dpi across a 12-inch (A4 landscape) page
FORMATS = ("png", "svg")
BROWSER_TABS = 2  # a pack renders two images at a time: ~30% faster on 2 cores
WATCH_INTERVAL = 0.5  # s between checks that the browser is still alive during an export
# A browser that neither answers nor dies (hung) is killed and replaced after this long:
# a chart renders in ~0.2 s warm and ~2 s cold, so these leave a wide margin.
DEADLINE_BASE_S = 30.0
DEADLINE_PER_IMAGE_S = 5.0
STARTUP_S = 30.0  # added to the deadline of the retry, which starts a new browser first

INSTALL_HINT = "请在服务器上运行 bash scripts/setup.sh，或执行：sudo apt-get install -y chromium fonts-noto-cjk"
MODEBAR_HINT = "图表右上角的相机按钮仍可直接下载 PNG。"

_LOCK = threading.Lock()
T = TypeVar("T")
_started = False


class BrowserDied(RuntimeError):
    """Kaleido's Chromium exited while rendering; the export is retried once on a new one."""


class ExportUnavailable(RuntimeError):
    """Server-side export cannot run here; the message (Chinese) says what to install."""


@dataclass(frozen=True)
class ImageSpec:
    """One image to render: format, scale, and the fixed pixel size at scale 1."""

    format: str = "png"
    scale: float = SCREEN_SCALE
    width: int = EXPORT_WIDTH
    height: int | None = None  # None: the figure's own layout height


def find_browser() -> str | None:
    """Path of the Chromium kaleido would start (Debian's /usr/bin/chromium is found), or None."""
    from choreographer.browsers.chromium import Chromium

    path = Chromium.find_browser(skip_local=False)
    return path if path and Path(path).exists() else None


def cjk_fonts() -> list[str]:
    """Font families fontconfig offers for Chinese (`fc-list :lang=zh`); empty means tofu."""
    if shutil.which("fc-list") is None:
        return []
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False)
    return sorted({line.split(",")[0].strip() for line in out.stdout.splitlines() if line.strip()})


def missing_requirements() -> list[str]:
    """What stops server-side export, in Chinese; empty when the browser and a CJK font are present."""
    problems = []
    if find_browser() is None:
        problems.append("服务器上未找到 Chromium 浏览器（Debian 软件包 chromium），无法在服务器端生成图片。")
    if not cjk_fonts():
        problems.append("服务器上未安装中文字体（Debian 软件包 fonts-noto-cjk），导出的图片中文会显示为方框。")
    return problems


@cache
def export_problem() -> str | None:
    """One message naming what to install, or None when export works. Checked once per process."""
    problems = missing_requirements()
    if not problems:
        return None
    return "".join(problems) + INSTALL_HINT + "。" + MODEBAR_HINT


def require_export() -> None:
    if message := export_problem():
        raise ExportUnavailable(message)


def stamp_figure(fig: go.Figure, today: dt.date | None = None) -> go.Figure:
    """A copy with the export date drawn bottom-right and the title clear of the left edge.

    Title, unit and source are already drawn by charts.style.apply_layout, the source in lines that
    leave the right end of its first line (charts.style.DATE_PX) to the date.
    """
    today = today or dt.date.today()
    out = go.Figure(fig)
    out.update_layout(title_pad={"l": 12})
    # on the source footnote's first line, at its height below the plot
    note = source_footnote(fig)
    shift = SOURCE_SHIFT_PX if note is None else note.yshift
    right = fig.layout.margin.r if fig.layout.margin.r is not None else 80
    text = f"导出日期：{today.isoformat()}"
    out.add_annotation(
        text=text, name="export_date", xref="paper", yref="paper", x=1, y=0, yshift=shift,
        xshift=max(right - EDGE_PX, 0), showarrow=False, xanchor="right", yanchor="top",
        font={"size": SOURCE_FONT_PX, "color": "#666"},
    )
    return out


def figure_height(fig: go.Figure) -> int:
    return int(fig.layout.height or DEFAULT_HEIGHT)


def _opts(fig: go.Figure, spec: ImageSpec) -> dict:
    return {"format": spec.format, "scale": spec.scale, "width": spec.width,
            "height": spec.height or figure_height(fig)}


def _ensure_server() -> None:
    """Start the process-wide kaleido browser once (first image ~2 s, then ~0.2 s). Call under _LOCK."""
    global _started
    if _started:
        return
    require_export()
    import kaleido
    import plotly.io as pio

    pio.defaults.headers = None  # plotly 7.1 warns on every call while a server runs otherwise
    kaleido.start_sync_server(n=BROWSER_TABS, mathjax=False, silence_warnings=True)
    _started = True


def _browser_gone() -> tuple[type[Exception], ...]:
    """What kaleido raises once its Chromium has died (killed, out of memory, crashed)."""
    from choreographer.errors import BrowserClosedError, BrowserFailedError, ChannelClosedError

    return (BrowserClosedError, BrowserFailedError, ChannelClosedError)


def _server_alive() -> bool:
    """Whether kaleido's server thread still runs (private API, kaleido 1.5 is pinned).

    When Chromium dies during a batch the thread ends with CancelledError, which kaleido
    does not catch, and its callers then wait forever on the task queue.
    """
    from kaleido._sync_server import GlobalKaleidoServer

    server = GlobalKaleidoServer()
    return server.is_running() and server._thread.is_alive()  # noqa: SLF001


def _forget_server() -> None:
    """Drop the server of a dead browser so that the next call starts a new one. Call under _LOCK.

    Otherwise one crash breaks every later export until the dashboard restarts: the
    lock is held by a caller that never returns, or every call fails the same way.
    """
    global _started
    import kaleido

    kaleido.stop_sync_server(silence_warnings=True)  # returns at once when the thread has ended
    _started = False


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process (from /proc)."""
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            out[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):  # the process ended meanwhile
            continue
    return out


def _browser_pids() -> list[int]:
    """The browser's processes: this process's children that run Chromium (choreographer starts
    it through a wrapper whose command line names it) and everything below them; never other
    children. The wrapper hands Chromium its pipes, so Chromium itself is a grandchild."""
    parents = _parents()
    roots = []
    for pid, parent in parents.items():
        if parent == os.getpid():
            with contextlib.suppress(OSError):
                if b"chrom" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    roots.append(pid)
    found, frontier = list(roots), list(roots)
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        found.extend(frontier)
    return found


def _kill_hung_browser() -> None:
    """SIGKILL the browser's processes (it may be stopped, not only slow). Kaleido's server thread
    does not notice a browser killed this way; _forget_server replaces it."""
    for pid in _browser_pids():
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _call_watched(call: Callable[[], T], images: int = 1, extra_s: float = 0.0) -> T:
    """``call()`` in a worker thread, given up when kaleido's server thread dies under it, or
    when the browser hangs past its deadline (then it is killed, so the next call gets a new one).

    A worker given up stays blocked on the dead server's queue: a daemon thread, one per crash.
    """
    deadline = time.monotonic() + DEADLINE_BASE_S + DEADLINE_PER_IMAGE_S * images + extra_s
    result: dict[str, object] = {}

    def work() -> None:
        try:
            result["value"] = call()
        except BaseException as error:  # handed to the caller below, not swallowed
            result["error"] = error

    worker = threading.Thread(target=work, name="kaleido-call", daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(WATCH_INTERVAL)
        if worker.is_alive() and not _server_alive():
            raise BrowserDied("导出用的浏览器在导出途中退出。")
        if worker.is_alive() and time.monotonic() > deadline:
            _kill_hung_browser()
            raise BrowserDied("导出用的浏览器没有响应，已重新启动。")
    if "error" in result:
        raise result["error"]
    return result["value"]


def _on_browser(call: Callable[[], T], images: int = 1) -> T:
    """``call()`` on the shared browser under _LOCK; if the browser died or hung, even during
    this call, start a new one and try once more, so the lock is never left to a dead browser."""
    with _LOCK:
        _ensure_server()
        try:
            return _call_watched(call, images)
        except (BrowserDied, *_browser_gone()):
            _forget_server()
            _ensure_server()
            return _call_watched(call, images, STARTUP_S)


def warm_up() -> None:
    """Start the browser and render once now, so that the first real export does not wait ~2 s."""
    render(go.Figure(layout={"title": {"text": "预热"}}), ImageSpec("svg", width=100, height=100))


def render(fig: go.Figure, spec: ImageSpec = ImageSpec()) -> bytes:
    """Image bytes of ``fig`` at a fixed size. Raises ExportUnavailable without browser or font."""
    import kaleido

    return _on_browser(lambda: kaleido.calc_fig_sync(fig.to_dict(), opts=_opts(fig, spec)))


def render_png(fig: go.Figure, width: int = EXPORT_WIDTH, height: int | None = None,
               scale: float = SCREEN_SCALE) -> bytes:
    return render(fig, ImageSpec("png", scale, width, height))


def render_svg(fig: go.Figure, width: int = EXPORT_WIDTH, height: int | None = None) -> bytes:
    return render(fig, ImageSpec("svg", 1, width, height))


def render_many(jobs: list[tuple[go.Figure, ImageSpec]]) -> list[bytes]:
    """Several images in one browser call (one lock hold), in the order given."""
    import kaleido

    if not jobs:
        return []
    with tempfile.TemporaryDirectory(prefix="export_") as tmp:
        paths = [Path(tmp) / f"{i:04d}.{spec.format}" for i, (_, spec) in enumerate(jobs)]
        specs = [{"fig": fig.to_dict(), "path": str(path), "opts": _opts(fig, spec)}
                 for (fig, spec), path in zip(jobs, paths, strict=True)]
        _on_browser(lambda: kaleido.write_fig_from_object_sync(specs, cancel_on_error=True), len(jobs))
        return [path.read_bytes() for path in paths]
