"""Everything the bot knows, loaded from content/ as one validated unit: topics, sources,
messages and triage flows, cross-checked against each other. Pure: no Telegram, no storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tgbot.core.content import ContentError, ContentStore, content_summary, load_content
from tgbot.core.content.models import DetailRule, DurationRule
from tgbot.core.triage import TriageContentError, TriageData, load_triage, missing_tip_ids
from tgbot.core.triage.fitting import (
    NO_RULES,
    ResultRules,
    ResultRulesError,
    load_result_rules,
)

EXIT_OK = 0
EXIT_INVALID = 2


class KnowledgeError(Exception):
    """content/ is invalid; ``errors`` holds one line per problem, each naming file and field."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Knowledge:
    content: ContentStore
    triage: TriageData
    results: ResultRules = field(default=NO_RULES)
    """Which lines of a result fit the answers (content/results.yaml)."""


def load_knowledge(root: Path) -> Knowledge:
    try:
        content = load_content(root)
    except ContentError as error:
        raise KnowledgeError(list(error.errors)) from None
    try:
        triage = load_triage(root, known_source_ids=set(content.sources))
    except TriageContentError as error:
        raise KnowledgeError([str(error)]) from None
    orphans = [f.id for f in triage.flows.values() if f.topic not in content.topics]
    if orphans:
        raise KnowledgeError(
            [f"flows/{f}.yaml: topic: not a topic in content/topics" for f in orphans]
        )
    missing = missing_tip_ids(
        triage.flows, {topic_id: set(t.tips) for topic_id, t in content.topics.items()}
    )
    if missing:
        raise KnowledgeError([f"flows: tip id has no text in its topic: {m}" for m in missing])
    unknown = _unknown_detail_answers(content, triage)
    if unknown:
        raise KnowledgeError(unknown)
    try:
        results = load_result_rules(root, triage.flows)
    except ResultRulesError as error:
        raise KnowledgeError([str(error)]) from None
    return Knowledge(content=content, triage=triage, results=results)


def _unknown_detail_answers(content: ContentStore, triage: TriageData) -> list[str]:
    """A `details` or `durations` rule of questions/<topic>.yaml must name an answer that the
    topic's check really has, or the offer it makes could never show."""
    errors = []
    for topic_id, entry in content.questions.items():
        flows = [flow for flow in triage.flows.values() if flow.topic == topic_id]
        rules: list[DetailRule | DurationRule] = [*entry.details, *entry.durations]
        for rule in rules:
            known = any(
                (question := flow.question(rule.question)) is not None
                and question.option(rule.option) is not None
                for flow in flows
            )
            if not known:
                errors.append(
                    f"questions/{topic_id}.yaml: no answer {rule.option!r} to question "
                    f"{rule.question!r} in the {topic_id} check"
                )
    return errors


def knowledge_summary(knowledge: Knowledge) -> str:
    lines = [content_summary(knowledge.content)]
    for flow in knowledge.triage.flows.values():
        options = sum(len(q.options) for q in flow.questions)
        lines.append(f"flow {flow.id}: {len(flow.questions)} questions, {options} options")
    return "\n".join(lines)


def check_knowledge(root: Path) -> tuple[int, str]:
    """For ``python bot.py content check``: (0, summary) or (2, one error per line)."""
    try:
        knowledge = load_knowledge(root)
    except KnowledgeError as error:
        return EXIT_INVALID, "\n".join(error.errors)
    return EXIT_OK, knowledge_summary(knowledge)
