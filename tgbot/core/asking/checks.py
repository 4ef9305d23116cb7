"""content/asking/ loaded for one language and checked against that language's content: the
questions and sections it names must exist."""

from __future__ import annotations

from pathlib import Path

from tgbot.core.asking.reading import ANY_TOPIC, ASKING_FOLDER, RULES_FILE, Asking, load_asking
from tgbot.core.content.problems import ContentError
from tgbot.core.content.store import ContentStore, frequent_questions


def load_checked_asking(root: Path, language: str, content: ContentStore) -> Asking:
    sections = {section for topic in content.topics.values() for section in topic.sections}
    asking = load_asking(root, language, set(content.sources), sections)
    rules = asking.rules
    known = {question.id for question in frequent_questions(content)}
    named = {
        "worry_question": {rules.worry_question},
        "any_topic": rules.any_topic,
        "not_long_standing": rules.not_long_standing,
        "only_when": set(rules.only_when),
        "by_concept": {question for _, _, question in rules.by_concept},
        "prefer": {question for named in rules.prefer.values() for question in named},
    }
    # Content without frequent questions (no questions/ folder) still opens sections.
    topics = {*content.topics, ANY_TOPIC}
    wrong_topics = [
        f"{root / ASKING_FOLDER / RULES_FILE}: by_concept: {concept}: no topic {topic!r}"
        for concept, topic, _ in rules.by_concept
        if topic not in topics
    ]
    errors = wrong_topics + [
        f"{root / ASKING_FOLDER / RULES_FILE}: {field}: no frequent question {question!r}"
        for field, questions in named.items()
        for question in sorted(questions - known)
        if known
    ]
    if errors:
        raise ContentError(errors)
    return asking
