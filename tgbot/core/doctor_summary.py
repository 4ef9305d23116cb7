"""What the doctor's summary says, as plain sections (pure; the PDF and the message are made
from the same sections, so they cannot disagree).

Each answer is said as the doctor reads it: "You have: ..." and "You do not have: ...", the
signs asked about and not ticked being as telling as the ones ticked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from tgbot.core.content import ContentStore
from tgbot.core.content.markup import strip_tags
from tgbot.core.diary import BEFORE_QUESTIONS, DiarySummary
from tgbot.core.triage import AnswerError, Flow, Level, MissingAnswer, TriageData, evaluate

Answers = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class CheckRecord:
    day: date
    flow_id: str
    answers: Answers
    level: str
    content_version: str | None = None
    """The release of content/ that gave the advice (content/release.yaml)."""


@dataclass(frozen=True)
class Section:
    heading: str
    lines: tuple[str, ...]


def _plain(text: str) -> str:
    return strip_tags(text).strip().splitlines()[0]


def answers_as_doctor_reads(flow: Flow, answers: Answers, texts: Mapping[str, str]) -> list[str]:
    lines: list[str] = []
    for question in flow.questions:
        chosen = answers.get(question.id)
        if chosen is None:
            continue
        if question.kind == "single":
            option = question.option(chosen[0])
            lines.append(f"{_plain(question.text)} {option.label if option else chosen[0]}")
            continue
        have = [o.label for o in question.options if o.id in chosen and not o.exclusive]
        lacking = [o.label for o in question.options if o.id not in chosen and not o.exclusive]
        if have:
            lines.append(texts["summary_you_have"].format(items="; ".join(have)))
        if lacking:
            lines.append(texts["summary_you_do_not_have"].format(items="; ".join(lacking)))
    return lines


def _decided_by(triage: TriageData, flow: Flow, answers: Answers) -> list[str]:
    """The answers that set the advice, as the outcome said it ("What decided this")."""
    try:
        outcome = evaluate(flow, answers)
    except (AnswerError, MissingAnswer):
        return []  # kept under an older flow: the answers above still say what was told
    ui, heading = triage.texts.ui, triage.texts.headings.decided_by
    return [
        f"{strip_tags(heading)} "
        + strip_tags(ui.you_said.format(answer=r.answer, level=triage.texts.levels[r.level].name))
        for r in outcome.decided_by
    ]


def _tell_doctor(flow: Flow, answers: Answers) -> list[str]:
    points = list(flow.tell_doctor)
    for question in flow.questions:
        for option_id in answers.get(question.id, ()):
            option = question.option(option_id)
            if option is not None and option.tell_doctor and option.tell_doctor not in points:
                points.append(option.tell_doctor)
    return [strip_tags(p) for p in points]


def _mentioned(flow: Flow, answers: Answers, diary: DiarySummary | None) -> list[str]:
    """Triggers and medicines: from the checks' trigger questions and the diary's."""
    found: list[str] = []
    question = flow.question(BEFORE_QUESTIONS.get(flow.id, ""))
    if question is None:
        return found
    ids = list(answers.get(question.id, ()))
    if diary is not None:
        ids += [trigger for trigger, _ in diary.top_triggers]
    for option_id in ids:
        option = question.option(option_id)
        if option is not None and not option.exclusive and option.label not in found:
            found.append(option.label)
    return found


def doctor_summary(
    texts: Mapping[str, str],
    triage: TriageData,
    content: ContentStore,
    checks: Sequence[CheckRecord],
    diary: DiarySummary | None,
    diary_lines: Sequence[str],
    day_text: Callable[[date], str] = lambda day: day.isoformat(),
) -> list[Section]:
    """`day_text` writes a date in the user's language (tgbot.core.dates.LocalTime.day)."""
    sections: list[Section] = []
    tell: list[str] = []
    mentioned: list[str] = []
    source_ids: list[str] = []
    check_lines: list[str] = []
    for check in checks:
        flow = triage.flows.get(check.flow_id)
        if flow is None:
            continue
        level = triage.texts.levels.get(Level(check.level)) if check.level in set(Level) else None
        check_lines.append(
            texts["summary_check"].format(
                date=day_text(check.day),
                topic=flow.title,
                level=level.name if level else check.level,
            )
            + (
                " " + texts["summary_check_version"].format(version=check.content_version)
                if check.content_version
                else ""
            )
        )
        check_lines.extend(
            f"  {line}" for line in answers_as_doctor_reads(flow, check.answers, texts)
        )
        check_lines.extend(f"  {line}" for line in _decided_by(triage, flow, check.answers))
        tell += [p for p in _tell_doctor(flow, check.answers) if p not in tell]
        mentioned += [m for m in _mentioned(flow, check.answers, diary) if m not in mentioned]
        outcome = flow.outcomes.get(Level(check.level)) if check.level in set(Level) else None
        if outcome is not None:
            source_ids += [s for s in outcome.source_ids if s not in source_ids]
    if check_lines:
        sections.append(Section(texts["summary_checks"], tuple(check_lines)))
    if diary_lines:
        sections.append(Section(texts["summary_diary"], tuple(diary_lines)))
    sections.append(
        Section(texts["summary_triggers"], tuple(mentioned) or (texts["summary_no_triggers"],))
    )
    if tell:
        sections.append(Section(texts["summary_tell_doctor"], tuple(tell)))
    sources = [content.sources[s] for s in source_ids if s in content.sources]
    if sources:
        sections.append(
            Section(
                texts["summary_sources"],
                tuple(f"{s.publisher}: {s.title}. {s.url}" for s in sources),
            )
        )
    sections.append(Section(texts["summary_disclaimer"], ()))
    return sections
