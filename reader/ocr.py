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
# the recogniser's detector sees the page at most this many pixels on its longer side
MAX_SIDE = 2000
_MIN_SKEW = 0.25  # degrees: below this the page is left as it is
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
    return RapidOCR(max_side_len=MAX_SIDE, print_verbose=False)


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
    skew = _skew(det.boxes)
    if abs(skew) >= _MIN_SKEW:
        image = _rotate(image, skew)
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
    return OcrPage(lines=tuple(lines), rules=tuple(rules_in_image(image, scale)), turned=turned,
                   skew=skew, width=width * scale, height=height * scale)


# ---------------------------------------------------------------- detection and recognition


def _colour(image: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)


@dataclass
class _Detected:
    """Text boxes found on an image the detector's size (4 corner points each, top to bottom)."""

    image: np.ndarray  # the page as the detector saw it (colour, at most MAX_SIDE)
    boxes: list[np.ndarray]
    ratio: np.ndarray  # detector pixels -> page image pixels (x, y)

    @classmethod
    def of(cls, ocr, grey: np.ndarray) -> _Detected:
        img, ratio_h, ratio_w = ocr.preprocess(_colour(grey))
        boxes, _ = ocr.text_det(img)
        found = [] if boxes is None or len(boxes) == 0 else list(ocr.sorted_boxes(boxes))
        return cls(img, [np.asarray(b, dtype=np.float32) for b in found],
                     np.array([ratio_w, ratio_h], dtype=np.float32))

    def crops(self, ocr) -> list[np.ndarray]:
        return ocr.get_crop_img_list(self.image, self.boxes) if self.boxes else []

    def page_boxes(self) -> list[np.ndarray]:
        return [box * self.ratio for box in self.boxes]


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
    for kind, kernel in (("h", (max(int(dpi * 0.4), 20), 1)), ("v", (1, max(int(dpi * 0.2), 12)))):
        runs = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        if kind == "h":  # close one-pixel breaks along a rule
            runs = cv2.dilate(runs, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 1)))
        else:
            runs = cv2.dilate(runs, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 5)))
        count, _, stats, _ = cv2.connectedComponentsWithStats(runs, connectivity=8)
        for x, y, w, h, _area in stats[1:count]:
            if kind == "h" and w >= kernel[0] and h <= max(6, dpi / 25):
                out.append(("h", (y + h / 2) * scale, x * scale, (x + w) * scale))
            elif kind == "v" and h >= kernel[1] and w <= max(6, dpi / 25):
                out.append(("v", (x + w / 2) * scale, y * scale, (y + h) * scale))
    return out
