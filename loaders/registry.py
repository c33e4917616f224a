"""The four disclosures the project ships: where they are and how to parse them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

RAW_DIR = Path(__file__).resolve().parent.parent / "data" / "raw"


@dataclass(frozen=True)
class CountySource:
    county_id: str
    county_name: str
    province: str  # 省级 location; not stated in the extracted text itself
    file: str
    parser: str  # module in loaders/ with parse(source) -> ParsedDocument


COUNTIES: dict[str, CountySource] = {
    c.county_id: c
    for c in (
        CountySource("hezheng", "和政县", "甘肃省", "hezheng_2024.txt", "loaders.hezheng"),
        CountySource("qinglong", "青龙满族自治县", "河北省", "qinglong_2023.txt", "loaders.qinglong"),
        CountySource("huangyuan", "湟源县", "青海省", "huangyuan_2024.txt", "loaders.huangyuan"),
        CountySource("shizhu", "石柱土家族自治县", "重庆市", "shizhu_2023.txt", "loaders.shizhu"),
    )
}
