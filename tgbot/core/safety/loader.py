"""Load content/phrases/*.yaml (one file per language).

Checked here: every group has sources and at least one phrase, no phrase is empty (or empty
once normalised), every source id is known; the English file must be there.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from pathlib import Path
from types import MappingProxyType

from tgbot.core.safety.matching import GAP, pattern_words
from tgbot.core.safety.models import CrisisLine, Kind, Pattern, PhraseGroup, PhraseSet, SafetyData
from tgbot.core.triage.errors import TriageContentError
from tgbot.core.triage.yamlnode import Node, read_yaml

DEFAULT_LANGUAGE = "en"
_TEXT_FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.EMERGENCY: (),
    Kind.CRISIS: ("line", "numbers"),
    Kind.OUT_OF_SCOPE: ("numbers",),
}


def load_safety(
    root: Path,
    known_source_ids: Set[str] | None = None,
    crisis_lines: Mapping[str, CrisisLine] | None = None,
) -> SafetyData:
    """Every language's phrases (a typed emergency is found in any of them, whatever the
    user's language), with the crisis lines of content/numbers. Raises TriageContentError
    naming the file and field of the first problem."""
    folder = root / "phrases"
    files = sorted(folder.glob("*.yaml"))
    if not any(f.stem == DEFAULT_LANGUAGE for f in files):
        raise TriageContentError(str(folder / f"{DEFAULT_LANGUAGE}.yaml"), "", "missing file")
    sets = {f.stem: _phrase_set(read_yaml(f), f.stem, known_source_ids) for f in files}
    lines = MappingProxyType(dict(crisis_lines or {}))
    return SafetyData(phrase_sets=MappingProxyType(sets), crisis_lines=lines)


def _sources(node: Node, known: Set[str] | None) -> tuple[str, ...]:
    ids = node.ident_list()
    for index, source_id in enumerate(ids):
        if known is not None and source_id not in known:
            node.child(index, source_id).fail(
                f"unknown source id '{source_id}' (not in content/sources.yaml)"
            )
    return ids


def _phrase_set(node: Node, language: str, known: Set[str] | None) -> PhraseSet:
    f = node.fields(["language", "crisis_line", "no_crisis_line", "groups"])
    if f["language"].ident() != language:
        f["language"].fail(f"must match the file name '{language}'")
    groups: list[PhraseGroup] = []
    for item in f["groups"].items():
        group = _group(item, known)
        if any(g.id == group.id for g in groups):
            item.child("id", group.id).fail(f"group id '{group.id}' is used twice")
        groups.append(group)
    kinds = {g.kind for g in groups}
    if not {Kind.EMERGENCY, Kind.CRISIS} <= kinds:
        f["groups"].fail("needs emergency and crisis groups")
    return PhraseSet(
        language=language,
        groups=tuple(groups),
        crisis_line=f["crisis_line"].template("name", "number"),
        no_crisis_line=f["no_crisis_line"].template("numbers"),
    )


def _group(node: Node, known: Set[str] | None) -> PhraseGroup:
    # Without sources a phrase group fails right here: "missing field".
    f = node.fields(["id", "kind", "sources", "text", "phrases"])
    kind_text = f["kind"].text()
    kind = next((k for k in Kind if k.value == kind_text), None)
    if kind is None:
        f["kind"].fail(f"unknown kind '{kind_text}' (use {', '.join(Kind)})")
    patterns: list[Pattern] = []
    for item in f["phrases"].items():
        phrase = item.text()  # fails on an empty entry
        words = pattern_words(phrase)
        if not [w for w in words if w != GAP]:
            item.fail("this phrase has no words left once punctuation is dropped")
        if words[0] == GAP or words[-1] == GAP:
            item.fail(f"'{GAP}' goes between words")
        patterns.append(Pattern(phrase, words))
    return PhraseGroup(
        id=f["id"].ident(),
        kind=kind,
        patterns=tuple(patterns),
        source_ids=_sources(f["sources"], known),
        text=f["text"].template(*_TEXT_FIELDS[kind]),
    )
