"""Scanned copies of PDFs, made here: each page rendered grey, roughened, wrapped in an image-only PDF.

What a county's scanner produces: a grey page image at 150–300 dpi with light noise, sometimes
fed in sideways or upside down (``turns``: page index -> 90/180/270, clockwise) or a little
askew (``skews``: page index -> degrees, counter-clockwise), with no text layer at all. Pages
are stored as JPEG like most scanners do. ``garbage_text`` adds, on the given pages, an
invisible-looking text layer of mojibake over the image (a scan whose "OCR layer" is useless).
"""

from __future__ import annotations

import numpy as np
import pymupdf


def scan_pdf(data: bytes, *, dpi: int = 150, noise: float = 6.0, seed: int = 0,
             turns: dict[int, int] | None = None, skews: dict[int, float] | None = None,
             pages: list[int] | None = None, garbage_text: tuple[int, ...] = (),
             keep_text: tuple[int, ...] = ()) -> bytes:
    """An image-only PDF of ``data``'s pages (all, or the 0-based ``pages``); the pages in
    ``keep_text`` are copied as they are (a document scanned in part)."""
    import cv2

    rng = np.random.default_rng(seed)
    turns, skews = turns or {}, skews or {}
    source = pymupdf.open(stream=data, filetype="pdf")
    out = pymupdf.open()
    for index in pages if pages is not None else range(source.page_count):
        if index in keep_text:
            out.insert_pdf(source, from_page=index, to_page=index)
            continue
        pix = source.load_page(index).get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
        grey = np.frombuffer(pix.samples, np.uint8).reshape(pix.h, pix.stride)[:, : pix.w].astype(np.float32)
        grey = grey * 0.9 + 12  # paper is never white, ink never black
        grey += rng.normal(0.0, noise, grey.shape)
        image = np.clip(grey, 0, 255).astype(np.uint8)
        if skews.get(index):
            h, w = image.shape
            matrix = cv2.getRotationMatrix2D((w / 2, h / 2), skews[index], 1.0)
            image = cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=240)
        turn = turns.get(index, 0)
        if turn:
            image = cv2.rotate(image, {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180,
                                       270: cv2.ROTATE_90_COUNTERCLOCKWISE}[turn])
        ok, jpeg = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 85])
        assert ok
        h, w = image.shape
        page = out.new_page(width=w * 72 / dpi, height=h * 72 / dpi)
        page.insert_image(page.rect, stream=jpeg.tobytes())
        if index in garbage_text:
            page.insert_text((40, 60), "Ã¤Â¸Â\u00ad Ã¥Â¤Â® Ã©Â¢Â\u0084 Ã§Â®Â\u0097 " * 6, fontsize=6, render_mode=3)
    return out.tobytes(garbage=3, deflate=True)
