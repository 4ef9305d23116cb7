"""Triage steps as Telegram HTML strings; keyboards are the handlers' business."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tgbot.core.content.markup import escape
from tgbot.core.triage.emergency import emergency_numbers, join_numbers
from tgbot.core.triage.engine import progress
from tgbot.core.triage.models import (
    Answers,
    Flow,
    Level,
    Outcome,
    Question,
    TriageData,
    TriageTexts,
)
from tgbot.core.triage.recap import answer_lines

MAX_MESSAGE = 4096


def render_question(
    data: TriageData,
    flow: Flow,
    question: Question,
    selected: tuple[str, ...],
    answers: Answers,
) -> str:
    """Headline with "Question n of up to m", the question, for multi-selects how to answer,
    and what is picked: the ticks so far, or after Back the answer given before."""
    return render_question_at(data, flow, question, selected, progress(flow, answers))


def render_question_at(
    data: TriageData,
    flow: Flow,
    question: Question,
    selected: tuple[str, ...],
    at: tuple[int, int],
) -> str:
    """:func:`render_question` with the progress ("n of up to m") already known."""
    ui = data.texts.ui
    n, total = at
    parts = [f"<b>{flow.title}</b> · {ui.progress.format(n=n, total=total)}", question.text]
    # The emergency question says itself that the first tap ends it: no "tick all, then Done".
    if question.kind == "multi" and not question.ends_on_any_tap:
        parts.append(ui.tick_all)
    labels = [escape(o.label) for o in question.options if o.id in selected]
    if labels:
        parts.append(ui.selected.format(labels=", ".join(labels)))
    return "\n\n".join(parts)


def render_emergency(
    data: TriageData, flow: Flow, outcome: Outcome, language_code: str | None
) -> str:
    """Call now (numbers of the user's country first), do not wait, what to say, why."""
    t = data.texts
    numbers = join_numbers(t, emergency_numbers(t, language_code))
    reasons = [r.text for r in outcome.reasons if r.level is Level.EMERGENCY]
    parts = [
        f"{t.levels[Level.EMERGENCY].headline.format(numbers=numbers)} {t.emergency.do_not_wait}",
        _section(t, t.emergency.say_heading, t.emergency.say),
        t.emergency.dont_drive,
    ]
    if reasons:
        parts.append(_section(t, t.emergency.reasons_heading, reasons))
    outro = flow.outcomes.get(Level.EMERGENCY)
    if outro is not None:
        parts.append(outro.text)
    parts.append(t.emergency.footer)
    return "\n\n".join(parts)


def render_outcome(
    data: TriageData,
    flow: Flow,
    outcome: Outcome,
    tip_html: Callable[[str], str | None],
    source_label: Callable[[str], str],
    language_code: str | None = None,
    fits: Callable[[str], bool] = lambda line: True,
    local: Callable[[str], str] = lambda text: text,
) -> str:
    """The advice for the outcome's level, with reasons, sources and the disclaimer.

    tip_html gives a tip's HTML by id (None if there is none); source_label gives a source's
    HTML label, e.g. a link. An emergency outcome renders as render_emergency. Tips are dropped
    from the end if the message would pass Telegram's 4096-character limit, then the recap of
    the answers. `fits` says which "See a doctor if" lines fit these answers
    (content/results.yaml); none shows twice. `local` fills in the user's country's services
    (tgbot/core/local_services.py) before the length is measured.
    """
    if outcome.level is Level.EMERGENCY:
        return render_emergency(data, flow, outcome, language_code)
    t = data.texts
    advice = flow.outcomes[outcome.level]
    head = [t.levels[outcome.level].headline, local(advice.text)]
    decided = [
        t.ui.you_said.format(answer=escape(r.answer), level=t.levels[r.level].name)
        + f" ({', '.join(source_label(s) for s in r.source_ids)})"
        for r in outcome.decided_by
    ]
    if decided:
        head.append(_section(t, t.headings.decided_by, decided))
    elif outcome.level is Level.SELF_CARE:
        head.append(f"{t.headings.decided_by} {t.headings.nothing_decided}")
    if outcome.reasons:
        head.append(_section(t, t.headings.reasons, [r.text for r in outcome.reasons]))
    if outcome.level in (Level.URGENT, Level.DOCTOR) and outcome.tell_doctor:
        head.append(_section(t, t.headings.tell_doctor, outcome.tell_doctor))
    tail: list[str] = []
    if outcome.level is Level.SELF_CARE:
        lines = [line for line in dict.fromkeys(advice.see_doctor_if) if fits(line)]
        tail.append(_section(t, t.headings.see_doctor_if, lines))
        if advice.reassess:
            tail.append(advice.reassess)
    sources = ", ".join(source_label(s) for s in outcome.source_ids)
    # The answers, kept in the chat: the questions' message becomes this one.
    told = answer_lines(flow, outcome.answers, t.ui.told)
    recap = _section(t, t.headings.you_told_me, told) if told else None
    if recap is not None:
        tail.append(recap)
    tail += [f"{t.headings.sources} {sources}", t.disclaimer]
    # Tips fit self-care, and the wait for a doctor's visit; not a same-day problem.
    tips: list[str] = []
    if outcome.level in (Level.SELF_CARE, Level.DOCTOR):
        tips = [html for html in dict.fromkeys(map(tip_html, outcome.tip_ids)) if html]
    return _fitted(t, head, tips, tail, recap)


def _fitted(
    t: TriageTexts, head: list[str], tips: list[str], tail: list[str], recap: str | None
) -> str:
    """The message within Telegram's limit: tips dropped from the end, then the recap of the
    answers (they were said again after what they decided: the last to go)."""
    while True:
        middle = [_section(t, t.headings.tips, tips)] if tips else []
        text = "\n\n".join(head + middle + tail)
        if len(text) <= MAX_MESSAGE:
            return text
        if tips:
            tips.pop()
        elif recap is not None and recap in tail:
            tail.remove(recap)
        else:
            return text


def _section(texts: TriageTexts, heading: str, items: Iterable[str]) -> str:
    return "\n".join([heading, *(f"{texts.bullet} {item}" for item in items)])
