"""Rendering and the store's read-only queries."""

from __future__ import annotations

from types import MappingProxyType

import pytest

from tgbot.core.content import (
    ContentStore,
    Section,
    Source,
    Topic,
    render_section,
    render_sources,
    render_tip,
)
from tgbot.core.content.render import readable_date, source_line

SOURCES = {
    "a": Source(
        "a", "NHS", "Leg cramps", "https://www.nhs.uk/conditions/leg-cramps/", "2026-11-24"
    ),
    "b": Source(
        "b", "NHS", "DVT", "https://www.nhs.uk/conditions/deep-vein-thrombosis-dvt/", "2026-11-24"
    ),
    "c": Source(
        "c",
        "Muscle & Nerve",
        "A <study>",
        "https://pubmed.ncbi.nlm.nih.gov/30028521/",
        "2026-01-05",
    ),
}


def test_source_line_names_each_publisher_once_in_order() -> None:
    assert source_line(["a"], SOURCES) == "<i>Source: NHS</i>"
    assert source_line(["c", "a", "b"], SOURCES) == "<i>Sources: Muscle &amp; Nerve, NHS</i>"


def test_readable_date_has_no_day_month_ambiguity() -> None:
    assert readable_date("2026-01-05") == "5 January 2026"


def _tiny_store() -> ContentStore:
    section = Section("what_it_is", "What & why", "Text.", ("c", "a"))
    topic = Topic(
        "demo",
        "Demo <topic>",
        "Overview.",
        MappingProxyType({section.id: section}),
        MappingProxyType({}),
        ("demo",),
    )
    return ContentStore({"demo": topic}, SOURCES, {})


def test_pages_escape_plain_text_fields() -> None:
    store = _tiny_store()
    assert render_section(store, "demo", "what_it_is") == (
        "<b>What &amp; why</b>\n<i>Demo &lt;topic&gt;</i>\n\nText.\n\n"
        "<i>Sources: Muscle &amp; Nerve, NHS</i>"
    )
    assert render_sources(store, "demo").splitlines()[2:] == [
        '• <a href="https://pubmed.ncbi.nlm.nih.gov/30028521/">Muscle &amp; Nerve: A &lt;study&gt;'
        "</a> (reviewed 5 January 2026)",
        '• <a href="https://www.nhs.uk/conditions/leg-cramps/">NHS: Leg cramps</a> '
        "(reviewed 24 November 2026)",
    ]


def test_unknown_ids_raise_key_error_naming_them(store: ContentStore) -> None:
    with pytest.raises(KeyError, match="no section 'nope' in 'twitch'"):
        render_section(store, "twitch", "nope")
    with pytest.raises(KeyError, match="no topic 'cramps'"):
        render_sources(store, "cramps")


def test_tip_comes_with_its_source_line(store: ContentStore) -> None:
    tip = render_tip(store, "spasm", "stretching")
    assert tip == f"{store.topics['spasm'].tips['stretching'].html}\n<i>Source: NHS</i>"


def test_store_cannot_be_changed_by_a_handler(store: ContentStore) -> None:
    with pytest.raises(TypeError):
        store.messages["welcome"] = "changed"  # type: ignore[index]
    with pytest.raises(AttributeError):
        store.topics = {}  # type: ignore[misc]
