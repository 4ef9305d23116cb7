"""A topic's page: its sections and tips, in every language."""

from __future__ import annotations

from html import escape

from tgbot.core.content import render_sources
from tgbot.core.knowledge import Knowledge
from tgbot.core.report.common import (
    ReportInput,
    language_row,
    language_table,
    section_page,
    section_title,
    tip_page,
)
from tgbot.core.report.layout import (
    page,
    source_links,
)


def topic_page(report: ReportInput, main: Knowledge, topic_id: str) -> str:
    topic = main.content.topics[topic_id]
    sources = main.content.sources
    rows = [
        language_row(report, "Title", lambda k: k.content.topics[topic_id].title),
        language_row(report, "Overview", lambda k: k.content.topics[topic_id].overview_html),
    ]
    parts = [f"<h2>{escape(topic.title)}</h2>", language_table(report, rows), "<h2>Sections</h2>"]
    for section in topic.sections.values():
        sid = section.id
        rows = [
            language_row(report, "Button", section_title(topic_id, sid)),
            language_row(
                report,
                "Page",
                section_page(topic_id, sid),
                source_links(section.source_ids, sources, 1),
            ),
        ]
        parts.append(
            f'<h3 id="s-{escape(sid)}">{escape(section.title)}</h3>{language_table(report, rows)}'
        )
    parts.append("<h2>Tips under triage outcomes</h2>")
    for tip in topic.tips.values():
        row = language_row(
            report,
            f'<span id="tip-{escape(tip.id)}">{escape(tip.id)}</span>',
            tip_page(topic_id, tip.id),
            source_links(tip.source_ids, sources, 1),
        )
        parts.append(language_table(report, [row]))
    parts.append("<h2>The Sources page</h2>")
    parts.append(
        language_table(
            report, [language_row(report, "Sources", lambda k: render_sources(k.content, topic_id))]
        )
    )
    return page(f"Topic: {topic.title}", "\n".join(parts), 1)
