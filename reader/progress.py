"""Per-page progress of reading one document, for whoever is listening (CLI bar, 导入 page, sandbox).

The reader calls ``page_done`` after each page; a caller that wants to hear it wraps the read in
``listening(callback)``. A context variable keeps listeners of concurrent reads (threads of the
dashboard) apart, and the reader's signatures stay as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class PageProgress:
    done: int  # pages read so far
    total: int  # pages in the document
    ocr: bool  # the page just read was read by OCR
    ocr_done: int  # pages read by OCR so far
    ocr_total: int  # pages that need OCR in all


Listener = Callable[[PageProgress], None]
_LISTENER: ContextVar[Listener | None] = ContextVar("reader_progress", default=None)


@contextmanager
def listening(callback: Listener) -> Iterator[None]:
    token = _LISTENER.set(callback)
    try:
        yield
    finally:
        _LISTENER.reset(token)


def page_done(progress: PageProgress) -> None:
    listener = _LISTENER.get()
    if listener is not None:
        listener(progress)
