"""Reading a disclosure's extracted text: encoding checks and line access."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from contract.errors import SourceFormatError

_REPLACEMENT = "\ufffd"


@dataclass(frozen=True)
class SourceText:
    """The lines of one source file (index 0 is line 1)."""

    name: str
    lines: tuple[str, ...]

    def line(self, number: int) -> str:
        return self.lines[number - 1]

    def numbered(self):
        """Yield (line_number, text) pairs, 1-based."""
        return enumerate(self.lines, start=1)



def decode_source(name: str, data: bytes) -> SourceText:
    """Decode UTF-8 bytes strictly; name the first undecodable line."""
    if not data.strip():
        raise SourceFormatError(name, 0, "file is empty")
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            hint = " (looks like GBK/GB18030)" if _decodes_as_gbk(raw) else ""
            raise SourceFormatError(
                name, number, f"not valid UTF-8 at byte {exc.start}{hint}"
            ) from exc
    text = data.decode("utf-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = tuple(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    for number, line in enumerate(lines, start=1):
        if _REPLACEMENT in line:
            raise SourceFormatError(name, number, "contains U+FFFD replacement characters (garbled extraction)")
    return SourceText(name=name, lines=lines)


def read_source(path: Path) -> SourceText:
    """Read one source file from disk."""
    if not path.exists():
        raise SourceFormatError(path.name, 0, "file not found")
    return decode_source(path.name, path.read_bytes())


def _decodes_as_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True
