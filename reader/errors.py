"""Why a file cannot be read at all (as opposed to a table that does not add up)."""

from __future__ import annotations


class UnreadableDocument(ValueError):
    """The file is not a disclosure this reader can read.

    ``code`` names the case (not_supported, encrypted, scanned, damaged,
    empty, no_tables, not_budget (a 决算), no_year, too_large); ``zh`` and ``en``
    are the one-line reasons shown to the user. ``page`` is set when the problem is on one page.
    """

    def __init__(self, file: str, code: str, zh: str, en: str, page: int | None = None) -> None:
        self.file = file
        self.code = code
        self.zh = zh
        self.en = en
        self.page = page
        super().__init__(self.line())

    def line(self) -> str:
        """One line naming the file and the reason, in Chinese and English."""
        where = f"{self.file}" + (f" 第{self.page}页" if self.page else "")
        return f"{where}：{self.zh} / {self.en}"
