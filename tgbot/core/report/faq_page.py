"""The frequent questions: what people ask and what the bot answers."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from tgbot.core.content import Source
from tgbot.core.faq_files import FaqEntry
from tgbot.core.feedback import ItemKind
from tgbot.core.report.common import ReportInput, votes_line
from tgbot.core.report.layout import (
    bubble,
    bubble_with_grade,
    language_header,
    page,
    source_links,
)

# Fields a person reads, graded for readability; the others (the ways people ask it, which
# match typed words, the section id) are not sentences, and a grade would only mislead.
PROSE_FIELDS = frozenset({"question", "answer"})


def faq_page(report: ReportInput) -> str:
    languages = list(report.languages)
    main_files = report.faq.get(languages[0], ())
    main = next(iter(report.languages.values()))
    parts = []
    for faq_file in main_files:
        parts.append(f"<h2>{escape(faq_file.name)}</h2>")
        for entry in faq_file.entries:
            parts.append(_faq_entry(report, faq_file.name, entry, main.content.sources))
    return page("Frequent questions", "\n".join(parts), 0)


def _faq_entry(
    report: ReportInput, file_name: str, entry: FaqEntry, sources: Mapping[str, Source]
) -> str:
    def text_in(language: str, name: str) -> str | None:
        for faq_file in report.faq.get(language, ()):
            if faq_file.name != file_name:
                continue
            for other in faq_file.entries:
                if other.id == entry.id:
                    return dict(other.fields).get(name)
        return None

    rows = []
    for name, _text in entry.fields:
        shown = bubble_with_grade if name.split(".")[0] in PROSE_FIELDS else bubble
        cells = "".join(
            f"<td>{shown(text_in(language, name))}</td>" for language in report.languages
        )
        rows.append(f"<tr><th>{escape(name)}</th>{cells}<td></td></tr>")
    head = language_header(report.languages, first="", last="Sources")
    votes = votes_line(report, ItemKind.FAQ, entry.id)
    return (
        f'<h3 id="faq-{escape(file_name)}-{escape(entry.id)}">{escape(entry.id)}</h3>'
        f"<table>{head}{''.join(rows)}</table>{source_links(entry.source_ids, sources, 0)}{votes}"
    )
