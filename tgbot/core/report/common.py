"""What every page of the report uses: its input, and rows with one column per language.

Rows follow the first language's content; each language is one column, so a translation
shows up beside the original the day content gains one, and a gap shows as a gap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from tgbot.core.content import render_section, render_tip
from tgbot.core.faq_files import FaqFile
from tgbot.core.feedback import FeedbackCount
from tgbot.core.knowledge import Knowledge
from tgbot.core.release_lock import Lock
from tgbot.core.report.layout import (
    bubble_with_grade,
    language_header,
)
from tgbot.core.triage import Level

Pages = dict[str, str]


Lookup = Callable[[Knowledge], str | None]


@dataclass(frozen=True)
class FlowPicture:
    svg: str | None
    """Graphviz's drawing, ready to inline; None when Graphviz is not installed."""
    mermaid: str
    note: str = ""
    """Why there is no SVG, for the page."""


@dataclass(frozen=True)
class ReportInput:
    languages: Mapping[str, Knowledge]
    """Language tag -> its content; the first is the one rows follow."""
    pictures: Mapping[str, FlowPicture]
    texts: Mapping[str, str]
    """The snapshot of the content now (tgbot.core.release_lock.content_texts)."""
    lock: Lock | None
    faq: Mapping[str, tuple[FaqFile, ...]]
    feedback: tuple[FeedbackCount, ...] | None = None
    """None when the report was built without a database."""


def language_row(report: ReportInput, label: str, lookup: Lookup, meta: str = "") -> str:
    cells = "".join(
        f"<td>{bubble_with_grade(looked_up(lookup, k))}</td>" for k in report.languages.values()
    )
    return f"<tr><th>{label}</th>{cells}<td>{meta}</td></tr>"


def looked_up(lookup: Lookup, knowledge: Knowledge) -> str | None:
    try:
        return lookup(knowledge)
    except (KeyError, AttributeError, IndexError):
        return None


def language_table(report: ReportInput, rows: list[str]) -> str:
    head = language_header(report.languages, first="", last="Sources")
    return f"<table>{head}{''.join(rows)}</table>"


def section_title(topic_id: str, section_id: str) -> Lookup:
    return lambda k: k.content.topics[topic_id].sections[section_id].title


def section_page(topic_id: str, section_id: str) -> Lookup:
    return lambda k: render_section(k.content, topic_id, section_id)


def tip_page(topic_id: str, tip_id: str) -> Lookup:
    return lambda k: render_tip(k.content, topic_id, tip_id)


def tell_doctor(flow_id: str, index: int) -> Lookup:
    return lambda k: k.triage.flows[flow_id].tell_doctor[index]


def see_doctor_if(flow_id: str, level: Level, index: int) -> Lookup:
    return lambda k: k.triage.flows[flow_id].outcomes[level].see_doctor_if[index]


def votes_line(report: ReportInput, kind: str, item: str) -> str:
    if report.feedback is None:
        return ""
    counts = [c for c in report.feedback if c.kind == kind and c.item == item]
    if not counts:
        return '<p class="meta">Feedback: none yet.</p>'
    lines = [
        f"{escape(c.version)}: 👍 {c.up} · 👎 {c.down}"
        + "".join(f" · {escape(r)} {n}" for r, n in sorted(c.reasons.items()))
        for c in counts
    ]
    return f'<p class="meta">Feedback by version: {"; ".join(lines)}</p>'
