"""Frequent questions in content/questions/*.yaml, read generically for the clinician's report
and the release snapshot: every text field of every entry, whatever the file's exact schema
(the bot's own loader validates it; here nothing may be left out of the review)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tgbot.core.content.problems import Problems, Where
from tgbot.core.content.yaml_reader import read_yaml

QUESTIONS_FOLDER = "questions"


@dataclass(frozen=True)
class FaqEntry:
    id: str
    fields: tuple[tuple[str, str], ...]
    """(field path, text) in file order; list items are numbered, e.g. ``answer.2``."""
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class FaqFile:
    name: str  # the file's stem, e.g. "twitch"
    entries: tuple[FaqEntry, ...]


def read_faq_files(content_root: Path) -> tuple[FaqFile, ...]:
    """Every readable questions file, by name; none when the folder does not exist."""
    folder = content_root / QUESTIONS_FOLDER
    files: list[FaqFile] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        document = read_yaml(path, Where(Problems(), path.name))
        if document is not None:
            files.append(FaqFile(path.stem, _entries(document)))
    return tuple(files)


def read_rule_files(content_root: Path) -> dict[str, object]:
    """Content that is neither text nor flow but decides what is shown (content/results.yaml,
    the `details` of questions files): kept whole, so the release snapshot sees its changes."""
    documents: dict[str, object] = {}
    paths = [
        content_root / "results.yaml",
        *sorted((content_root / QUESTIONS_FOLDER).glob("*.yaml")),
    ]
    for path in paths:
        if not path.is_file():
            continue
        document = read_yaml(path, Where(Problems(), path.name))
        if isinstance(document, dict) and path.parent.name == QUESTIONS_FOLDER:
            document = {key: value for key, value in document.items() if key != "questions"}
        if document:
            documents[str(path.relative_to(content_root))] = document
    return documents


def _entries(document: object) -> tuple[FaqEntry, ...]:
    if isinstance(document, dict):
        lists = [value for value in document.values() if isinstance(value, list)]
        if isinstance(document.get("questions"), list):
            items: list[object] = document["questions"]
        else:
            items = lists[0] if len(lists) == 1 else [document]
    elif isinstance(document, list):
        items = document
    else:
        items = []
    return tuple(_entry(item, index) for index, item in enumerate(items))


def _entry(item: object, index: int) -> FaqEntry:
    texts: list[tuple[str, str]] = []
    sources: list[str] = []
    if isinstance(item, dict):
        for key, value in item.items():
            if key == "sources" and isinstance(value, list):
                sources.extend(str(source) for source in value)
            elif key != "id":
                _flatten(str(key), value, texts)
        entry_id = str(item.get("id", index + 1))
    else:
        _flatten("text", item, texts)
        entry_id = str(index + 1)
    return FaqEntry(entry_id, tuple(texts), tuple(sources))


def _flatten(path: str, value: object, into: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "sources":
                continue
            _flatten(f"{path}.{key}", item, into)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flatten(f"{path}.{index + 1}", item, into)
    elif value is not None:
        into.append((path, str(value)))
