"""Recognise a file by its content (never its extension) and read it into rows."""

from __future__ import annotations

import zipfile
from io import BytesIO

from contract.errors import SourceFormatError
from contract.source import decode_source
from reader.errors import UnreadableDocument
from reader.rows import RowSource

MAX_BYTES = 200 * 1024 * 1024
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and .doc: told apart below)


def sniff(data: bytes) -> str:
    """'pdf', 'xlsx', 'xls', 'text' or 'unknown' from the leading bytes."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "xlsx" if _is_xlsx(data) else "unknown"
    if head.startswith(_OLE2):
        return "xls" if b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in data[:65536] or b"Workbook" in data else "unknown"
    if _looks_like_text(head):
        return "text"
    return "unknown"


def read_rows(name: str, data: bytes) -> RowSource:
    """Rows of any supported file; UnreadableDocument names what is wrong."""
    if not data.strip():
        raise UnreadableDocument(name, "empty", "文件为空", "the file is empty")
    if len(data) > MAX_BYTES:
        raise UnreadableDocument(name, "too_large", f"文件超过 {MAX_BYTES // 2**20} MB",
                                 f"the file is larger than {MAX_BYTES // 2**20} MB")
    file_type = sniff(data)
    if file_type == "pdf":
        from reader.pdf import read_pdf

        return read_pdf(name, data)
    if file_type in ("xlsx", "xls"):
        from reader.excel import read_excel

        return read_excel(name, data, file_type)
    if file_type == "text":
        from reader.text import rows_from_text

        try:
            return rows_from_text(decode_source(name, data))
        except SourceFormatError as exc:
            raise UnreadableDocument(name, "damaged", f"文本无法按 UTF-8 读取（{exc.reason}）",
                                     f"the text cannot be read as UTF-8 ({exc})") from exc
    raise UnreadableDocument(
        name, "not_supported", "不是 PDF、Excel 或文本文件",
        "not a PDF, Excel or text file",
    )


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            return any(member.startswith("xl/") for member in archive.namelist())
    except zipfile.BadZipFile:
        return True  # a damaged workbook: let the Excel reader say so


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:  # a multi-byte character cut by the 1024-byte window
            return True
        try:
            head.decode("gb18030")
        except UnicodeDecodeError:
            return False
        return True  # GBK text: the text reader names the encoding
