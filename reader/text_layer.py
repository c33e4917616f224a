"""Is a PDF page's text layer worth reading, or is the page a picture to be read by OCR?

A text layer is refused when most of its characters cannot be decoded (fonts without a
Unicode map give U+FFFD, control codes or private-use code points), when much of it is in
scripts a Chinese disclosure never uses (mojibake: Latin-1 letters, Cyrillic, box drawing …),
or when a page long enough to be a table holds no Chinese at all and is mostly Latin letters
(a font whose codes map to the wrong letters). A page with almost no text whose area is mostly
an image is a scan with a stamp or page number on it.
"""

from __future__ import annotations

MIN_CHARS = 10
_IMAGE_SHARE = 0.5


def undecodable(c: str) -> bool:
    """A glyph without a Unicode value: U+FFFD, a control code or a private-use code point."""
    return c == "\ufffd" or c < " " or "\ue000" <= c <= "\uf8ff"


def _cjk(c: str) -> bool:
    return ("\u3400" <= c <= "\u9fff") or ("\uf900" <= c <= "\ufaff") or ("\u2e80" <= c <= "\u2fdf")


def _expected(c: str) -> bool:
    """Characters a Chinese budget page uses: ASCII, CJK, their punctuation and full-width forms."""
    return (" " <= c <= "~" or _cjk(c) or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef"
            or "\u2000" <= c <= "\u206f" or "\u2460" <= c <= "\u24ff" or c in "·×÷±°‰√")


def usable_text(text: str) -> bool:
    """True when the characters of a page's text layer read as a Chinese disclosure (see module doc)."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return False
    n = len(chars)
    if sum(map(undecodable, chars)) * 2 > n:
        return False
    if sum(1 for c in chars if not _expected(c) and not undecodable(c)) > 0.3 * n:
        return False
    latin = sum(1 for c in chars if c.isascii() and c.isalpha())
    return not (n >= 30 and not any(map(_cjk, chars)) and latin * 2 > n)


def needs_ocr(text: str, image_share: float) -> bool:
    """Read the page by OCR: its text is unusable, or it is a picture with a few characters on it."""
    if not usable_text(text):
        return True
    return len([c for c in text if not c.isspace()]) < MIN_CHARS and image_share >= _IMAGE_SHARE
