"""Unreadable input is refused with one line naming the file and the reason; a document that
does not add up is still read, with failed checks. The command's exit codes and outputs."""

from __future__ import annotations

import json

import pymupdf
import pytest

from loaders.__main__ import main
from reader.document import read_document
from reader.errors import UnreadableDocument
from reader.inputs import sniff
from synthetic.disclosure import generate_disclosure
from synthetic.render_pdf import render_pdf
from synthetic.render_xlsx import render_xlsx


@pytest.fixture(scope="module")
def pdf_bytes(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("pdf") / "doc.pdf"
    return render_pdf(generate_disclosure(7, contradiction="none", omit="none"), path).read_bytes()


def _encrypted(data: bytes) -> bytes:
    doc = pymupdf.open(stream=data, filetype="pdf")
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")


def _scanned() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pix.clear_with(200)
    page.insert_image(pymupdf.Rect(50, 50, 300, 300), pixmap=pix)
    return doc.tobytes()


@pytest.mark.parametrize(
    ("name", "make", "code"),
    [
        ("empty.pdf", lambda pdf: b"", "empty"),
        ("random.bin", lambda pdf: bytes(range(256)) * 40, "not_supported"),
        ("encrypted.pdf", _encrypted, "encrypted"),
        ("scan.pdf", lambda pdf: _scanned(), "scanned"),
        ("truncated.pdf", lambda pdf: pdf[: len(pdf) // 3], None),
        ("notes.txt", lambda pdf: "会议纪要\n今天讨论了工作安排。\n".encode(), "no_tables"),
        ("gbk.txt", lambda pdf: "部门收支总表\n单位：万元\n".encode("gbk"), "damaged"),
    ],
)
def test_unreadable_input_names_file_and_reason(pdf_bytes, name, make, code):
    with pytest.raises(UnreadableDocument) as info:
        read_document(name, make(pdf_bytes))
    if code is not None:
        assert info.value.code == code
    line = info.value.line()
    assert line.startswith(name) and " / " in line and "\n" not in line


def test_sniff_by_content_not_extension(pdf_bytes, tmp_path):
    xlsx = render_xlsx(generate_disclosure(3), tmp_path / "a.pdf").read_bytes()  # misnamed on purpose
    assert (sniff(pdf_bytes), sniff(xlsx), sniff("部门预算".encode()), sniff(b"\x00\x01")) == (
        "pdf", "xlsx", "text", "unknown")
    assert read_document("misnamed.txt", xlsx).tables["summary"].height > 0


def test_pdf_that_does_not_add_up_is_read_with_failed_checks(tmp_path):
    disclosure = generate_disclosure(11, contradiction="sangong_total", fmt="pdf")
    data = render_pdf(disclosure, tmp_path / "bad.pdf").read_bytes()
    result = read_document("bad.pdf", data)
    failed = result.tables["checks"].filter(~result.tables["checks"]["ok"])
    assert "三公分项之和 = 三公经费合计" in failed["check"].to_list()
    assert result.report["checks"]["failed"] == failed.height


def test_command_writes_tables_and_report_and_refuses_bad_files(pdf_bytes, tmp_path, capsys):
    good = tmp_path / "good.pdf"
    good.write_bytes(pdf_bytes)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7\n garbage")
    out = tmp_path / "out"
    code = main(["import", str(good), str(bad), "--out", str(out), "--year", "2031"])
    assert code == 1  # one file could not be read
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("bad.pdf")
    assert {p.name for p in out.iterdir()} >= {"summary.csv", "indicators.csv", "read_report.json", "read_report.md"}
    assert "2031" in (out / "counties.csv").read_text(encoding="utf-8")  # --year overrides the document
    report = json.loads((out / "read_report.json").read_text(encoding="utf-8"))
    assert [r["file"] for r in report] == ["good.pdf", "bad.pdf"] and report[1]["error"] == "damaged"
    assert "已读取" in (out / "read_report.md").read_text(encoding="utf-8")
    assert main(["import", str(good), "--out", str(tmp_path / "ok")]) == 0
