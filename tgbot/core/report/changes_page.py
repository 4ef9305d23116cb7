"""What changed since the last release (content/release.lock)."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from tgbot.core.knowledge import Knowledge
from tgbot.core.release_lock import Changes, compare
from tgbot.core.report.common import ReportInput
from tgbot.core.report.layout import (
    page,
)


def unreleased_changes(report: ReportInput) -> Changes | None:
    return None if report.lock is None else compare(report.lock.texts, report.texts)


def changes_page(report: ReportInput, main: Knowledge) -> str:
    lock = report.lock
    if lock is None:
        body = (
            '<p class="note">No release has been recorded yet (content/release.lock is missing): '
            "run <code>.venv/bin/python bot.py content release</code>.</p>"
        )
        return page("Changes", body, 0)
    parts = []
    unreleased = compare(lock.texts, report.texts)
    if unreleased.empty:
        parts.append(
            f'<p id="unreleased">The content is exactly release {escape(lock.version)}: '
            "nothing changed since.</p>"
        )
    else:
        parts.append(
            f'<h2 id="unreleased">Not yet released: changes since release {escape(lock.version)} '
            f"({unreleased.summary()})</h2>"
            f'<p class="note">content/release.yaml says {escape(main.release.version)}; raise it, '
            "then run <code>.venv/bin/python bot.py content release</code>.</p>"
        )
        parts.append(_changes_tables(unreleased, "unreleased"))
    since = (
        f" (from {escape(lock.previous_version)})" if lock.previous_version else " (first release)"
    )
    parts.append(
        f'<h2 id="released">In release {escape(lock.version)} of {escape(lock.date)}{since}: '
        f"{lock.changes.summary()}</h2>"
    )
    parts.append(_changes_tables(lock.changes, "released"))
    return page("Changes", "\n".join(parts), 0)


def _changes_tables(changes: Changes, prefix: str) -> str:
    def texts_table(name: str, entries: Mapping[str, str]) -> str:
        rows = "".join(
            f'<tr><th>{escape(key)}</th><td class="raw">{escape(text)}</td></tr>'
            for key, text in entries.items()
        )
        return (
            f'<h3>{name} ({len(entries)})</h3><table id="{prefix}-{name.lower()}">'
            f"<tr><th>Item</th><th>Text</th></tr>{rows}</table>"
        )

    changed_rows = "".join(
        f'<tr><th>{escape(key)}</th><td class="raw">{escape(before)}</td>'
        f'<td class="raw">{escape(after)}</td></tr>'
        for key, (before, after) in changes.changed.items()
    )
    return (
        texts_table("Added", changes.added)
        + texts_table("Removed", changes.removed)
        + f'<h3>Changed ({len(changes.changed)})</h3><table id="{prefix}-changed">'
        f"<tr><th>Item</th><th>Before</th><th>After</th></tr>{changed_rows}</table>"
    )
