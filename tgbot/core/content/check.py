"""`python bot.py content check`: validate a content folder and summarise it."""

from __future__ import annotations

from pathlib import Path

from tgbot.core.content.loader import load_content
from tgbot.core.content.problems import ContentError
from tgbot.core.content.store import ContentStore

EXIT_OK = 0
EXIT_INVALID = 2


def content_summary(store: ContentStore) -> str:
    """One line per topic with its counts, then totals, then any warnings."""
    lines = [
        f"{topic.id}: {len(topic.sections)} sections, {len(topic.tips)} tips, "
        f"{len(topic.synonyms)} synonyms, {len(topic.cited_source_ids())} sources cited, "
        f"{_question_count(store, topic.id)} frequent questions"
        for topic in store.topics.values()
    ]
    cited = {source for topic in store.topics.values() for source in topic.cited_source_ids()}
    lines.append(f"sources: {len(store.sources)} in total, {len(cited)} cited")
    lines.append(f"messages: {len(store.messages)}")
    lines.extend(f"warning: {warning}" for warning in store.warnings)
    return "\n".join(lines)


def _question_count(store: ContentStore, topic_id: str) -> int:
    entry = store.questions.get(topic_id)
    return 0 if entry is None else len(entry.questions)


def check_content(root: Path) -> tuple[int, str]:
    """(0, summary) when the content in `root` is valid, else (2, one error per line)."""
    try:
        store = load_content(root)
    except ContentError as error:
        return EXIT_INVALID, "\n".join(error.errors)
    return EXIT_OK, content_summary(store)
