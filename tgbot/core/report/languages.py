"""The report's languages: every text of each translation beside its English one, safety-
critical first, each with its sources and its sign-off (tgbot/core/signoff/): signed, stale,
flagged with the comment, or unsigned. Read-only: signing is `python bot.py content review`."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from pathlib import Path

from tgbot.core.content.locales import ENGLISH, content_languages
from tgbot.core.content.models import Source
from tgbot.core.languages import language_name
from tgbot.core.report.layout import page, source_links
from tgbot.core.signoff import (
    CATEGORY_ORDER,
    coverage,
    read_signatures,
    review_texts,
    status_of,
)
from tgbot.core.signoff.variants import inherited_note

LANGUAGES_PAGE = "languages.html"


def language_pages(root: Path, sources: Mapping[str, Source]) -> dict[str, str]:
    """languages.html (each translation's sign-off coverage) and languages/<code>.html."""
    pages: dict[str, str] = {}
    items = []
    for code in content_languages(root):
        if code == ENGLISH:
            continue
        texts, signatures = review_texts(root, code), read_signatures(root, code)
        cover = coverage(code, texts, signatures)
        items.append(
            f'<li><a href="languages/{code}.html">{escape(language_name(code))} ({code})</a>:'
            f" {escape(cover.line())}</li>"
        )
        note = inherited_note(code, len(texts))
        parts = [f'<p class="note" id="inherited">{escape(note)}</p>'] if note else []
        parts += [
            f'<p class="note">{escape(cover.line())}. A clinician signs texts with'
            " <code>.venv/bin/python bot.py content review</code>; a text changed since its"
            " sign-off, in English or in the translation, is stale and counts as unsigned.</p>"
        ]
        for category in CATEGORY_ORDER:
            chosen = [t for t in texts if t.category is category]
            if not chosen:
                continue
            critical = " (safety-critical)" if category.safety_critical else ""
            parts.append(f"<h2>{escape(category.value)}{critical}</h2>")
            rows = [f"<tr><th>Text</th><th>en</th><th>{code}</th><th>Sign-off</th></tr>"]
            for text in chosen:
                signature = signatures.get(text.id)
                status = status_of(text, signature).value
                if signature is not None:
                    status += f" ({escape(signature.reviewer)}, {escape(signature.date)})"
                    if signature.comment:
                        status += f": {escape(signature.comment)}"
                rows.append(
                    f'<tr id="{escape(text.id)}"><td class="meta">{escape(text.id)}'
                    f"{source_links(text.source_ids, sources, 1)}</td>"
                    f'<td class="raw">{escape(text.english)}</td>'
                    f'<td class="raw" lang="{code}">{escape(text.translated)}</td>'
                    f"<td>{status}</td></tr>"
                )
            parts.append(f"<table>{''.join(rows)}</table>")
        title = f"{language_name(code)} beside English"
        pages[f"languages/{code}.html"] = page(title, "\n".join(parts), 1)
    body = (
        "<p>Every translated text beside its English one, safety-critical first, with its"
        " sources and its sign-off.</p><ul>" + "".join(items) + "</ul>"
    )
    pages[LANGUAGES_PAGE] = page("Languages", body, 0)
    return pages
