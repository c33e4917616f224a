"""Bad input: empty, wrongly encoded, garbled files give an error naming file and line."""

import pytest

from loaders import SourceFormatError, decode, parse_county_text
from loaders.registry import COUNTIES


def test_empty_file():
    with pytest.raises(SourceFormatError, match=r"^x.txt: file is empty$"):
        decode("x.txt", b"")


def test_whitespace_only_file():
    with pytest.raises(SourceFormatError, match="file is empty"):
        decode("x.txt", b"\n\n  \t\n")


def test_gbk_encoded_file_names_line(raw_dir):
    text = (raw_dir / "hezheng_2024.txt").read_text(encoding="utf-8")
    with pytest.raises(SourceFormatError, match=r"hezheng_2024.txt, line 3: not valid UTF-8.*GBK"):
        decode("hezheng_2024.txt", text.encode("gbk"))


def test_single_bad_line_is_named():
    data = "一\n二\n".encode() + "三".encode("gbk") + b"\n"
    with pytest.raises(SourceFormatError, match=r"line 3: not valid UTF-8"):
        decode("f.txt", data)


def test_replacement_characters_are_garbled_text():
    with pytest.raises(SourceFormatError, match=r"line 2: .*garbled"):
        decode("f.txt", "合计\n收入\ufffd\ufffd\n".encode())


def test_missing_file(tmp_path):
    from contract.source import read_source

    with pytest.raises(SourceFormatError, match="file not found"):
        read_source(tmp_path / "nope.txt")


@pytest.mark.parametrize("county_id", sorted(COUNTIES))
def test_unrelated_text_is_rejected_by_every_parser(county_id):
    source = decode("random.txt", "这不是预算公开文件\n只是一段文字\n".encode())
    with pytest.raises(SourceFormatError, match="random.txt"):
        parse_county_text(COUNTIES[county_id], source)
