"""load_content: read and validate every content file, then build the store."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from tgbot.core.content.contract import REQUIRED_TOPICS
from tgbot.core.content.language_file import LanguageInfo, parse_language
from tgbot.core.content.locales import (
    ENGLISH,
    LANGUAGE_FILE,
    LOCALES_FOLDER,
    Locale,
    content_languages,
)
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
from tgbot.core.content.telegram_html import MAX_MESSAGE_LENGTH
from tgbot.core.content.topic_file import parse_topic
from tgbot.core.content.variants import variant_language_document
from tgbot.core.content.wording import Wording
from tgbot.core.content.yaml_reader import read_plain, read_yaml

# A source page can change under us: past this age `content check` asks for a fresh look.
REVIEW_EVERY = timedelta(days=365)


def load_content(root: Path, today: date | None = None, language: str = ENGLISH) -> ContentStore:
    """Load the content folder `root` (holding sources.yaml, messages.yaml, topics/*.yaml and
    optionally questions/*.yaml) in `language` (English, or its translation laid over the
    English files). Raises ContentError listing every problem found, each with its file and
    field. `today` (default: the real date) dates the review warnings."""
    problems = Problems()
    locale = Locale(root, language)
    sources_where = _where(problems, root / "sources.yaml")
    sources = _load_sources(root, problems)
    readable_sources = sources is not None
    sources = sources or {}
    messages_document = _read(root / "messages.yaml", problems, locale)
    messages_where = _where(problems, root / "messages.yaml", locale)
    messages = (
        {} if messages_document is None else parse_messages(messages_document, messages_where)
    )
    language_info = _load_language(locale, problems)
    wording = None if language_info is None else language_info.wording
    # Without a readable sources.yaml every citation would look unknown: skip that check.
    known = sources if readable_sources else None
    topics = _load_topics(root / "topics", problems, known, locale)
    _check_shared_synonyms(topics, root / "topics", problems, locale)
    questions = _load_questions(root / "questions", problems, topics, known, locale, wording)
    problems.raise_if_any()
    assert wording is not None
    assert language_info is not None
    if locale.is_english:  # sources are shared: warn about them once
        _warn_uncited(sources, topics, questions, _cited_outside_topics(root), sources_where)
        _warn_stale(sources, sources_where, today or date.today())
    store = ContentStore(
        topics,
        sources,
        messages,
        tuple(problems.warnings),
        questions,
        wording,
        language_info.date_locale,
    )
    _check_page_lengths(store, root / "topics", problems, locale)
    problems.raise_if_any()
    return store


def _where(problems: Problems, path: Path, locale: Locale | None = None) -> Where:
    """The place to name in a problem: the translation's file when it is about its texts."""
    shown = path if locale is None or locale.is_english else locale.translation_of(path)
    return Where(problems, display_path(shown))


def _read(path: Path, problems: Problems, locale: Locale) -> object | None:
    """An English file's document in the locale's language."""
    document = read_yaml(path, _where(problems, path))
    return None if document is None else locale.translate(path, document)


def load_sources(root: Path) -> dict[str, Source]:
    """Every source of every language (the registry the safety net's files cite)."""
    problems = Problems()
    sources = _load_sources(root, problems)
    problems.raise_if_any()
    return sources or {}


def _load_sources(root: Path, problems: Problems) -> dict[str, Source] | None:
    """content/sources.yaml and each language's own sources.yaml: one registry for all."""
    where = _where(problems, root / "sources.yaml")
    document = read_yaml(root / "sources.yaml", where)
    if document is None:
        return None
    sources = parse_sources(document, where)
    for code in content_languages(root)[1:]:
        path = root / LOCALES_FOLDER / code / "sources.yaml"
        if not path.is_file():
            continue
        extra_where = _where(problems, path)
        extra = read_yaml(path, extra_where)
        for source_id, source in (parse_sources(extra, extra_where) if extra else {}).items():
            if source_id in sources:
                extra_where.child("sources").error(f"source id {source_id!r} is used twice")
            sources[source_id] = source
    return sources


def _load_language(locale: Locale, problems: Problems) -> LanguageInfo | None:
    path = locale.folder / LANGUAGE_FILE
    where = _where(problems, path)
    document = read_yaml(path, where)
    if document is not None and locale.is_variant:
        document = variant_language_document(locale, document, where)
    return None if document is None else parse_language(document, where, locale.language)


def _load_topics(
    folder: Path, problems: Problems, known_sources: Collection[str] | None, locale: Locale
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
        where = _where(problems, files[topic_id], locale)
        document = _read(files[topic_id], problems, locale)
        topic = (
            parse_topic(document, where, topic_id, known_sources) if document is not None else None
        )
        if topic is not None:
            topics[topic_id] = topic
    return topics


def _check_shared_synonyms(
    topics: Mapping[str, Topic], folder: Path, problems: Problems, locale: Locale
) -> None:
    """A phrase naming two topics could never route; make the author pick one."""
    owner: dict[str, str] = {}
    for topic in topics.values():
        for index, synonym in enumerate(topic.synonyms):
            phrase = normalize_phrase(synonym)
            if owner.setdefault(phrase, topic.id) != topic.id:
                where = _where(problems, folder / f"{topic.id}.yaml", locale).child("synonyms")
                where.item(index).error(f"{synonym!r} is also a synonym of {owner[phrase]!r}")


def _load_questions(
    folder: Path,
    problems: Problems,
    topics: Mapping[str, Topic],
    known_sources: Collection[str] | None,
    locale: Locale,
    wording: Wording | None,
) -> dict[str, TopicQuestions]:
    """questions/<topic>.yaml for each topic that has one (the folder itself is optional)."""
    seen_ids: dict[str, str] = {}
    loaded: dict[str, TopicQuestions] = {}
    for path in sorted(folder.glob("*.yaml")):
        where = _where(problems, path, locale)
        if not (folder.parent / "topics" / path.name).exists():
            if path.stem not in REQUIRED_TOPICS:  # a missing required one is reported already
                where.error(f"no topic {path.stem!r} in topics/ for these questions")
            continue
        document = _read(path, problems, locale)
        if document is None or wording is None:
            continue
        entry = parse_questions(
            document, where, topics.get(path.stem), known_sources, seen_ids, wording
        )
        if entry is not None:
            loaded[entry.topic] = entry
    return loaded


# Folders and files beside topics/ whose YAML cites sources too (checked by their own loaders).
_CITING_FOLDERS = ("flows", "phrases", "numbers", "safety")
_CITING_FILES: tuple[str, ...] = ()


def _cited_outside_topics(root: Path) -> set[str]:
    """Source ids named under any `sources:` key in the flows, phrase lists, crisis lines and
    the safety net's files. Read once per state of the files: every language's load asks."""
    paths = [p for folder in _CITING_FOLDERS for p in sorted((root / folder).glob("*.yaml"))]
    paths += [root / name for name in _CITING_FILES if (root / name).is_file()]
    paths += sorted((root / LOCALES_FOLDER).rglob("*.yaml"))  # a language may cite its own
    state = tuple((str(p), p.stat().st_mtime_ns) for p in paths if p.is_file())
    return set(_cited_in(state))


@lru_cache(maxsize=4)
def _cited_in(state: tuple[tuple[str, int], ...]) -> frozenset[str]:
    cited: set[str] = set()

    def collect(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "sources" and isinstance(item, list):
                    cited.update(str(s) for s in item)
                else:
                    collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for name, _ in state:
        # None when unreadable: the loader of that file reports it.
        collect(read_plain(Path(name)))
    return frozenset(cited)


def _warn_uncited(
    sources: Mapping[str, Source],
    topics: Mapping[str, Topic],
    questions: Mapping[str, TopicQuestions],
    cited_elsewhere: set[str],
    where: Where,
) -> None:
    cited = {source_id for topic in topics.values() for source_id in topic.cited_source_ids()}
    cited.update(s for entry in questions.values() for q in entry.questions for s in q.source_ids)
    cited |= cited_elsewhere
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


def _check_page_lengths(
    store: ContentStore, folder: Path, problems: Problems, locale: Locale
) -> None:
    for topic in store.topics.values():
        where = _where(problems, folder / f"{topic.id}.yaml", locale)
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
