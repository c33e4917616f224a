"""library.sandbox.read_untrusted: the reader in a child process with time and memory limits."""

from __future__ import annotations

import io
import time
import zipfile

import pytest

from library.sandbox import read_untrusted
from loaders.registry import RAW_DIR
from reader.errors import UnreadableDocument


def test_a_disclosure_reads_as_in_process():
    result = read_untrusted("shizhu_2023.txt", (RAW_DIR / "shizhu_2023.txt").read_bytes())
    summary = result.tables["summary"]
    # line 104: 收入合计⇥1,992.86⇥支出合计⇥1,992.86
    assert summary.filter(metric="收入合计")["amount_wan"].item() == pytest.approx(1992.86)


def test_unreadable_file_keeps_its_reason():
    with pytest.raises(UnreadableDocument) as caught:
        read_untrusted("x.bin", b"\x00\x01\x02 not a disclosure" * 100)
    assert caught.value.code == "not_supported"


def test_time_limit_stops_the_child():
    start = time.perf_counter()
    with pytest.raises(UnreadableDocument) as caught:
        read_untrusted("shizhu_2023.txt", (RAW_DIR / "shizhu_2023.txt").read_bytes(), time_limit_s=0.05)
    assert caught.value.code == "timeout"
    assert time.perf_counter() - start < 10


def _pdf_declaring(pages: int) -> bytes:
    """A one-page PDF whose page tree claims ``pages`` pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               f"<< /Type /Pages /Kids [3 0 R] /Count {pages} >>".encode(),
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def test_pdf_declaring_a_hundred_thousand_pages_is_refused():
    start = time.perf_counter()
    with pytest.raises(UnreadableDocument) as caught:
        read_untrusted("bomb.pdf", _pdf_declaring(100_000), time_limit_s=20)
    assert caught.value.code in ("too_large", "empty", "damaged", "no_tables", "timeout", "crashed")
    assert time.perf_counter() - start < 30


def _zip_bomb_xlsx(rows: int) -> bytes:
    """A valid workbook whose one sheet inflates from a few megabytes to hundreds."""
    import xlsxwriter

    plain = io.BytesIO()
    book = xlsxwriter.Workbook(plain, {"in_memory": True})
    book.add_worksheet("收支总表").write(0, 0, "收入合计")
    book.close()
    row = '<row><c t="inlineStr"><is><t>收入合计</t></is></c><c><v>1</v></c></row>'
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             "<sheetData>" + row * rows + "</sheetData></worksheet>")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for item in source.infolist():
            body = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            bomb.writestr(item.filename, body)
    return out.getvalue()


def test_zip_bomb_renamed_xlsx_is_stopped_by_the_limits():
    data = _zip_bomb_xlsx(3_000_000)  # ~200 MB of sheet XML
    assert len(data) < 5_000_000
    start = time.perf_counter()
    with pytest.raises(UnreadableDocument) as caught:
        read_untrusted("bomb.xlsx", data, time_limit_s=10, memory_limit_mb=512)
    assert caught.value.code in ("too_large", "timeout", "crashed")  # stopped by a limit
    assert time.perf_counter() - start < 20
