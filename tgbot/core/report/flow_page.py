"""A flow's page: its diagram, every question with its options, every outcome."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from tgbot.core.content import Source
from tgbot.core.feedback import ItemKind, outcome_item
from tgbot.core.knowledge import Knowledge
from tgbot.core.report.common import (
    ReportInput,
    language_row,
    language_table,
    see_doctor_if,
    tell_doctor,
    votes_line,
)
from tgbot.core.report.layout import (
    bubble,
    grade,
    language_header,
    level_badge,
    page,
    source_links,
)
from tgbot.core.triage import Flow, Level, Option, Question
from tgbot.core.triage.diagram import describe_condition
from tgbot.core.triage.models import OutcomeText


def flow_page(report: ReportInput, main: Knowledge, flow_id: str) -> str:
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
        language_row(report, "Title", lambda k: flow_of(k).title),
        language_row(report, "Intro", lambda k: flow_of(k).intro),
    ]
    for index, _point in enumerate(flow.tell_doctor):
        rows.append(language_row(report, "Tell the doctor", tell_doctor(flow_id, index)))
    parts += ["<h2>Start</h2>", language_table(report, rows), "<h2>Questions</h2>"]
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
    shown = language_row(
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
        f"{when}{language_table(report, [shown])}<table>{head}{''.join(option_rows)}</table>"
    )


def _as_asked(knowledge: Knowledge, flow_id: str, question: Question) -> str:
    """The question's message without "Question n of m": n and m depend on earlier answers."""
    flow, ui = knowledge.triage.flows[flow_id], knowledge.triage.texts.ui
    parts = [f"<b>{flow.title}</b>", question.text]
    # As the bot asks it (tgbot/core/triage/render.py): a question whose first tap ends it (the
    # emergency signs) has no "tick all, then Done".
    if question.kind == "multi" and not question.ends_on_any_tap:
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
        language_row(report, "Headline", lambda k: k.triage.texts.levels[level].headline),
        language_row(
            report, "Text", lambda k: outcome_of(k).text, source_links(source_ids, sources, 1)
        ),
    ]
    main_outcome = flow.outcomes[level]
    for index, _sign in enumerate(main_outcome.see_doctor_if):
        rows.append(language_row(report, "See a doctor if", see_doctor_if(flow.id, level, index)))
    if main_outcome.reassess is not None:
        rows.append(language_row(report, "Check again", lambda k: outcome_of(k).reassess))
    votes = votes_line(report, ItemKind.OUTCOME, outcome_item(flow.id, level.value))
    return (
        f'<h3 id="outcome-{escape(level.value)}">{level_badge(level)} '
        f"{escape(level.value)}</h3>{language_table(report, rows)}{votes}"
    )
