"""load_content: read and validate every content file, then build the store."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, timedelta
from pathlib import Path

from tgbot.core.content.contract import REQUIRED_TOPICS
from tgbot.core.content.matching import normalize_phrase
from tgbot.core.content.messages_file import parse_messages
from tgbot.core.content.models import Source, Topic, TopicQuestions
from tgbot.core.content.problems import Problems, Where, display_path
from tgbot.core.content.questions_file import parse_questions
from tgbot.core.content.sources_file import parse_sources
from tgbot.core.content.store import (
    ContentStore,
    render_section,
    render_sources,
    render_tip,
)
from tgbot.core.content.strict_yaml import read_yaml
from tgbot.core.content.telegram_html import MAX_MESSAGE_LENGTH
from tgbot.core.content.topic_file import parse_topic

# A source page can change under us: past this age `content check` asks for a fresh look.
REVIEW_EVERY = timedelta(days=365)


def load_content(root: Path, today: date | None = None) -> ContentStore:
    """Load the content folder `root` (holding sources.yaml, messages.yaml, topics/*.yaml and
    optionally questions/*.yaml). Raises ContentError listing every problem found, each with
    its file and field. `today` (default: the real date) dates the review warnings."""
    problems = Problems()
    sources_where = _where(problems, root / "sources.yaml")
    sources_document = read_yaml(root / "sources.yaml", sources_where)
    readable_sources = sources_document is not None
    sources = parse_sources(sources_document, sources_where) if readable_sources else {}
    messages_where = _where(problems, root / "messages.yaml")
    messages_document = read_yaml(root / "messages.yaml", messages_where)
    messages = (
        {} if messages_document is None else parse_messages(messages_document, messages_where)
    )
    # Without a readable sources.yaml every citation would look unknown: skip that check.
    topics = _load_topics(root / "topics", problems, sources if readable_sources else None)
    _check_shared_synonyms(topics, root / "topics", problems)
    questions = _load_questions(
        root / "questions", problems, topics, sources if readable_sources else None
    )
    problems.raise_if_any()
    _warn_uncited(sources, topics, questions, sources_where)
    _warn_stale(sources, sources_where, today or date.today())
    store = ContentStore(topics, sources, messages, tuple(problems.warnings), questions)
    _check_page_lengths(store, root / "topics", problems)
    problems.raise_if_any()
    return store


def _where(problems: Problems, path: Path) -> Where:
    return Where(problems, display_path(path))


def _load_topics(
    folder: Path, problems: Problems, known_sources: Collection[str] | None
) -> dict[str, Topic]:
    files = {path.stem: path for path in sorted(folder.glob("*.yaml"))}
    for topic_id in REQUIRED_TOPICS:
        if topic_id not in files:
            _where(problems, folder / f"{topic_id}.yaml").error("missing required topic file")
    ordered = [
        *(t for t in REQUIRED_TOPICS if t in files),
        *(t for t in files if t not in REQUIRED_TOPICS),
    ]
    topics: dict[str, Topic] = {}
    for topic_id in ordered:
        where = _where(problems, files[topic_id])
        document = read_yaml(files[topic_id], where)
        topic = (
            parse_topic(document, where, topic_id, known_sources) if document is not None else None
        )
        if topic is not None:
            topics[topic_id] = topic
    return topics


def _check_shared_synonyms(topics: Mapping[str, Topic], folder: Path, problems: Problems) -> None:
    """A phrase naming two topics could never route; make the author pick one."""
    owner: dict[str, str] = {}
    for topic in topics.values():
        for index, synonym in enumerate(topic.synonyms):
            phrase = normalize_phrase(synonym)
            if owner.setdefault(phrase, topic.id) != topic.id:
                where = _where(problems, folder / f"{topic.id}.yaml").child("synonyms")
                where.item(index).error(f"{synonym!r} is also a synonym of {owner[phrase]!r}")


def _load_questions(
    folder: Path,
    problems: Problems,
    topics: Mapping[str, Topic],
    known_sources: Collection[str] | None,
) -> dict[str, TopicQuestions]:
    """questions/<topic>.yaml for each topic that has one (the folder itself is optional)."""
    seen_ids: dict[str, str] = {}
    loaded: dict[str, TopicQuestions] = {}
    for path in sorted(folder.glob("*.yaml")):
        where = _where(problems, path)
        if not (folder.parent / "topics" / path.name).exists():
            if path.stem not in REQUIRED_TOPICS:  # a missing required one is reported already
                where.error(f"no topic {path.stem!r} in topics/ for these questions")
            continue
        document = read_yaml(path, where)
        if document is None:
            continue
        entry = parse_questions(document, where, topics.get(path.stem), known_sources, seen_ids)
        if entry is not None:
            loaded[entry.topic] = entry
    return loaded


def _warn_uncited(
    sources: Mapping[str, Source],
    topics: Mapping[str, Topic],
    questions: Mapping[str, TopicQuestions],
    where: Where,
) -> None:
    cited = {source_id for topic in topics.values() for source_id in topic.cited_source_ids()}
    cited.update(s for entry in questions.values() for q in entry.questions for s in q.source_ids)
    for source_id in sources:
        if source_id not in cited:
            where.child("sources").warn(f"source {source_id!r} is never cited")


def _warn_stale(sources: Mapping[str, Source], where: Where, today: date) -> None:
    for index, source in enumerate(sources.values()):
        if today - date.fromisoformat(source.reviewed) > REVIEW_EVERY:
            where.child("sources").item(index).warn(
                f"source {source.id!r} was last reviewed on {source.reviewed}, over 12 months "
                "ago: check the page and our wording again, then update `reviewed`"
            )


def _check_page_lengths(store: ContentStore, folder: Path, problems: Problems) -> None:
    for topic in store.topics.values():
        where = _where(problems, folder / f"{topic.id}.yaml")
        pages = {
            f"sections.{section_id}.text": render_section(store, topic.id, section_id)
            for section_id in topic.sections
        }
        pages.update(
            {f"tips.{tip_id}.text": render_tip(store, topic.id, tip_id) for tip_id in topic.tips}
        )
        pages["sources"] = render_sources(store, topic.id)
        for path, page in pages.items():
            if len(page) > MAX_MESSAGE_LENGTH:
                where.child(path).error(
                    f"rendered page is {len(page)} characters; Telegram allows {MAX_MESSAGE_LENGTH}"
                )
