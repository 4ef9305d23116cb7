"""Turning the model into the Telegram HTML pages the bot sends."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from html import escape

from tgbot.core.content.models import FrequentQuestion, Section, Source, Tip, Topic

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def source_line(source_ids: Iterable[str], sources: Mapping[str, Source]) -> str:
    """e.g. "<i>Sources: NHS, MedlinePlus</i>": each publisher once, in order of citation."""
    publishers = list(dict.fromkeys(sources[source_id].publisher for source_id in source_ids))
    label = "Source" if len(publishers) == 1 else "Sources"
    return f"<i>{label}: {escape(', '.join(publishers), quote=False)}</i>"


def section_page(topic: Topic, section: Section, sources: Mapping[str, Source]) -> str:
    title, topic_title = escape(section.title, quote=False), escape(topic.title, quote=False)
    footer = source_line(section.source_ids, sources)
    return f"<b>{title}</b>\n<i>{topic_title}</i>\n\n{section.html}\n\n{footer}"


def answer_page(question: FrequentQuestion, sources: Mapping[str, Source]) -> str:
    footer = source_line(question.source_ids, sources)
    return f"<b>{question.title}</b>\n\n{question.html}\n\n{footer}"


def tip_block(tip: Tip, sources: Mapping[str, Source]) -> str:
    return f"{tip.html}\n{source_line(tip.source_ids, sources)}"


def sources_page(topic: Topic, sources: Mapping[str, Source]) -> str:
    lines = [f"<b>Sources: {escape(topic.title, quote=False)}</b>", ""]
    for source_id in topic.cited_source_ids():
        source = sources[source_id]
        link_text = escape(f"{source.publisher}: {source.title}", quote=False)
        lines.append(
            f'• <a href="{escape(source.url)}">{link_text}</a>'
            f" (reviewed {readable_date(source.reviewed)})"
        )
    return "\n".join(lines)


def readable_date(iso_date: str) -> str:
    """2026-11-24 -> 24 November 2026: no day/month order to guess."""
    day = date.fromisoformat(iso_date)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
