"""Read an untrusted file in a separate process with a time limit and a memory limit.

An uploaded PDF or workbook may be malformed or hostile (a page count in the hundreds of
thousands, a decompression bomb, a loop in its structure). The reader runs in a child
process whose address space is capped (RLIMIT_AS) and which is killed when it runs past
its time; the server only ever sees a result or a clear UnreadableDocument.

A scan is read by OCR at a few seconds a page, so the time limit grows with it: the child
reports each page it has read (reader.progress), and every OCR'd page gets OCR_PAGE_LIMIT_S
of its own on top of the document's TIME_LIMIT_S. A page that runs past its time stops the
read, naming the last page reached. The memory cap (MEMORY_LIMIT_MB beyond the loaded
libraries) holds the OCR models (~0.7 GB of address space) and a page at 200 dpi (~0.3 GB).
"""

from __future__ import annotations

import multiprocessing
import resource
import time
from collections.abc import Callable
from multiprocessing.connection import Connection

from reader.document import ReadResult
from reader.errors import UnreadableDocument
from reader.progress import PageProgress, listening

TIME_LIMIT_S = 60.0
OCR_PAGE_LIMIT_S = 120.0  # one scanned page: 2–3 s on a quiet 2-core machine, 60 s+ when 18 processes share it
MEMORY_LIMIT_MB = 2048


def read_untrusted(name: str, data: bytes, overrides: dict | None = None, *,
                   time_limit_s: float = TIME_LIMIT_S, memory_limit_mb: int = MEMORY_LIMIT_MB,
                   on_wait: Callable[[float, float], None] | None = None,
                   on_progress: Callable[[PageProgress], None] | None = None,
                   ocr_page_limit_s: float = OCR_PAGE_LIMIT_S) -> ReadResult:
    """read_document in a child process; UnreadableDocument when it fails, overruns or is killed.

    ``memory_limit_mb`` is what reading the file may take beyond the loaded libraries;
    ``on_wait(elapsed_s, limit_s)`` is called about five times a second while the child reads
    (the dashboard shows it as progress), ``on_progress(PageProgress)`` after each page read by OCR."""
    return _run("read", name, data, overrides, time_limit_s, memory_limit_mb, on_wait, on_progress,
                ocr_page_limit_s)


def render_page_untrusted(name: str, data: bytes, page: int, row_text: str | None, *,
                          time_limit_s: float = 20.0, memory_limit_mb: int = 1024):
    """sources.page_image.page_png in a child process (a page's images may be a decompression
    bomb even when its text read fine): a PageImage, or UnreadableDocument naming the problem."""
    return _run("render", name, data, (page, row_text), time_limit_s, memory_limit_mb, None)


def _run(task: str, name: str, data: bytes, args, time_limit_s: float, memory_limit_mb: int, on_wait,
         on_progress=None, ocr_page_limit_s: float = OCR_PAGE_LIMIT_S):
    receive, send = multiprocessing.get_context("spawn").Pipe(duplex=False)
    child = multiprocessing.get_context("spawn").Process(
        target=_child, args=(send, task, name, data, args, memory_limit_mb), daemon=True)
    child.start()
    send.close()
    try:
        kind, payload = _answer(name, receive, time_limit_s, on_wait, on_progress, ocr_page_limit_s)
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


def _answer(name: str, receive: Connection, time_limit_s: float, on_wait, on_progress, ocr_page_limit_s: float):
    """The child's answer (kind, payload); progress reports on the way extend the deadline for OCR.

    EOFError when the child died; UnreadableDocument("timeout") when it ran past its time."""
    started = time.monotonic()
    deadline = started + time_limit_s
    reached: PageProgress | None = None
    while (now := time.monotonic()) < deadline:
        if receive.poll(min(0.2, deadline - now)):
            kind, payload = receive.recv()
            if kind != "progress":
                return kind, payload
            reached = payload
            if payload.ocr_done < payload.ocr_total:  # the next page to OCR gets its own time
                deadline = max(deadline, time.monotonic() + ocr_page_limit_s)
            else:  # OCR is done: the rest of the read gets the document's time again
                deadline = max(deadline, time.monotonic() + time_limit_s)
            if on_progress is not None:
                on_progress(payload)
        elif on_wait is not None:
            on_wait(time.monotonic() - started, deadline - started)
    if receive.poll(0):
        kind, payload = receive.recv()
        if kind != "progress":
            return kind, payload
    limit = deadline - started
    if reached is not None and reached.ocr_total:
        page = f"（文字识别已读到第 {reached.done} 页，共 {reached.total} 页）" if reached.done else "（文字识别第一页未完成）"
        raise UnreadableDocument(name, "timeout", f"读取超过 {limit:.0f} 秒仍未完成，已停止{page}",
                                 f"reading took longer than {limit:.0f} s and was stopped "
                                 f"(OCR had reached page {reached.done} of {reached.total})", page=reached.done or None)
    raise UnreadableDocument(name, "timeout", f"读取超过 {time_limit_s:g} 秒仍未完成，已停止",
                             f"reading took longer than {time_limit_s:g} s and was stopped")


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
            with listening(lambda progress: send.send(("progress", progress))):
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
