"""The "Was this helpful?" votes, by item and reason."""

from __future__ import annotations

from html import escape

from tgbot.core.feedback import REASONS
from tgbot.core.report.common import ReportInput
from tgbot.core.report.layout import (
    page,
)


def feedback_page(report: ReportInput) -> str:
    if report.feedback is None:
        body = (
            '<p class="note">Built without a database: run <code>.venv/bin/python bot.py content'
            " report OUT_DIR --database PATH</code> to include the counts.</p>"
        )
        return page('"Was this helpful?"', body, 0)
    head = "".join(f"<th>{escape(reason)}</th>" for reason in REASONS)
    rows = [f"<tr><th>Kind</th><th>Item</th><th>Version</th><th>👍</th><th>👎</th>{head}</tr>"]
    for count in report.feedback:
        reasons = "".join(f"<td>{count.reasons.get(reason, 0)}</td>" for reason in REASONS)
        rows.append(
            f"<tr><td>{escape(count.kind)}</td><td>{escape(count.item)}</td>"
            f"<td>{escape(count.version)}</td><td>{count.up}</td><td>{count.down}</td>{reasons}</tr>"
        )
    empty = "" if report.feedback else "<p>No feedback yet.</p>"
    return page('"Was this helpful?"', f'{empty}<table id="feedback">{"".join(rows)}</table>', 0)
