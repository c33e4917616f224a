"""A scanned PDF page as the characters and rules reader.pdf builds rows from.

The page is rendered grey (PyMuPDF), turned upright and deskewed, its table rules are
found in the image (long horizontal and vertical runs of dark pixels) and its text is
recognised by PP-OCR (rapidocr-onnxruntime: the models ship inside the wheel, nothing is
downloaded). Each recognised text line, its amounts repaired (reader.ocr_numbers), is laid
out as characters across its box, in page points, with the line's confidence; from there
reader.pdf cuts rows of cells exactly as for a text layer.

Orientation: the detector finds text in any direction; when most of its boxes are taller
than wide the page is turned a quarter, and when the direction classifier reads most lines
as upside down the page is turned half. Skew: the median slope of the wide text boxes
(±5°), undone by rotating the image.
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass
from functools import cache

import numpy as np

from reader.ocr_numbers import normalise_line

DPI = 150
# the text detector sees the page at most this many pixels on its longer side
DETECT_SIDE = 1600
_MIN_SKEW = 0.1  # degrees: below this the page is left as it is
_MAX_SKEW = 5.0


class OcrUnavailable(RuntimeError):
    """rapidocr-onnxruntime (or OpenCV) is not installed."""


@dataclass(frozen=True)
class OcrLine:
    text: str
    x0: float  # page points, upright frame
    y0: float
    x1: float
    y1: float
    confidence: float


@dataclass(frozen=True)
class OcrPage:
    lines: tuple[OcrLine, ...]
    rules: tuple[tuple[str, float, float, float], ...]  # ("h", y, x0, x1) / ("v", x, y0, y1), points
    turned: int  # degrees the page image was turned clockwise to read it (0, 90, 180, 270)
    skew: float  # degrees of skew undone
    width: float  # upright page size in points
    height: float


@cache
def engine():
    """The PP-OCR engine, loaded once per process (~0.5 s)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:  # pragma: no cover - the dependency is pinned in requirements.txt
        raise OcrUnavailable(str(exc)) from exc
    return RapidOCR(print_verbose=False)


def render(page, dpi: int = DPI) -> np.ndarray:
    """The page as a grey image (as displayed, its /Rotate applied)."""
    import pymupdf

    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
    return np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.stride)[:, : pix.w].copy()


def ocr_page(page, dpi: int = DPI) -> OcrPage:
    return ocr_image(render(page, dpi), 72.0 / dpi)


def ocr_image(grey: np.ndarray, scale: float) -> OcrPage:
    """Text lines and rules of one page image; ``scale`` converts pixels to points."""
    import cv2

    ocr = engine()
    image, turned = grey, 0
    det = _Detected.of(ocr, image)
    if det.boxes and _upright_share(det.boxes) < 0.5:  # text runs down the page: a quarter turn
        image, turned = cv2.rotate(image, cv2.ROTATE_90_CLOCKWISE), 90
        det = _Detected.of(ocr, image)
    upright = image
    skew = _skew(det.boxes)
    skew = skew + _rule_skew(_rotate(upright, skew) if skew else upright, scale)  # rules are straighter
    if abs(skew) >= _MIN_SKEW:
        image = _rotate(upright, skew)
        det = _Detected.of(ocr, image)
    else:
        skew = 0.0
    crops = det.crops(ocr)
    if crops and _upside_down(ocr, crops):
        image, turned = cv2.rotate(image, cv2.ROTATE_180), (turned + 180) % 360
        det = _Detected.of(ocr, image)
        crops = det.crops(ocr)
    lines = _recognise(ocr, crops, det.page_boxes(), scale)
    height, width = image.shape[:2]
    rules = _outside_text(rules_in_image(image, scale), lines)
    return OcrPage(lines=tuple(lines), rules=tuple(rules), turned=turned,
                   skew=skew, width=width * scale, height=height * scale)


# ---------------------------------------------------------------- detection and recognition


def _colour(image: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)


@dataclass
class _Detected:
    """Text boxes (4 corner points each, page image pixels, top to bottom) of one page image.

    The detector sees the page shrunk to DETECT_SIDE pixels (it finds lines as well there, in
    a third of the time); the recogniser reads each line cut from the full image."""

    image: np.ndarray  # the page in colour, full size
    boxes: list[np.ndarray]

    @classmethod
    def of(cls, ocr, grey: np.ndarray) -> _Detected:
        import cv2

        colour = _colour(grey)
        h, w = grey.shape[:2]
        ratio = min(1.0, DETECT_SIDE / max(h, w))
        small = cv2.resize(colour, (max(32, round(w * ratio / 32) * 32), max(32, round(h * ratio / 32) * 32)))
        boxes, _ = ocr.text_det(small)
        found = [] if boxes is None or len(boxes) == 0 else list(ocr.sorted_boxes(boxes))
        back = np.array([w / small.shape[1], h / small.shape[0]], dtype=np.float32)
        return cls(colour, [np.asarray(b, dtype=np.float32) * back for b in found])

    def crops(self, ocr) -> list[np.ndarray]:
        return ocr.get_crop_img_list(self.image, self.boxes) if self.boxes else []

    def page_boxes(self) -> list[np.ndarray]:
        return self.boxes


def _size(box: np.ndarray) -> tuple[float, float]:
    width = float(np.linalg.norm(box[1] - box[0]))
    height = float(np.linalg.norm(box[3] - box[0]))
    return width, height


def _upright_share(boxes: list[np.ndarray]) -> float:
    """Share of the elongated boxes that are wider than tall."""
    wide = tall = 0
    for box in boxes:
        w, h = _size(box)
        if w > 1.5 * h:
            wide += 1
        elif h > 1.5 * w:
            tall += 1
    return wide / (wide + tall) if wide + tall else 1.0


def _skew(boxes: list[np.ndarray]) -> float:
    """The page's skew in degrees (positive: text rises to the right), from its wide boxes."""
    angles = []
    for box in boxes:
        w, h = _size(box)
        if w > 4 * h and w > 60:
            dx, dy = box[1] - box[0]
            angles.append(math.degrees(math.atan2(-dy, dx)))
    if len(angles) < 3:
        return 0.0
    angle = statistics.median(angles)
    return angle if abs(angle) <= _MAX_SKEW else 0.0


def _rule_skew(image: np.ndarray, scale: float) -> float:
    """The skew left on a page with ruled tables, from the slope of its longest horizontal rules."""
    import cv2

    dpi = 72.0 / scale
    dark = cv2.adaptiveThreshold(image, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    runs = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (int(dpi * 0.5), 1)))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
    longest = sorted(range(1, count), key=lambda i: -stats[i][2])[:8]
    angles = []
    for i in longest:
        if stats[i][2] < dpi * 2:  # shorter than two inches: too short to measure a fraction of a degree
            break
        ys, xs = np.nonzero(labels == i)
        slope = np.polyfit(xs, ys, 1)[0]
        angles.append(math.degrees(math.atan(-slope)))
    return statistics.median(angles) if len(angles) >= 2 else 0.0


def _rotate(image: np.ndarray, degrees: float) -> np.ndarray:
    """The image turned clockwise by ``degrees`` about its centre (undoing that much skew), white behind."""
    import cv2

    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), -degrees, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


def _upside_down(ocr, crops: list[np.ndarray]) -> bool:
    """Most text lines read as turned by 180° by the direction classifier."""
    sample = crops[: min(len(crops), 30)]
    _, results, _ = ocr.text_cls([c.copy() for c in sample])
    flipped = sum(1 for label, score in results if label == "180" and score > 0.9)
    return flipped > len(sample) / 2


def _recognise(ocr, crops: list[np.ndarray], boxes: list[np.ndarray], scale: float) -> list[OcrLine]:
    if not crops:
        return []
    results, _ = ocr.text_rec(crops)
    lines = []
    for box, (text, confidence) in zip(boxes, results, strict=True):
        text = normalise_line(text.strip())
        if not text or confidence < 0.3:
            continue
        xs, ys = box[:, 0], box[:, 1]
        lines.append(OcrLine(text, float(xs.min()) * scale, float(ys.min()) * scale, float(xs.max()) * scale,
                             float(ys.max()) * scale, float(confidence)))
    return lines


# ---------------------------------------------------------------- rules


def rules_in_image(image: np.ndarray, scale: float) -> list[tuple[str, float, float, float]]:
    """Drawn table rules: horizontal and vertical runs of dark pixels longer than any stroke of text."""
    import cv2

    dark = cv2.adaptiveThreshold(image, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    dpi = 72.0 / scale
    out: list[tuple[str, float, float, float]] = []
    for axis, kernel in (("h", (max(int(dpi * 0.4), 20), 1)), ("v", (1, max(int(dpi * 0.2), 12)))):
        runs = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        if axis == "h":  # close one-pixel breaks along a rule
            runs = cv2.dilate(runs, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1)))
        else:
            runs = cv2.dilate(runs, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 5)))
        count, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for x, y, w, h, _area in stats[1:count]:
            if axis == "h" and w >= kernel[0] and h <= max(6, dpi / 25) + w * 0.004:  # up to ~0.25° left over
                out.append(("h", (y + h / 2) * scale, x * scale, (x + w) * scale))
            elif axis == "v" and h >= kernel[1] and w <= max(6, dpi / 25) + h * 0.004:
                out.append(("v", (x + w / 2) * scale, y * scale, (y + h) * scale))
    return _snap_ends(out)


def _outside_text(rules: list[tuple[str, float, float, float]],
                  lines: list[OcrLine]) -> list[tuple[str, float, float, float]]:
    """The rules that are not strokes of a large glyph: a run of dark pixels lying wholly inside a
    recognised text box (a cover's 36 pt "泉州市人民政府办公室": the strokes of 民 and 泉 are longer than
    the shortest rule) is part of the text. A table's rules run between its cells' text boxes."""
    def inside(rule: tuple[str, float, float, float], box: OcrLine) -> bool:
        axis, at, lo, hi = rule
        margin = 0.1 * (box.y1 - box.y0)
        if axis == "h":
            return box.y0 + margin < at < box.y1 - margin and box.x0 - margin <= lo and hi <= box.x1 + margin
        return box.x0 + margin < at < box.x1 - margin and box.y0 - margin <= lo and hi <= box.y1 + margin
    return [rule for rule in rules if not any(inside(rule, box) for box in lines)]


_END_SNAP = 4.0  # points: a rule ending this close to a crossing rule ends on it


def _snap_ends(rules: list[tuple[str, float, float, float]]) -> list[tuple[str, float, float, float]]:
    """Rule ends moved onto the crossing rule they nearly reach: in an image a rule's end is blurred by
    a pixel or two, and a table's edge must fall where its outer rule is, not beside it."""
    hs = [r for r in rules if r[0] == "h"]
    vs = [r for r in rules if r[0] == "v"]

    def snap(end: float, at: float, crossing: list) -> float:
        near = [c[1] for c in crossing if abs(c[1] - end) <= _END_SNAP and c[2] - _END_SNAP <= at <= c[3] + _END_SNAP]
        return min(near, key=lambda x: abs(x - end)) if near else end

    return ([("h", at, snap(lo, at, vs), snap(hi, at, vs)) for _, at, lo, hi in hs]
            + [("v", at, snap(lo, at, hs), snap(hi, at, hs)) for _, at, lo, hi in vs])
