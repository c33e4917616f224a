"""Read an untrusted file in a separate process with a time limit and a memory limit.

An uploaded PDF or workbook may be malformed or hostile (a page count in the hundreds of
thousands, a decompression bomb, a loop in its structure). The reader runs in a child
process whose address space is capped (RLIMIT_AS) and which is killed when it runs past
its time; the server only ever sees a result or a clear UnreadableDocument.
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable
from multiprocessing.connection import Connection

from reader.document import ReadResult
from reader.errors import UnreadableDocument

TIME_LIMIT_S = 60.0
MEMORY_LIMIT_MB = 2048


def read_untrusted(name: str, data: bytes, overrides: dict | None = None, *,
                   time_limit_s: float = TIME_LIMIT_S, memory_limit_mb: int = MEMORY_LIMIT_MB,
                   on_wait: Callable[[float, float], None] | None = None) -> ReadResult:
    """read_document in a child process; UnreadableDocument when it fails, overruns or is killed.

    ``memory_limit_mb`` is what reading the file may take beyond the loaded libraries;
    ``on_wait(elapsed_s, limit_s)`` is called about five times a second while the child reads
    (the dashboard shows it as progress)."""
    return _run("read", name, data, overrides, time_limit_s, memory_limit_mb, on_wait)


def render_page_untrusted(name: str, data: bytes, page: int, row_text: str | None, *,
                          time_limit_s: float = 20.0, memory_limit_mb: int = 1024):
    """sources.page_image.page_png in a child process (a page's images may be a decompression
    bomb even when its text read fine): a PageImage, or UnreadableDocument naming the problem."""
    return _run("render", name, data, (page, row_text), time_limit_s, memory_limit_mb, None)


def _run(task: str, name: str, data: bytes, args, time_limit_s: float, memory_limit_mb: int, on_wait):
    receive, send = multiprocessing.get_context("spawn").Pipe(duplex=False)
    child = multiprocessing.get_context("spawn").Process(
        target=_child, args=(send, task, name, data, args, memory_limit_mb), daemon=True)
    child.start()
    send.close()
    try:
        if not _wait(receive, time_limit_s, on_wait):
            raise UnreadableDocument(name, "timeout", f"读取超过 {time_limit_s:g} 秒仍未完成，已停止",
                                     f"reading took longer than {time_limit_s:g} s and was stopped")
        kind, payload = receive.recv()
    except EOFError:
        child.join(5)
        raise UnreadableDocument(name, "crashed", "读取进程异常退出（文件可能损坏或过大）",
                                 f"the reading process died (exit code {child.exitcode}); "
                                 "the file may be damaged or too large") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receive.close()
    if kind == "ok":
        return payload
    if kind == "unreadable":
        raise UnreadableDocument(*payload)
    if kind == "memory":
        raise UnreadableDocument(name, "too_large", f"读取所需内存超过 {memory_limit_mb} MB，已停止",
                                 f"reading needed more than {memory_limit_mb} MB of memory and was stopped")
    raise UnreadableDocument(name, "damaged", "文件无法读取（读取时出错）", f"the file could not be read: {payload}")


def _wait(receive: Connection, time_limit_s: float, on_wait) -> bool:
    """True when the child has sent its answer (or died) within the time limit."""
    if on_wait is None:
        return receive.poll(time_limit_s)
    started = time.monotonic()
    while (elapsed := time.monotonic() - started) < time_limit_s:
        if receive.poll(min(0.2, time_limit_s - elapsed)):
            return True
        on_wait(time.monotonic() - started, time_limit_s)
    return receive.poll(0)


def _child(send: Connection, task: str, name: str, data: bytes, args, memory_limit_mb: int) -> None:
    # the libraries are loaded first, so the cap bounds what reading this file takes on top of them
    if task == "render":
        from sources.page_image import SourcePageError, page_png

        def work():
            try:
                return page_png(data, *args)
            except SourcePageError as exc:
                raise UnreadableDocument(name, "page", str(exc), str(exc), args[0]) from exc
    else:
        import reader.excel  # noqa: F401
        import reader.pdf  # noqa: F401
        from reader.document import read_document

        def work():
            return read_document(name, data, args)

    limit = _address_space() + memory_limit_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        send.send(("ok", work()))
    except UnreadableDocument as exc:
        send.send(("unreadable", (exc.file, exc.code, exc.zh, exc.en, exc.page)))
    except MemoryError:
        send.send(("memory", None))
    except Exception as exc:  # noqa: BLE001 - any failure of an untrusted file becomes a message
        send.send(("error", f"{type(exc).__name__}: {exc}"[:300]))
    finally:
        send.close()


def _address_space() -> int:
    """This process's virtual size in bytes (what RLIMIT_AS counts)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[0]) * resource.getpagesize()
