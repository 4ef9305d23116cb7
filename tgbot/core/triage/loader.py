"""Load and validate content/triage.yaml and content/flows/*.yaml into TriageData.

The checks here are structural (ids, references, the emergency-first shape); which answer leads
to which level is read from the YAML and never decided in Python.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from tgbot.core.content.locales import ENGLISH, Locale
from tgbot.core.content.problems import ContentError
from tgbot.core.content.yaml_reader import Node, read_node
from tgbot.core.triage.checks import check_source_ids
from tgbot.core.triage.conditions import AllOf, AnswerIn, AnyOf, Condition, Not
from tgbot.core.triage.length import most_questions
from tgbot.core.triage.models import (
    Flow,
    Level,
    Option,
    OutcomeText,
    Question,
    QuestionKind,
    TriageData,
    TriageTexts,
)
from tgbot.core.triage.texts import load_texts

EMERGENCY_QUESTION = "emergency_signs"
MAX_LABEL = 40
_KINDS: tuple[QuestionKind, ...] = ("single", "multi")


def load_triage(
    root: Path, known_source_ids: set[str] | None = None, language: str = ENGLISH
) -> TriageData:
    """Load all flows under root/flows and the shared texts of root/triage.yaml, in
    `language` (a translation laid over the English files).

    With known_source_ids, every source id used must be one of them (see check_source_ids).
    Raises ContentError naming the file and field of the first problem.
    """
    locale = Locale(root, language)
    texts = load_texts(read_node(root / "triage.yaml", locale))
    flows: dict[str, Flow] = {}
    files = sorted((root / "flows").glob("*.yaml"))
    if not files:
        raise ContentError.at(str(root / "flows"), "", "no flow files (*.yaml) in this folder")
    for file in files:
        flow = _flow(read_node(file, locale), file.stem, texts)
        flows[flow.id] = flow
    if known_source_ids is not None:
        check_source_ids(flows, known_source_ids)
    return TriageData(flows=MappingProxyType(flows), texts=texts)


def _flow(node: Node, file_stem: str, texts: TriageTexts) -> Flow:
    f = node.fields(["id", "topic", "title", "intro", "questions", "outcomes"], ["tell_doctor"])
    flow_id = f["id"].ident()
    if flow_id != file_stem:
        f["id"].fail(f"flow id must match the file name '{file_stem}'")
    questions: list[Question] = []
    for item in f["questions"].items():
        question = _question(item, questions, texts)
        if any(q.id == question.id for q in questions):
            item.child("id", question.id).fail(f"question id '{question.id}' is used twice")
        questions.append(question)
    _check_emergency_first(f["questions"], questions)
    levels_used = {Level.SELF_CARE} | {
        o.level for q in questions for o in q.options if o.level is not None
    }
    flow = Flow(
        id=flow_id,
        topic=f["topic"].ident(),
        title=f["title"].html(),
        intro=f["intro"].html(),
        questions=tuple(questions),
        outcomes=_outcomes(f["outcomes"], levels_used),
        tell_doctor=f["tell_doctor"].html_list() if "tell_doctor" in f else (),
    )
    return replace(flow, most_questions=most_questions(flow))


def _question(node: Node, earlier: list[Question], texts: TriageTexts) -> Question:
    f = node.fields(["id", "text", "kind", "options", "why"], ["ask_when"])
    kind_text = f["kind"].text()
    kind = next((k for k in _KINDS if k == kind_text), None)
    if kind is None:
        f["kind"].fail(f"unknown kind '{kind_text}' (use single or multi)")
    options: list[Option] = []
    for item in f["options"].items():
        option = _option(item, texts, earlier)
        if any(o.id == option.id for o in options):
            item.child("id", option.id).fail(f"option id '{option.id}' is used twice")
        options.append(option)
    if len(options) < 2:
        f["options"].fail("a question needs at least two options")
    why, why_sources = _why(f["why"])
    exclusive = [o for o in options if o.exclusive]
    if kind == "multi" and len(exclusive) != 1:
        f["options"].fail('a multi question needs exactly one "exclusive: true" option')
    if kind == "single" and exclusive:
        f["options"].fail('"exclusive" only makes sense in a multi question')
    return Question(
        id=f["id"].ident(),
        text=f["text"].html(),
        kind=kind,
        options=tuple(options),
        ask_when=_condition(f["ask_when"], earlier) if "ask_when" in f else None,
        why=why,
        why_source_ids=why_sources,
    )


MAX_WHY = 150
"""Shown in a pop-up with its sources, which Telegram caps at 200 characters."""


def _why(node: Node) -> tuple[str, tuple[str, ...]]:
    f = node.fields(["text", "sources"])
    text = f["text"].plain()
    if len(text) > MAX_WHY:
        f["text"].fail(f"at most {MAX_WHY} characters (a pop-up, with its sources)")
    return text, f["sources"].ident_list()


def _option(node: Node, texts: TriageTexts, earlier: list[Question]) -> Option:
    f = node.fields(
        ["id"],
        [
            "label",
            "level",
            "reason",
            "sources",
            "tip",
            "exclusive",
            "tell_doctor",
            "clears",
            "level_when",
        ],
    )
    exclusive = f["exclusive"].flag() if "exclusive" in f else False
    if exclusive and f.keys() & {"level", "reason", "sources", "tip"}:
        node.fail("an exclusive (none of these) option cannot have a level, reason, source or tip")
    if "label" in f:
        label = _label(f["label"])
    elif exclusive:
        label = texts.ui.none_of_these
    else:
        node.child("label", None).fail("missing field")
    level = _level(f["level"]) if "level" in f else None
    if (level is None) != ("reason" not in f):
        node.fail("level and reason go together: an answer that sets a level must say why")
    if ("reason" in f) != ("sources" in f):
        node.fail("every reason needs sources (source ids from content/sources.yaml)")
    return Option(
        id=f["id"].ident(),
        label=label,
        level=level,
        reason=f["reason"].html() if "reason" in f else None,
        tip=f["tip"].ident() if "tip" in f else None,
        exclusive=exclusive,
        source_ids=f["sources"].ident_list() if "sources" in f else (),
        tell_doctor=f["tell_doctor"].html() if "tell_doctor" in f else None,
        clears=_clears(f["clears"], earlier) if "clears" in f else (),
        level_when=_level_when(f["level_when"], level, earlier) if "level_when" in f else None,
    )


def _level_when(node: Node, level: Level | None, earlier: list[Question]) -> Condition:
    if level is None:
        node.fail("level_when needs a level to limit")
    if level is Level.EMERGENCY:
        node.fail("an emergency answer always stands: it cannot depend on other answers")
    return _condition(node, earlier)


def _clears(node: Node, earlier: list[Question]) -> tuple[str, ...]:
    """Only reasons below urgent may be cleared: a same-day or emergency sign always stands."""
    question_ids = node.ident_list()
    for question_id in question_ids:
        question = next((q for q in earlier if q.id == question_id), None)
        if question is None:
            node.fail(f"'{question_id}' is not a question asked before this one")
        if any(o.level in (Level.URGENT, Level.EMERGENCY) for o in question.options):
            node.fail(f"'{question_id}' has urgent or emergency answers, which cannot be cleared")
    return question_ids


def _label(node: Node) -> str:
    """Button text is plain text: Telegram shows it as typed, so no markup at all."""
    label = node.plain()
    if len(label) > MAX_LABEL:
        node.fail(f"a button label must be at most {MAX_LABEL} characters")
    return label


def _level(node: Node) -> Level:
    value = node.text()
    if value not in {level.value for level in Level}:
        node.fail(f"unknown level '{value}' (use one of: {', '.join(Level)})")
    return Level(value)


def _condition(node: Node, earlier: list[Question]) -> Condition:
    if isinstance(node.value, dict) and len(node.value) == 1:
        ((key, value),) = node.value.items()
        inner = node.child(str(key), value)
        if key == "all":
            return AllOf(tuple(_condition(n, earlier) for n in inner.items()))
        if key == "any":
            return AnyOf(tuple(_condition(n, earlier) for n in inner.items()))
        if key == "not":
            return Not(_condition(inner, earlier))
    f = node.fields(["question", "any_of"])
    question_id, option_ids = f["question"].ident(), f["any_of"].ident_list()
    question = next((q for q in earlier if q.id == question_id), None)
    if question is None:
        f["question"].fail(f"'{question_id}' is not a question asked before this one")
    for option_id in option_ids:
        if question.option(option_id) is None:
            f["any_of"].fail(f"'{option_id}' is not an option of '{question_id}'")
    return AnswerIn(question_id, option_ids)


def _check_emergency_first(node: Node, questions: list[Question]) -> None:
    """Safety shape shared by all flows: the emergency screen comes first and is never skipped."""
    first = questions[0]
    where = node.child(0, None)
    if first.id != EMERGENCY_QUESTION:
        where.fail(f"the first question must be '{EMERGENCY_QUESTION}', not '{first.id}'")
    if first.kind != "multi" or first.ask_when is not None:
        where.fail(f"'{EMERGENCY_QUESTION}' must be a multi question asked always")
    for option in first.options:
        if not option.exclusive and option.level is not Level.EMERGENCY:
            where.fail(f"option '{option.id}' of '{EMERGENCY_QUESTION}' must be level emergency")


def _outcomes(node: Node, levels_used: set[Level]) -> MappingProxyType[Level, OutcomeText]:
    outcomes: dict[Level, OutcomeText] = {}
    for key, item in node.entries():
        level = _level(node.child(key, key))
        if level is Level.SELF_CARE:
            f = item.fields(["text", "sources", "see_doctor_if", "reassess"])
        else:
            f = item.fields(["text", "sources"])
        outcomes[level] = OutcomeText(
            text=f["text"].html(),
            source_ids=f["sources"].ident_list(),
            see_doctor_if=f["see_doctor_if"].html_list() if "see_doctor_if" in f else (),
            reassess=f["reassess"].html() if "reassess" in f else None,
        )
    for level in sorted(levels_used - outcomes.keys(), key=lambda lv: lv.rank):
        node.child(level.value, None).fail("missing: an answer of this flow can reach this level")
    return MappingProxyType(outcomes)
