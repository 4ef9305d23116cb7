"""Every source the content cites, with where it is cited."""

from __future__ import annotations

from html import escape

from tgbot.core.knowledge import Knowledge
from tgbot.core.report.layout import (
    page,
)


def sources_page(main: Knowledge) -> str:
    cited: dict[str, list[str]] = {}
    for topic in main.content.topics.values():
        for section in topic.sections.values():
            for sid in section.source_ids:
                cited.setdefault(sid, []).append(
                    f'<a href="topics/{topic.id}.html#s-{section.id}">'
                    f"{escape(topic.id)}: {escape(section.title)}</a>"
                )
        for tip in topic.tips.values():
            for sid in tip.source_ids:
                cited.setdefault(sid, []).append(
                    f'<a href="topics/{topic.id}.html#tip-{tip.id}">'
                    f"{escape(topic.id)}: tip {escape(tip.id)}</a>"
                )
    for flow in main.triage.flows.values():
        for question in flow.questions:
            for option in question.options:
                for sid in option.source_ids:
                    cited.setdefault(sid, []).append(
                        f'<a href="flows/{flow.id}.html#q-{question.id}">{escape(flow.id)}: '
                        f"{escape(question.id)} · {escape(option.id)}</a>"
                    )
        for level, outcome in flow.outcomes.items():
            for sid in outcome.source_ids:
                cited.setdefault(sid, []).append(
                    f'<a href="flows/{flow.id}.html#outcome-{level.value}">{escape(flow.id)}: '
                    f"outcome {escape(level.value)}</a>"
                )
    rows = ["<tr><th>Source</th><th>Page</th><th>Reviewed</th><th>Cited by</th></tr>"]
    for source in main.content.sources.values():
        uses = (
            ", ".join(dict.fromkeys(cited.get(source.id, [])))
            or '<span class="missing">not cited</span>'
        )
        rows.append(
            f'<tr id="src-{escape(source.id)}"><th>{escape(source.id)}</th>'
            f"<td>{escape(source.publisher)}: {escape(source.title)}<br>"
            f'<a class="out" href="{escape(source.url)}" rel="noreferrer">'
            f"{escape(source.url)}</a></td>"
            f"<td>{escape(source.reviewed)}</td><td>{uses}</td></tr>"
        )
    return page("Sources", f"<table>{''.join(rows)}</table>", 0)
