"""The report's first page: the release, the languages, and what each page holds."""

from __future__ import annotations

from html import escape

from tgbot.core.knowledge import Knowledge
from tgbot.core.report.changes_page import unreleased_changes
from tgbot.core.report.common import ReportInput
from tgbot.core.report.layout import (
    page,
)


def index_page(report: ReportInput, main: Knowledge) -> str:
    release = main.release
    reviewers = ", ".join(escape(name) for name in release.reviewed_by)
    parts = [
        '<table class="release">',
        f'<tr><th>Content version</th><td id="release-version">{escape(release.version)}</td></tr>',
        f"<tr><th>Released</th><td>{escape(release.date)}</td></tr>",
        f"<tr><th>Reviewed by</th><td>{reviewers}</td></tr>",
        f"<tr><th>Notes</th><td>{escape(release.notes)}</td></tr>",
        f"<tr><th>Languages</th><td>{escape(', '.join(report.languages))}</td></tr>",
        "</table>",
    ]
    unreleased = unreleased_changes(report)
    if unreleased is not None and not unreleased.empty:
        parts.append(
            '<p class="note">This content differs from release '
            f"{escape(report.lock.version if report.lock else '')}"
            f' ({unreleased.summary()}): see <a href="changes.html">Changes</a>.</p>'
        )
    parts.append("<h2>Topics</h2><ul>")
    for topic in main.content.topics.values():
        parts.append(
            f'<li><a href="topics/{escape(topic.id)}.html">{escape(topic.title)}</a> '
            f'<span class="meta">{len(topic.sections)} sections, {len(topic.tips)} tips</span></li>'
        )
    parts.append("</ul><h2>Triage flows</h2><ul>")
    for flow in main.triage.flows.values():
        options = sum(len(q.options) for q in flow.questions)
        parts.append(
            f'<li><a href="flows/{escape(flow.id)}.html">{escape(flow.title)}</a> '
            f'<span class="meta">{len(flow.questions)} questions, {options} options</span></li>'
        )
    parts.append("</ul>")
    if any(report.faq.values()):
        count = sum(len(f.entries) for f in next(iter(report.faq.values()), ()))
        parts.append(
            f'<h2>Frequent questions</h2><p><a href="questions.html">{count} questions</a></p>'
        )
    parts.append(
        "<h2>Also</h2><ul>"
        f'<li><a href="sources.html">{len(main.content.sources)} sources</a>, '
        "with review dates</li>"
        '<li><a href="changes.html">What changed since the last release</a></li>'
        '<li><a href="feedback.html">"Was this helpful?" counts</a></li></ul>'
    )
    return page("What the bot says", "\n".join(parts), 0)
