"""content/questions/<topic>.yaml: the questions people often type, each with a short answer,
and the words that give away answers of the topic's check ("eyelid", "for 3 days")."""

from __future__ import annotations

from collections.abc import Collection, Mapping

from tgbot.core.content import fields
from tgbot.core.content.matching import content_stems
from tgbot.core.content.models import (
    DetailRule,
    DurationRule,
    FrequentQuestion,
    Topic,
    TopicQuestions,
)
from tgbot.core.content.problems import Where
from tgbot.core.content.topic_file import citations
from tgbot.core.content.wording import Wording

FILE_FIELDS = ("questions",)
FILE_OPTIONAL = ("details", "durations")
QUESTION_FIELDS = ("id", "question", "asked", "answer", "sources", "section")
DETAIL_FIELDS = ("question", "option", "said")
DURATION_FIELDS = ("question", "option")
# An answer fits a phone screen: about 12 short lines. The full story is one tap away.
MAX_ANSWER_CHARS = 900


def parse_questions(
    document: object,
    where: Where,
    topic: Topic | None,
    known_sources: Collection[str] | None,
    seen_ids: dict[str, str],
    wording: Wording,
) -> TopicQuestions | None:
    """The topic's questions, or None after reporting every problem. `topic` is None when its
    file had errors (reported there). `seen_ids` maps the question ids of files read before
    to their topic, so an id is unique across topics."""
    values = fields.mapping(document, where, required=FILE_FIELDS, optional=FILE_OPTIONAL)
    if values is None or topic is None:
        return None
    entries = values["questions"]
    if not isinstance(entries, list) or not entries:
        where.child("questions").error("expected a non-empty list")
        return None
    questions = [
        _parse_question(entry, where.child("questions").item(index), topic, known_sources, wording)
        for index, entry in enumerate(entries)
    ]
    ok = all(question is not None for question in questions)
    for index, question in enumerate(questions):
        if question is None:
            continue
        if question.id in seen_ids:
            where.child("questions").item(index).child("id").error(
                f"question id {question.id!r} is used twice (also in {seen_ids[question.id]})"
            )
            ok = False
        seen_ids[question.id] = topic.id
    details = _parse_details(values.get("details", []), where.child("details"))
    durations = _parse_durations(values.get("durations", []), where.child("durations"))
    if not ok or details is None or durations is None:
        return None
    present = tuple(question for question in questions if question is not None)
    return TopicQuestions(topic.id, present, details, durations)


def _parse_question(
    entry: object,
    where: Where,
    topic: Topic,
    known_sources: Collection[str] | None,
    wording: Wording,
) -> FrequentQuestion | None:
    values = fields.mapping(entry, where, required=QUESTION_FIELDS)
    if values is None:
        return None
    question_id = fields.identifier(values["id"], where.child("id"))
    title = fields.html_text(values["question"], where.child("question"))
    asked = fields.text_list(values["asked"], where.child("asked"))
    for index, phrasing in enumerate(asked or ()):
        if not content_stems(phrasing, wording):
            where.child("asked").item(index).error(f"{phrasing!r} has no words to match on")
            asked = None
    answer = fields.html_text(values["answer"], where.child("answer"))
    if answer is not None and len(answer) > MAX_ANSWER_CHARS:
        where.child("answer").error(
            f"{len(answer)} characters; an answer must fit a phone screen ({MAX_ANSWER_CHARS})"
        )
        answer = None
    cited = citations(values["sources"], where.child("sources"), known_sources)
    section = fields.identifier(values["section"], where.child("section"))
    if section is not None and section not in topic.sections:
        where.child("section").error(f"no section {section!r} in topic {topic.id!r}")
        section = None
    if question_id and title and asked and answer and cited and section:
        return FrequentQuestion(question_id, topic.id, title, asked, answer, cited, section)
    return None


def _entries(value: object, where: Where) -> list[object] | None:
    if not isinstance(value, list):
        where.error(f"expected a list, got {fields.type_name(value)}")
        return None
    return value


def _parse_details(value: object, where: Where) -> tuple[DetailRule, ...] | None:
    entries = _entries(value, where)
    if entries is None:
        return None
    rules = [_parse_detail(entry, where.item(index)) for index, entry in enumerate(entries)]
    present = tuple(rule for rule in rules if rule is not None)
    return present if len(present) == len(rules) else None


def _parse_detail(entry: object, where: Where) -> DetailRule | None:
    values = fields.mapping(entry, where, required=DETAIL_FIELDS)
    if values is None:
        return None
    question = fields.identifier(values["question"], where.child("question"))
    option = fields.identifier(values["option"], where.child("option"))
    said = fields.text_list(values["said"], where.child("said"))
    return DetailRule(question, option, said) if question and option and said else None


def _parse_durations(value: object, where: Where) -> tuple[DurationRule, ...] | None:
    entries = _entries(value, where)
    if entries is None:
        return None
    rules: list[DurationRule] = []
    ok = True
    for index, entry in enumerate(entries):
        place = where.item(index)
        values = fields.mapping(entry, place, required=DURATION_FIELDS, optional=("up_to_days",))
        if values is None:
            ok = False
            continue
        question = fields.identifier(values["question"], place.child("question"))
        option = fields.identifier(values["option"], place.child("option"))
        limit = values.get("up_to_days")
        if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool)):
            place.child("up_to_days").error(f"expected a number, got {fields.type_name(limit)}")
            ok = False
        elif question and option:
            rules.append(DurationRule(question, option, limit))
        else:
            ok = False
    return tuple(rules) if ok else None


def questions_by_topic(files: Mapping[str, TopicQuestions]) -> tuple[FrequentQuestion, ...]:
    return tuple(question for entry in files.values() for question in entry.questions)
