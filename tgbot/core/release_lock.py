"""The released content, kept as a snapshot (content/release.lock) so that what changed since a
release can be listed offline: every text, level and source of the bot, flat, one key each.

``bot.py content release`` refuses a change of content without a raised version; the report
lists the changes. Pure: dictionaries and JSON text.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from tgbot.core.content import ContentStore
from tgbot.core.faq_files import FaqFile
from tgbot.core.knowledge import Knowledge
from tgbot.core.release import Release, version_key
from tgbot.core.triage import Flow
from tgbot.core.triage.diagram import describe_condition

LOCK_FILE = "release.lock"
SEP = " · "


def content_texts(
    knowledge: Knowledge,
    faq: Iterable[FaqFile] = (),
    rules: Mapping[str, object] | None = None,
) -> dict[str, str]:
    """Every user-facing text, level and citation, by a stable readable key; ``rules`` are
    other content files, by name, flattened as they are (tgbot.core.faq_files)."""
    texts: dict[str, str] = {}
    _content_store_texts(knowledge.content, texts)
    for flow in knowledge.triage.flows.values():
        _flow_texts(flow, texts)
    _flatten("triage texts", knowledge.triage.texts, texts)
    for faq_file in faq:
        for entry in faq_file.entries:
            at = f"question {faq_file.name}/{entry.id}"
            texts.update({f"{at}{SEP}{name}": text for name, text in entry.fields})
            if entry.source_ids:
                texts[f"{at}{SEP}sources"] = ", ".join(entry.source_ids)
    for name, document in (rules or {}).items():
        _flatten(f"file {name}", document, texts)
    return texts


def _content_store_texts(content: ContentStore, texts: dict[str, str]) -> None:
    """Topics (their sections and tips), sources and messages."""
    for topic in content.topics.values():
        at = f"topic {topic.id}"
        texts[f"{at}{SEP}title"] = topic.title
        texts[f"{at}{SEP}overview"] = topic.overview_html
        texts[f"{at}{SEP}synonyms"] = ", ".join(topic.synonyms)
        for section in topic.sections.values():
            texts[f"{at}{SEP}section {section.id}{SEP}title"] = section.title
            texts[f"{at}{SEP}section {section.id}{SEP}text"] = section.html
            texts[f"{at}{SEP}section {section.id}{SEP}sources"] = ", ".join(section.source_ids)
        for tip in topic.tips.values():
            texts[f"{at}{SEP}tip {tip.id}{SEP}text"] = tip.html
            texts[f"{at}{SEP}tip {tip.id}{SEP}sources"] = ", ".join(tip.source_ids)
    for source in content.sources.values():
        texts[f"source {source.id}"] = (
            f"{source.publisher}: {source.title} <{source.url}> reviewed {source.reviewed}"
        )
    for key, message in content.messages.items():
        texts[f"message {key}"] = message


def _flow_texts(flow: Flow, texts: dict[str, str]) -> None:
    """A flow's questions, options and outcomes, each with its level and citations."""
    at = f"flow {flow.id}"
    texts[f"{at}{SEP}title"] = flow.title
    texts[f"{at}{SEP}intro"] = flow.intro
    for index, point in enumerate(flow.tell_doctor, 1):
        texts[f"{at}{SEP}tell_doctor {index}"] = point
    for question in flow.questions:
        q_at = f"{at}{SEP}question {question.id}"
        texts[f"{q_at}{SEP}text"] = question.text
        texts[f"{q_at}{SEP}kind"] = question.kind
        if question.ask_when is not None:
            texts[f"{q_at}{SEP}ask_when"] = describe_condition(question.ask_when, flow)
        for option in question.options:
            o_at = f"{q_at}{SEP}option {option.id}"
            texts[f"{o_at}{SEP}label"] = option.label
            for name in ("level", "reason", "tip", "tell_doctor"):
                value = getattr(option, name)
                if value is not None:
                    texts[f"{o_at}{SEP}{name}"] = str(value)
            if option.source_ids:
                texts[f"{o_at}{SEP}sources"] = ", ".join(option.source_ids)
    for level, outcome in flow.outcomes.items():
        out_at = f"{at}{SEP}outcome {level.value}"
        texts[f"{out_at}{SEP}text"] = outcome.text
        texts[f"{out_at}{SEP}sources"] = ", ".join(outcome.source_ids)
        for index, sign in enumerate(outcome.see_doctor_if, 1):
            texts[f"{out_at}{SEP}see_doctor_if {index}"] = sign
        if outcome.reassess is not None:
            texts[f"{out_at}{SEP}reassess"] = outcome.reassess


def _flatten(prefix: str, value: object, into: dict[str, str]) -> None:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            _flatten(f"{prefix}{SEP}{item.name}", getattr(value, item.name), into)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _flatten(f"{prefix}{SEP}{key}", item, into)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value, 1):
            _flatten(f"{prefix}{SEP}{index}", item, into)
    else:
        into[prefix] = str(value)


def digest(texts: Mapping[str, str]) -> str:
    canonical = json.dumps(dict(sorted(texts.items())), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class Changes:
    added: dict[str, str]
    removed: dict[str, str]
    changed: dict[str, tuple[str, str]]
    """Key -> (before, after)."""

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed"

    def to_json(self) -> dict[str, object]:
        return {
            "added": self.added,
            "removed": self.removed,
            "changed": {key: list(pair) for key, pair in self.changed.items()},
        }

    @staticmethod
    def from_json(data: Mapping[str, object]) -> Changes:
        def texts(name: str) -> dict[str, str]:
            raw = data.get(name) or {}
            assert isinstance(raw, dict), f"release.lock: {name} must be a mapping"
            return {str(key): str(value) for key, value in raw.items()}

        changed = data.get("changed") or {}
        assert isinstance(changed, dict), "release.lock: changed must be a mapping"
        return Changes(
            texts("added"),
            texts("removed"),
            {str(key): (str(pair[0]), str(pair[1])) for key, pair in changed.items()},
        )


def compare(before: Mapping[str, str], after: Mapping[str, str]) -> Changes:
    return Changes(
        added={key: after[key] for key in after if key not in before},
        removed={key: before[key] for key in before if key not in after},
        changed={
            key: (before[key], after[key])
            for key in after
            if key in before and before[key] != after[key]
        },
    )


@dataclass(frozen=True)
class Lock:
    """The last release: its version and texts, and what it changed from the one before."""

    version: str
    date: str
    texts: dict[str, str]
    previous_version: str | None
    changes: Changes

    @property
    def digest(self) -> str:
        return digest(self.texts)


class LockError(Exception):
    """release.lock cannot be read: one line for the clinician."""


def read_lock(content_root: Path) -> Lock | None:
    path = content_root / LOCK_FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Lock(
            version=str(data["version"]),
            date=str(data["date"]),
            texts={str(key): str(value) for key, value in data["texts"].items()},
            previous_version=data.get("previous_version"),
            changes=Changes.from_json(data.get("changes") or {}),
        )
    except (ValueError, KeyError, TypeError, AttributeError, AssertionError) as error:
        raise LockError(f"{path.name} is not a release snapshot ({error}); restore it") from None


def lock_json(lock: Lock) -> str:
    data = {
        "version": lock.version,
        "date": lock.date,
        "digest": lock.digest,
        "previous_version": lock.previous_version,
        "changes": lock.changes.to_json(),
        "texts": dict(sorted(lock.texts.items())),
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@dataclass(frozen=True)
class ReleaseStep:
    """What ``bot.py content release`` decided: ``lock`` is the snapshot to write, if any."""

    ok: bool
    message: str
    lock: Lock | None


def plan_release(release: Release, texts: dict[str, str], old: Lock | None) -> ReleaseStep:
    if old is None:
        # The first release changes nothing: it is where the lists of changes start.
        lock = Lock(release.version, release.date, texts, None, compare({}, {}))
        return ReleaseStep(
            True, f"release {release.version}: first snapshot, {len(texts)} texts", lock
        )
    changes = compare(old.texts, texts)
    raised = version_key(release.version) > version_key(old.version)
    if changes.empty and not raised:
        message = f"release {old.version}: content unchanged, nothing to release"
        return ReleaseStep(True, message, None)
    if not raised:
        return ReleaseStep(
            False,
            f"content changed since release {old.version} ({changes.summary()}), but "
            f"release.yaml still says version {release.version}: raise the version and "
            "update date, reviewed_by and notes, then run this again",
            None,
        )
    lock = Lock(release.version, release.date, texts, old.version, changes)
    message = f"release {release.version} (from {old.version}): {changes.summary()}"
    return ReleaseStep(True, message, lock)
