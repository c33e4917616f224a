"""What OCR does to numbers and short words, undone by rules (each tested on its own).

An OCR text line is fixed before it becomes characters on the page, so the table
reader sees "18,330.37" where the recogniser read "18, 330. 37":

* a space after a thousands comma or a decimal point inside a number is dropped
  ("120. 17" -> "120.17", "18, 330. 37" -> "18,330.37");
* a space between digit groups of one amount is dropped when the pieces only make
  sense together ("1,2 34.5" -> "1,234.5": a comma group must have three digits);
* a full stop standing where a thousands comma belongs ("1.234.56" -> "1,234.56":
  only the last point of a number can be its decimal point);
* a Chinese comma or full-width digits and points in an amount ("１２，３４５．００");
* letters that look like digits inside a run of digits (O/o/D -> 0, l/I/| -> 1,
  S -> 5, B -> 8) — only when the run has digits on both sides or is all digits and
  the letter, so words are never touched;
* a leading "一" dropped by the detector (a single thin stroke) in 一般…: a cell that
  starts with 般 gets it back (no budget word starts with 般).

Two separate amounts stay apart: "120.17 30.00" is two amounts (each already has its
decimal part), and a space is only removed where the result is one well-formed amount.
"""

from __future__ import annotations

import re
import unicodedata

_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "Q": "0", "l": "1", "I": "1", "|": "1",
                             "S": "5", "B": "8"})
_FULL_WIDTH = str.maketrans({"，": ",", "．": ".", "。": "."})
# a run that could be one amount: digits (or lookalikes inside digits), commas, points, spaces
_RUN = re.compile(r"(?<![A-Za-z\d])[-−]?[\dOolIDSB|][\d,.，．。 OolIDSB|]*[\dOolIDSB|](?![A-Za-z\d])")
_WELL_FORMED = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_THOUSANDS_POINTS = re.compile(r"^-?\d{1,3}(\.\d{3})+\.\d{1,2}$")


def normalise_line(text: str) -> str:
    """One OCR text line with its amounts repaired (see the module doc); words untouched."""
    text = unicodedata.normalize("NFKC", text) if any("\uff10" <= c <= "\uff19" for c in text) else text
    text = _RUN.sub(lambda m: _fix_run(m.group(0)), text)
    return restore_leading_yi(text)


def restore_leading_yi(text: str) -> str:
    """'般公共服务支出' -> '一般公共服务支出': OCR's detector drops a leading 一."""
    return "一" + text if text.startswith("般") else text


def _fix_run(run: str) -> str:
    if not any(c.isdigit() for c in run):
        return run  # letters alone ("IS", "DO") are words
    pieces = run.split(" ")
    out: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        piece = _digits(piece)
        if out and _joins(out[-1], piece):
            out[-1] = out[-1] + piece
        else:
            out.append(piece)
    return " ".join(_points_to_commas(p) for p in out)


def _digits(piece: str) -> str:
    """Lookalike letters as digits (only called on runs holding digits), Chinese commas as commas."""
    piece = piece.translate(_FULL_WIDTH)
    if all(c.isdigit() or c in ",.-−" or c in "OolIDSB|" for c in piece) and any(c.isdigit() for c in piece):
        piece = piece.translate(_LOOKALIKES)
    return piece.replace("−", "-")


def _joins(left: str, right: str) -> bool:
    """True when two pieces split by a stray space are one amount."""
    if left.endswith((",", ".")):
        return _WELL_FORMED.match(left + right) is not None or _partial(left + right)
    if right.startswith((",", ".")):
        return _WELL_FORMED.match(left + right) is not None
    if "," in left and "." not in left:  # "1,2" + "34.5": a comma group needs its three digits
        last_group = left.rsplit(",", 1)[1]
        return len(last_group) < 3 and _WELL_FORMED.match(left + right) is not None
    return False


def _partial(text: str) -> bool:
    """A number still being assembled ("18,330." waiting for its decimals)."""
    return re.match(r"^-?(\d{1,3}(,\d{3})*|\d+)[,.]?(\d+)?$", text) is not None


def _points_to_commas(piece: str) -> str:
    """'1.234.56' -> '1,234.56': every point but the last is a thousands separator read as a point."""
    if _THOUSANDS_POINTS.match(piece):
        head, tail = piece.rsplit(".", 1)
        return head.replace(".", ",") + "." + tail
    return piece
