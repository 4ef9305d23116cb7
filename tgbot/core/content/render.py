"""Turning the model into the Telegram HTML pages the bot sends."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from html import escape

from babel.dates import format_date

from tgbot.core.content.models import FrequentQuestion, Section, Source, Tip, Topic


@dataclass(frozen=True)
class SourceLabels:
    """The words around citations, in the page's language (messages.yaml)."""

    one: str = "Source"
    many: str = "Sources"
    heading: str = "Sources: {topic}"
    reviewed: str = "(reviewed {date})"
    language: str = "en_GB"
    """The CLDR locale the review dates are written in."""

    @classmethod
    def from_messages(cls, messages: Mapping[str, str], language: str) -> SourceLabels:
        return cls(
            one=messages.get("source_label", cls.one),
            many=messages.get("sources_label", cls.many),
            heading=messages.get("sources_heading", cls.heading),
            reviewed=messages.get("source_reviewed", cls.reviewed),
            language=language,
        )


ENGLISH_LABELS = SourceLabels()


def source_line(
    source_ids: Iterable[str],
    sources: Mapping[str, Source],
    labels: SourceLabels = ENGLISH_LABELS,
) -> str:
    """e.g. "<i>Sources: NHS, MedlinePlus</i>": each publisher once, in order of citation."""
    publishers = list(dict.fromkeys(sources[source_id].publisher for source_id in source_ids))
    label = labels.one if len(publishers) == 1 else labels.many
    return f"<i>{label}: {escape(', '.join(publishers), quote=False)}</i>"


def section_page(
    topic: Topic,
    section: Section,
    sources: Mapping[str, Source],
    labels: SourceLabels = ENGLISH_LABELS,
) -> str:
    title, topic_title = escape(section.title, quote=False), escape(topic.title, quote=False)
    footer = source_line(section.source_ids, sources, labels)
    return f"<b>{title}</b>\n<i>{topic_title}</i>\n\n{section.html}\n\n{footer}"


def answer_page(
    question: FrequentQuestion,
    sources: Mapping[str, Source],
    labels: SourceLabels = ENGLISH_LABELS,
) -> str:
    footer = source_line(question.source_ids, sources, labels)
    return f"<b>{question.title}</b>\n\n{question.html}\n\n{footer}"


def tip_block(
    tip: Tip, sources: Mapping[str, Source], labels: SourceLabels = ENGLISH_LABELS
) -> str:
    return f"{tip.html}\n{source_line(tip.source_ids, sources, labels)}"


def sources_page(
    topic: Topic, sources: Mapping[str, Source], labels: SourceLabels = ENGLISH_LABELS
) -> str:
    heading = labels.heading.format(topic=escape(topic.title, quote=False))
    lines = [f"<b>{heading}</b>", ""]
    for source_id in topic.cited_source_ids():
        source = sources[source_id]
        link_text = escape(f"{source.publisher}: {source.title}", quote=False)
        lines.append(
            f'• <a href="{escape(source.url)}">{link_text}</a>'
            f" {labels.reviewed.format(date=readable_date(source.reviewed, labels.language))}"
        )
    return "\n".join(lines)


def readable_date(iso_date: str, language: str = "en_GB") -> str:
    """2026-11-24 -> 24 November 2026 (month in words: no day/month order to guess), in the
    page's language (CLDR through Babel)."""
    return format_date(date.fromisoformat(iso_date), "long", locale=language)
