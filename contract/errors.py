"""Named errors raised while reading a disclosure."""

from __future__ import annotations


class SourceFormatError(ValueError):
    """A source file could not be read as the layout its parser expects.

    ``line`` is 1-based; 0 means the problem concerns the file as a whole.
    """

    def __init__(self, file: str, line: int, reason: str) -> None:
        self.file = file
        self.line = line
        self.reason = reason
        where = f"{file}" if line == 0 else f"{file}, line {line}"
        super().__init__(f"{where}: {reason}")


class SchemaError(ValueError):
    """A parsed table breaks the data contract (type, vocabulary, key, sign)."""

    def __init__(self, table: str, reason: str) -> None:
        self.table = table
        self.reason = reason
        super().__init__(f"table {table!r}: {reason}")
