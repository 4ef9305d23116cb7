"""content/sources.yaml: the pages our facts come from."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

from tgbot.core.content import fields
from tgbot.core.content.models import Source
from tgbot.core.content.problems import Where

SOURCE_FIELDS = ("id", "publisher", "title", "url", "reviewed")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_sources(document: object, where: Where) -> dict[str, Source]:
    """Sources by id, in file order. Broken entries are reported and left out."""
    top = fields.mapping(document, where, required=("sources",))
    if top is None:
        return {}
    entries_where = where.child("sources")
    entries = top["sources"]
    if not isinstance(entries, list) or not entries:
        entries_where.error(f"expected a non-empty list, got {fields.type_name(entries)}")
        return {}
    sources: dict[str, Source] = {}
    first_index: dict[str, int] = {}
    for index, entry in enumerate(entries):
        source = _parse_source(entry, entries_where.item(index))
        if source is None:
            continue
        if source.id in sources:
            entries_where.item(index).child("id").error(
                f"duplicate source id {source.id!r} (first at sources[{first_index[source.id]}])"
            )
            continue
        sources[source.id] = source
        first_index[source.id] = index
    return sources


def _parse_source(entry: object, where: Where) -> Source | None:
    values = fields.mapping(entry, where, required=SOURCE_FIELDS)
    if values is None:
        return None
    source_id = fields.identifier(values["id"], where.child("id"))
    publisher = fields.text(values["publisher"], where.child("publisher"))
    title = fields.text(values["title"], where.child("title"))
    url = _https_url(values["url"], where.child("url"))
    reviewed = _iso_date(values["reviewed"], where.child("reviewed"))
    if source_id and publisher and title and url and reviewed:
        return Source(source_id, publisher, title, url, reviewed)
    return None


def _https_url(value: object, where: Where) -> str | None:
    url = fields.text(value, where)
    if url is None:
        return None
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.netloc or any(char.isspace() for char in url):
        where.error(f"{url!r} is not an https:// address")
        return None
    return url


def _iso_date(value: object, where: Where) -> str | None:
    written = fields.text(value, where)
    if written is None:
        return None
    try:
        if not _ISO_DATE.fullmatch(written):
            raise ValueError
        date.fromisoformat(written)
    except ValueError:
        where.error(f"{written!r} is not a date like 2026-11-24")
        return None
    return written
