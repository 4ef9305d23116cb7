"""The doctor's page: what a clinician reads in half a minute, as plain data (pure; the PDF
and the message are made from the same page, so they cannot disagree).

A check is one row: its date, topic and advice (with the answers that set it), the positive
findings, and the pertinent negatives in one compact line ("No: ..."): the signs asked about
and not ticked are as telling as the ones ticked. What came before the symptoms (the trigger
questions and the diary) is said per topic, as findings with the days counted, not as answers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date
from html import escape as _escape

from babel.dates import format_date, format_interval

from tgbot.core.content import ContentStore
from tgbot.core.content.markup import strip_tags
from tgbot.core.diary import BEFORE_QUESTIONS, DiarySummary
from tgbot.core.triage import AnswerError, Flow, Level, MissingAnswer, TriageData, evaluate

Answers = Mapping[str, tuple[str, ...]]
MAX_CHECKS = 6
"""The latest checks on the page: more would not fit one A4 page readably."""
SEPARATOR = "; "
"""Between findings: button labels may hold commas ("Coffee, tea or energy drinks")."""


@dataclass(frozen=True)
class CheckRecord:
    day: date
    flow_id: str
    answers: Answers
    level: str
    content_version: str | None = None
    """The release of content/ that gave the advice (content/release.yaml)."""


@dataclass(frozen=True)
class CheckRow:
    day: str
    """The date as the user's language writes it."""
    topic: str
    advice: str
    because: tuple[str, ...]
    """The answers that set the advice ("What decided this")."""
    positives: tuple[str, ...]
    negatives: tuple[str, ...]
    version: str | None


@dataclass(frozen=True)
class TopicDiary:
    topic: str
    summary: DiarySummary | None
    """None where the topic has checks but no diary entries."""
    caption: str
    """The diary in words, as /diary's caption says it."""
    before: tuple[str, ...]
    """What came before the symptoms, as findings: "Coffee... (12 of 30 days)"."""


@dataclass(frozen=True)
class PageLabels:
    """The page's fixed words, in the user's language (content/messages.yaml, summary_*)."""

    checks: str
    date: str
    topic: str
    advice: str
    findings: str
    no: str
    because: str
    check_version: str
    diary: str
    before: str
    nothing_before: str
    tell_doctor: str
    sources: str
    questions: str

    @classmethod
    def from_texts(cls, texts: Mapping[str, str]) -> PageLabels:
        return cls(**{f.name: texts[f"summary_{f.name}"] for f in fields(cls)})


def with_version(row: CheckRow, labels: PageLabels) -> str:
    """The advice, and the release of content/ that gave it."""
    version = labels.check_version.format(version=row.version) if row.version else ""
    return f"{row.advice} {version}".strip()


@dataclass(frozen=True)
class DoctorPage:
    title: str
    made: str
    """Who made it, when, for which period, and that it is not a diagnosis."""
    labels: PageLabels
    checks: tuple[CheckRow, ...]
    diaries: tuple[TopicDiary, ...]
    tell_doctor: tuple[str, ...]
    sources: tuple[str, ...]
    disclaimer: str
    questions: tuple[str, ...] = ()
    """What the user wants to ask (/questions), as they typed it."""


def _findings(flow: Flow, answers: Answers) -> tuple[list[str], list[str]]:
    """Positive findings and pertinent negatives; trigger answers are said per topic."""
    positives: list[str] = []
    negatives: list[str] = []
    for question in flow.questions:
        chosen = answers.get(question.id)
        if chosen is None or question.id == BEFORE_QUESTIONS.get(flow.id):
            continue
        if question.kind == "single":
            option = question.option(chosen[0])
            positives.append(option.label if option else chosen[0])
            continue
        for option in question.options:
            if not option.exclusive:
                (positives if option.id in chosen else negatives).append(option.label)
    return positives, negatives


def _decided_by(flow: Flow, answers: Answers) -> tuple[str, ...]:
    try:
        outcome = evaluate(flow, answers)
    except (AnswerError, MissingAnswer):
        return ()  # kept under an older flow: the findings still say what was told
    return tuple(dict.fromkeys(r.answer for r in outcome.decided_by if r.answer))


def _row(triage: TriageData, flow: Flow, check: CheckRecord, language: str) -> CheckRow:
    known = check.level in set(Level)
    level = triage.texts.levels.get(Level(check.level)) if known else None
    positives, negatives = _findings(flow, check.answers)
    return CheckRow(
        day=format_date(check.day, "medium", locale=language),
        topic=flow.title,
        advice=level.name if level else check.level,
        because=_decided_by(flow, check.answers),
        positives=tuple(positives),
        negatives=tuple(negatives),
        version=check.content_version,
    )


def _before(
    texts: Mapping[str, str], flow: Flow, checks: Sequence[CheckRecord], diary: DiarySummary | None
) -> tuple[str, ...]:
    """Triggers and medicines of one topic: the diary's with their days, then the checks'."""
    question = flow.question(BEFORE_QUESTIONS.get(flow.id, ""))
    if question is None:
        return ()
    found: dict[str, str] = {}
    for option_id, count in diary.top_triggers if diary else ():
        option = question.option(option_id)
        if option is not None and diary is not None:
            found[option.id] = texts["summary_trigger_days"].format(
                trigger=option.label, count=count, logged=diary.days_logged
            )
    for check in checks:
        for option_id in check.answers.get(question.id, ()):
            option = question.option(option_id)
            if option is not None and not option.exclusive:
                found.setdefault(option.id, option.label)
    return tuple(found.values())


def _tell_doctor(flow: Flow, answers: Answers) -> list[str]:
    points = list(flow.tell_doctor)
    for question in flow.questions:
        for option_id in answers.get(question.id, ()):
            option = question.option(option_id)
            if option is not None and option.tell_doctor and option.tell_doctor not in points:
                points.append(option.tell_doctor)
    return [strip_tags(p) for p in points]


def _sources(content: ContentStore, triage: TriageData, checks: Sequence[CheckRecord]) -> list[str]:
    ids: list[str] = []
    for check in checks:
        flow = triage.flows[check.flow_id]
        outcome = flow.outcomes.get(Level(check.level)) if check.level in set(Level) else None
        ids += [s for s in (outcome.source_ids if outcome else ()) if s not in ids]
    found = [content.sources[s] for s in ids if s in content.sources]
    return [f"{s.publisher}: {s.title}. {s.url}" for s in found]


def doctor_page(
    texts: Mapping[str, str],
    triage: TriageData,
    content: ContentStore,
    checks: Sequence[CheckRecord],
    diaries: Mapping[str, tuple[DiarySummary, str]],
    today: date,
    language: str,
    questions: Sequence[str] = (),
) -> DoctorPage:
    """The latest MAX_CHECKS checks and each topic's diary (summary and caption, by flow id),
    newest check first, and what the user wants to ask; `language` is the CLDR locale of the
    dates."""
    checks = [c for c in checks if c.flow_id in triage.flows][-MAX_CHECKS:][::-1]
    topics = dict.fromkeys([*diaries, *(c.flow_id for c in checks)])
    tell: list[str] = []
    for check in checks:
        tell += [
            p for p in _tell_doctor(triage.flows[check.flow_id], check.answers) if p not in tell
        ]
    days = [c.day for c in checks] + [d.first_day for d, _ in diaries.values()]
    period = format_interval(min(days, default=today), today, "yMMMd", locale=language)
    period = period.removesuffix(".")  # "7 дек. 2026 г.": the message adds its own full stop
    made = texts["summary_subtitle"].format(date=format_date(today, "medium", locale=language))
    return DoctorPage(
        title=texts["summary_title"],
        made=f"{made} {texts['summary_period'].format(period=period)}",
        labels=PageLabels.from_texts(texts),
        checks=tuple(_row(triage, triage.flows[c.flow_id], c, language) for c in checks),
        diaries=tuple(
            d
            for f in topics
            if f in triage.flows
            and (d := _topic_diary(texts, triage.flows[f], checks, diaries.get(f))) is not None
        ),
        tell_doctor=tuple(tell),
        sources=tuple(_sources(content, triage, checks)),
        disclaimer=texts["summary_disclaimer"],
        questions=tuple(questions),
    )


def _topic_diary(
    texts: Mapping[str, str],
    flow: Flow,
    checks: Sequence[CheckRecord],
    diary: tuple[DiarySummary, str] | None,
) -> TopicDiary | None:
    summary, caption = diary if diary else (None, "")
    before = _before(texts, flow, [c for c in checks if c.flow_id == flow.id], summary)
    return TopicDiary(flow.title, summary, caption, before) if summary or before else None


MAX_MESSAGE = 4000


def escape(text: str) -> str:
    return _escape(text, quote=False)


def page_as_message(page: DoctorPage) -> str:
    """The page as a Telegram message (HTML). Over Telegram's limit, the pertinent negatives go
    first (the PDF keeps them), then checks from the oldest; the disclaimer always stays."""
    for negatives in (True, False):
        checks = [_check_lines(row, page.labels, negatives=negatives) for row in page.checks]
        text = _message(page, checks)
        if len(text) <= MAX_MESSAGE:
            return text
    while len(checks) > 1 and len(text) > MAX_MESSAGE:
        checks.pop()
        text = _message(page, checks)
    return text


def _check_lines(row: CheckRow, labels: PageLabels, *, negatives: bool) -> list[str]:
    because = labels.because.format(items=SEPARATOR.join(row.because)) if row.because else ""
    advice = with_version(row, labels)
    lines = [escape(f"{row.day} · {row.topic} · {advice} {because}".strip())]
    if row.positives:
        lines.append(f"<b>{escape(SEPARATOR.join(row.positives))}</b>")
    if row.negatives and negatives:
        lines.append(escape(labels.no.format(items=SEPARATOR.join(row.negatives))))
    return lines


def _message(page: DoctorPage, checks: list[list[str]]) -> str:
    labels = page.labels
    lines = [f"🩺 <b>{escape(page.title)}</b>", escape(page.made)]
    if checks:
        lines += ["", f"<b>{escape(labels.checks)}</b>", *(line for c in checks for line in c)]
    lines += ["", f"<b>{escape(labels.before)}</b>"]
    befores = [(d.topic, d.before) for d in page.diaries if d.before]
    lines += [escape(f"{topic}: {SEPARATOR.join(b)}") for topic, b in befores]
    lines += [] if befores else [escape(labels.nothing_before)]
    captions = [d.caption for d in page.diaries if d.caption]
    if captions:
        lines += ["", f"<b>{escape(labels.diary)}</b>", *map(escape, captions)]
    if page.tell_doctor:
        tell = escape(SEPARATOR.join(page.tell_doctor))
        lines += ["", f"<b>{escape(labels.tell_doctor)}</b>", tell]
    if page.questions:
        lines += ["", f"<b>{escape(labels.questions)}</b>"]
        lines += [escape(f"{n}. {q}") for n, q in enumerate(page.questions, 1)]
    if page.sources:
        lines += ["", f"<b>{escape(labels.sources)}</b>"]
        lines += [escape(f"{n}. {s}") for n, s in enumerate(page.sources, 1)]
    lines += ["", escape(page.disclaimer)]
    return "\n".join(lines)
