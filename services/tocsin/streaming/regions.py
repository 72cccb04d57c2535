"""World regions for the counts: ISO country → UN M49 sub-region (data/m49.tsv, origin noted in its header).

The repartition topic is keyed by sub-region, so one table partition owns a sub-region together with all of its
countries and their admin1 units: every count key and every dedup candidate of a country lives in one partition.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DATA = Path(__file__).parent / "data" / "m49.tsv"
UNKNOWN = "000"  # countries M49 does not place (Antarctica): counted on their own, under this code


@dataclass(frozen=True)
class SubRegion:
    code: str  # M49 numeric code, e.g. "145"
    name: str  # e.g. "Western Asia"


@cache
def _table() -> dict[str, SubRegion]:
    out: dict[str, SubRegion] = {}
    for line in _DATA.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        country, code, name = line.split("\t")
        out[country] = SubRegion(code, name)
    return out


def sub_region(country: str) -> SubRegion:
    return _table().get(country.upper(), SubRegion(UNKNOWN, "Unknown"))


def sub_region_names() -> dict[str, str]:
    """Code → name, for filters that accept either."""
    return {r.code: r.name for r in _table().values()}
