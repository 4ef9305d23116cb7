"""Every page of the report, built from the loaded content of each language.

Rows follow the first language's content; each language is one column, so a translation
shows up beside the original the day content gains one, and a gap shows as a gap.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape

from tgbot.core.content import Source, render_section, render_sources, render_tip
from tgbot.core.faq_files import FaqEntry, FaqFile
from tgbot.core.feedback import REASONS, FeedbackCount, ItemKind, outcome_item
from tgbot.core.knowledge import Knowledge
from tgbot.core.release_lock import Changes, Lock, compare
from tgbot.core.report.layout import (
    bubble,
    bubble_with_grade,
    grade,
    language_header,
    level_badge,
    page,
    source_links,
)
from tgbot.core.triage import Flow, Level, Option, Question
from tgbot.core.triage.diagram import describe_condition
from tgbot.core.triage.models import OutcomeText

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


def build_site(report: ReportInput) -> Pages:
    main = next(iter(report.languages.values()))
    pages: Pages = {
        "index.html": _index(report, main),
        "sources.html": _sources_page(main),
        "changes.html": _changes_page(report, main),
        "feedback.html": _feedback_page(report),
    }
    for topic_id in main.content.topics:
        pages[f"topics/{topic_id}.html"] = _topic_page(report, main, topic_id)
    for flow_id in main.triage.flows:
        pages[f"flows/{flow_id}.html"] = _flow_page(report, main, flow_id)
    if any(report.faq.values()):
        pages["questions.html"] = _faq_page(report)
    return pages


def _row(report: ReportInput, label: str, lookup: Lookup, meta: str = "") -> str:
    cells = "".join(
        f"<td>{bubble_with_grade(_safe(lookup, k))}</td>" for k in report.languages.values()
    )
    return f"<tr><th>{label}</th>{cells}<td>{meta}</td></tr>"


def _safe(lookup: Lookup, knowledge: Knowledge) -> str | None:
    try:
        return lookup(knowledge)
    except (KeyError, AttributeError, IndexError):
        return None


def _table(report: ReportInput, rows: list[str]) -> str:
    head = language_header(report.languages, first="", last="Sources")
    return f"<table>{head}{''.join(rows)}</table>"


# Lookups of one item in any language's content (a loop's lambda would see only the last item).


def _section_title(topic_id: str, section_id: str) -> Lookup:
    return lambda k: k.content.topics[topic_id].sections[section_id].title


def _section_page(topic_id: str, section_id: str) -> Lookup:
    return lambda k: render_section(k.content, topic_id, section_id)


def _tip_page(topic_id: str, tip_id: str) -> Lookup:
    return lambda k: render_tip(k.content, topic_id, tip_id)


def _tell_doctor(flow_id: str, index: int) -> Lookup:
    return lambda k: k.triage.flows[flow_id].tell_doctor[index]


def _see_doctor_if(flow_id: str, level: Level, index: int) -> Lookup:
    return lambda k: k.triage.flows[flow_id].outcomes[level].see_doctor_if[index]


# ---------------------------------------------------------------- index


def _index(report: ReportInput, main: Knowledge) -> str:
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
    unreleased = _unreleased(report)
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


# ---------------------------------------------------------------- topics


def _topic_page(report: ReportInput, main: Knowledge, topic_id: str) -> str:
    topic = main.content.topics[topic_id]
    sources = main.content.sources
    rows = [
        _row(report, "Title", lambda k: k.content.topics[topic_id].title),
        _row(report, "Overview", lambda k: k.content.topics[topic_id].overview_html),
    ]
    parts = [f"<h2>{escape(topic.title)}</h2>", _table(report, rows), "<h2>Sections</h2>"]
    for section in topic.sections.values():
        sid = section.id
        rows = [
            _row(report, "Button", _section_title(topic_id, sid)),
            _row(
                report,
                "Page",
                _section_page(topic_id, sid),
                source_links(section.source_ids, sources, 1),
            ),
        ]
        parts.append(f'<h3 id="s-{escape(sid)}">{escape(section.title)}</h3>{_table(report, rows)}')
    parts.append("<h2>Tips under triage outcomes</h2>")
    for tip in topic.tips.values():
        row = _row(
            report,
            f'<span id="tip-{escape(tip.id)}">{escape(tip.id)}</span>',
            _tip_page(topic_id, tip.id),
            source_links(tip.source_ids, sources, 1),
        )
        parts.append(_table(report, [row]))
    parts.append("<h2>The Sources page</h2>")
    parts.append(
        _table(report, [_row(report, "Sources", lambda k: render_sources(k.content, topic_id))])
    )
    return page(f"Topic: {topic.title}", "\n".join(parts), 1)


# ---------------------------------------------------------------- flows


def _flow_page(report: ReportInput, main: Knowledge, flow_id: str) -> str:
    flow = main.triage.flows[flow_id]
    sources = main.content.sources
    picture = report.pictures.get(flow_id)
    parts = ["<h2>Diagram</h2>"]
    if picture is not None and picture.svg is not None:
        parts.append(f'<figure class="diagram" id="diagram">{picture.svg}</figure>')
    elif picture is not None:
        parts.append(
            f'<p class="note">{escape(picture.note)} The diagram\'s Mermaid source follows; '
            "paste it "
            "into any Mermaid viewer, or install Graphviz and build the report again.</p>"
            f'<pre class="raw" id="diagram">{escape(picture.mermaid)}</pre>'
        )

    def flow_of(k: Knowledge) -> Flow:
        return k.triage.flows[flow_id]

    rows = [
        _row(report, "Title", lambda k: flow_of(k).title),
        _row(report, "Intro", lambda k: flow_of(k).intro),
    ]
    for index, _point in enumerate(flow.tell_doctor):
        rows.append(_row(report, "Tell the doctor", _tell_doctor(flow_id, index)))
    parts += ["<h2>Start</h2>", _table(report, rows), "<h2>Questions</h2>"]
    for question in flow.questions:
        parts.append(_question_block(report, flow, question, sources))
    parts.append("<h2>Outcomes</h2>")
    for level, outcome in sorted(flow.outcomes.items(), key=lambda item: -item[0].rank):
        parts.append(_outcome_block(report, flow, level, outcome.source_ids, sources))
    return page(f"Flow: {flow.title}", "\n".join(parts), 1)


def _question_block(
    report: ReportInput, flow: Flow, question: Question, sources: Mapping[str, Source]
) -> str:
    qid = question.id

    def question_of(k: Knowledge) -> Question:
        found = k.triage.flows[flow.id].question(qid)
        if found is None:
            raise KeyError(qid)
        return found

    when = (
        f"<p>Asked only when: <b>{escape(describe_condition(question.ask_when, flow))}</b></p>"
        if question.ask_when is not None
        else "<p>Always asked.</p>"
    )
    shown = _row(
        report,
        "As the user sees it",
        lambda k: _as_asked(k, flow.id, question_of(k)),
    )
    head = language_header(report.languages, first="Option", last="Level, sources, tip")
    option_rows = [
        _option_row(report, qid, question_of, option, sources) for option in question.options
    ]
    return (
        f'<h3 id="q-{escape(qid)}">{escape(qid)} '
        f'<span class="meta">({question.kind} choice)</span></h3>'
        f"{when}{_table(report, [shown])}<table>{head}{''.join(option_rows)}</table>"
    )


def _as_asked(knowledge: Knowledge, flow_id: str, question: Question) -> str:
    """The question's message without "Question n of m": n and m depend on earlier answers."""
    flow, ui = knowledge.triage.flows[flow_id], knowledge.triage.texts.ui
    parts = [f"<b>{flow.title}</b>", question.text]
    if question.kind == "multi":
        parts.append(ui.tick_all)
    return "\n\n".join(parts)


def _option_row(
    report: ReportInput,
    question_id: str,
    question_of: Callable[[Knowledge], Question],
    option: Option,
    sources: Mapping[str, Source],
) -> str:
    def cell(k: Knowledge) -> str:
        try:
            found = question_of(k).option(option.id)
        except KeyError:
            found = None
        if found is None:
            return bubble(None)
        label = escape(found.label or "(the “none of these” button)")
        reason = f"{bubble(found.reason)}{grade(found.reason)}" if found.reason else ""
        doctor = (
            f'<p class="meta">Tell the doctor: {escape(found.tell_doctor)}</p>'
            if found.tell_doctor
            else ""
        )
        return f"<b>{label}</b>{reason}{doctor}"

    cells = "".join(f"<td>{cell(k)}</td>" for k in report.languages.values())
    tip = f'<p class="meta">Tip: {escape(option.tip)}</p>' if option.tip else ""
    exclusive = '<p class="meta">exclusive</p>' if option.exclusive else ""
    meta = (
        f"{level_badge(option.level)}{source_links(option.source_ids, sources, 1)}{tip}{exclusive}"
    )
    row_id = f"o-{escape(question_id)}-{escape(option.id)}"
    return f'<tr id="{row_id}"><th>{escape(option.id)}</th>{cells}<td>{meta}</td></tr>'


def _outcome_block(
    report: ReportInput,
    flow: Flow,
    level: Level,
    source_ids: tuple[str, ...],
    sources: Mapping[str, Source],
) -> str:
    def outcome_of(k: Knowledge) -> OutcomeText:
        return k.triage.flows[flow.id].outcomes[level]

    rows = [
        _row(report, "Headline", lambda k: k.triage.texts.levels[level].headline),
        _row(report, "Text", lambda k: outcome_of(k).text, source_links(source_ids, sources, 1)),
    ]
    main_outcome = flow.outcomes[level]
    for index, _sign in enumerate(main_outcome.see_doctor_if):
        rows.append(_row(report, "See a doctor if", _see_doctor_if(flow.id, level, index)))
    if main_outcome.reassess is not None:
        rows.append(_row(report, "Check again", lambda k: outcome_of(k).reassess))
    votes = _votes_line(report, ItemKind.OUTCOME, outcome_item(flow.id, level.value))
    return (
        f'<h3 id="outcome-{escape(level.value)}">{level_badge(level)} '
        f"{escape(level.value)}</h3>{_table(report, rows)}{votes}"
    )


def _votes_line(report: ReportInput, kind: str, item: str) -> str:
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


# ---------------------------------------------------------------- frequent questions


def _faq_page(report: ReportInput) -> str:
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
        cells = "".join(
            f"<td>{bubble_with_grade(text_in(language, name))}</td>"
            for language in report.languages
        )
        rows.append(f"<tr><th>{escape(name)}</th>{cells}<td></td></tr>")
    head = language_header(report.languages, first="", last="Sources")
    votes = _votes_line(report, ItemKind.FAQ, entry.id)
    return (
        f'<h3 id="faq-{escape(file_name)}-{escape(entry.id)}">{escape(entry.id)}</h3>'
        f"<table>{head}{''.join(rows)}</table>{source_links(entry.source_ids, sources, 0)}{votes}"
    )


# ---------------------------------------------------------------- sources


def _sources_page(main: Knowledge) -> str:
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


# ---------------------------------------------------------------- changes


def _unreleased(report: ReportInput) -> Changes | None:
    return None if report.lock is None else compare(report.lock.texts, report.texts)


def _changes_page(report: ReportInput, main: Knowledge) -> str:
    lock = report.lock
    if lock is None:
        body = (
            '<p class="note">No release has been recorded yet (content/release.lock is missing): '
            "run <code>python bot.py content release</code>.</p>"
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
            "then run <code>python bot.py content release</code>.</p>"
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


# ---------------------------------------------------------------- feedback


def _feedback_page(report: ReportInput) -> str:
    if report.feedback is None:
        body = (
            '<p class="note">Built without a database: run <code>python bot.py content report '
            "OUT_DIR --database PATH</code> to include the counts.</p>"
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
