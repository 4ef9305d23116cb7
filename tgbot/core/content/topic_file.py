"""content/topics/<id>.yaml: one topic's overview, sections, tips and synonyms."""

from __future__ import annotations

from collections.abc import Collection
from types import MappingProxyType

from tgbot.core.content import fields
from tgbot.core.content.contract import OPTIONAL_SECTION_IDS, REQUIRED_TIPS, SECTION_IDS
from tgbot.core.content.matching import normalize_phrase
from tgbot.core.content.models import Section, Tip, Topic
from tgbot.core.content.problems import Where

TOPIC_FIELDS = ("id", "title", "overview", "sections", "tips", "synonyms")
SECTION_FIELDS = ("title", "text", "sources")
TIP_FIELDS = ("text", "sources")


def parse_topic(
    document: object, where: Where, file_id: str, known_sources: Collection[str] | None
) -> Topic | None:
    """The topic, or None after reporting every problem. `known_sources` is None when
    sources.yaml itself could not be read, so citations cannot be checked."""
    values = fields.mapping(document, where, required=TOPIC_FIELDS)
    if values is None:
        return None
    topic_id = fields.identifier(values["id"], where.child("id"))
    if topic_id is not None and topic_id != file_id:
        where.child("id").error(f"{topic_id!r} must match the file name {file_id!r}")
        topic_id = None
    title = fields.text(values["title"], where.child("title"))
    overview = fields.html_text(values["overview"], where.child("overview"))
    sections = _parse_sections(
        values["sections"],
        where.child("sections"),
        known_sources,
        (*SECTION_IDS, *OPTIONAL_SECTION_IDS.get(file_id, ())),
    )
    tips = _parse_tips(
        values["tips"], where.child("tips"), REQUIRED_TIPS.get(file_id, frozenset()), known_sources
    )
    synonyms = _parse_synonyms(values["synonyms"], where.child("synonyms"))
    if topic_id and title and overview and sections and tips is not None and synonyms:
        return Topic(
            topic_id, title, overview, MappingProxyType(sections), MappingProxyType(tips), synonyms
        )
    return None


def _parse_sections(
    value: object,
    where: Where,
    known_sources: Collection[str] | None,
    allowed: tuple[str, ...],
) -> dict[str, Section] | None:
    entries = fields.string_keyed(value, where)
    if entries is None:
        return None
    ok = True
    for key in entries:
        if key not in allowed:
            where.child(key).error(f"unknown section; expected one of {', '.join(allowed)}")
            ok = False
    for key in SECTION_IDS:
        if key not in entries:
            where.child(key).error("missing required section")
            ok = False
    required_order = [key for key in entries if key in SECTION_IDS]
    if required_order != [key for key in SECTION_IDS if key in entries]:
        where.error(f"sections must come in this order: {', '.join(SECTION_IDS)}")
        ok = False
    sections: dict[str, Section] = {}
    for key in (key for key in entries if key in allowed):
        section = _parse_section(key, entries[key], where.child(key), known_sources)
        if section is None:
            ok = False
        else:
            sections[key] = section
    return sections if ok else None


def _parse_section(
    section_id: str, value: object, where: Where, known_sources: Collection[str] | None
) -> Section | None:
    values = fields.mapping(value, where, required=SECTION_FIELDS)
    if values is None:
        return None
    title = fields.text(values["title"], where.child("title"))
    html = fields.html_text(values["text"], where.child("text"))
    cited = citations(values["sources"], where.child("sources"), known_sources)
    return Section(section_id, title, html, cited) if title and html and cited else None


def _parse_tips(
    value: object,
    where: Where,
    required: Collection[str],
    known_sources: Collection[str] | None,
) -> dict[str, Tip] | None:
    entries = fields.string_keyed(value, where)
    if entries is None:
        return None
    ok = True
    for key in sorted(set(required) - set(entries)):
        where.child(key).error("missing required tip (a triage flow refers to it)")
        ok = False
    tips: dict[str, Tip] = {}
    for key, entry in entries.items():
        tip = _parse_tip(key, entry, where.child(key), known_sources)
        if tip is None:
            ok = False
        else:
            tips[key] = tip
    return tips if ok else None


def _parse_tip(
    tip_id: str, value: object, where: Where, known_sources: Collection[str] | None
) -> Tip | None:
    if not fields.IDENTIFIER.fullmatch(tip_id):
        where.error(f"{tip_id!r} is not a snake_case id")
        return None
    values = fields.mapping(value, where, required=TIP_FIELDS)
    if values is None:
        return None
    html = fields.html_text(values["text"], where.child("text"))
    cited = citations(values["sources"], where.child("sources"), known_sources)
    return Tip(tip_id, html, cited) if html and cited else None


def citations(
    value: object, where: Where, known_sources: Collection[str] | None
) -> tuple[str, ...] | None:
    ids = fields.text_list(value, where)
    if ids is None:
        return None
    ok = True
    for index, source_id in enumerate(ids):
        if known_sources is not None and source_id not in known_sources:
            where.item(index).error(f"unknown source id {source_id!r}")
            ok = False
        elif source_id in ids[:index]:
            where.item(index).error(f"source {source_id!r} is listed twice")
            ok = False
    return ids if ok else None


def _parse_synonyms(value: object, where: Where) -> tuple[str, ...] | None:
    synonyms = fields.text_list(value, where)
    if synonyms is None:
        return None
    ok = True
    seen: dict[str, int] = {}
    for index, synonym in enumerate(synonyms):
        phrase = normalize_phrase(synonym)
        if not phrase:
            where.item(index).error(f"{synonym!r} has no letters to match on")
            ok = False
        elif phrase in seen:
            where.item(index).error(f"{synonym!r} repeats synonyms[{seen[phrase]}]")
            ok = False
        else:
            seen[phrase] = index
    return synonyms if ok else None
