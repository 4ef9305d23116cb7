"""Load the typed-message safety data: the answers of content/phrases/*.yaml (one file per
language) and the safety net of content/safety/ (its rules and every language's words).

Checked here: every group has sources, out-of-scope groups their phrases (none empty, or empty
once normalised), every source id is known; the English files must be there.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from tgbot.core.content.problems import ContentError
from tgbot.core.content.variant_phrases import VARIANT_PHRASES, base_phrases_path, overlay_phrases
from tgbot.core.content.yaml_reader import Node, read_node, read_plain
from tgbot.core.local_services import PLACEHOLDERS as LOCAL_SERVICES
from tgbot.core.safety.forms import forms_file, read_forms, words_hash
from tgbot.core.safety.lexicon import Lexicon, load_lexicon
from tgbot.core.safety.matching import GAP, pattern_words
from tgbot.core.safety.models import (
    AskTexts,
    CrisisLine,
    Kind,
    Pattern,
    PhraseGroup,
    PhraseSet,
    SafetyData,
)
from tgbot.core.safety.net import SafetyNet
from tgbot.core.safety.rules import RULES_FILE, Answer, load_rules

DEFAULT_LANGUAGE = "en"
_TEXT_FIELDS: dict[Kind, tuple[str, ...]] = {
    Kind.EMERGENCY: (),
    Kind.CRISIS: ("lines", "numbers"),
    Kind.OUT_OF_SCOPE: ("numbers",),
}


def load_safety(
    root: Path,
    known_source_ids: Set[str] | None = None,
    crisis_lines: Mapping[str, CrisisLine] | None = None,
) -> SafetyData:
    """Every language's phrases (a typed emergency is found in any of them, whatever the
    user's language), with the crisis lines of content/numbers. Raises ContentError
    naming the file and field of the first problem."""
    folder = root / "phrases"
    files = sorted(folder.glob("*.yaml"))
    if not any(f.stem == DEFAULT_LANGUAGE for f in files):
        raise ContentError.at(str(folder / f"{DEFAULT_LANGUAGE}.yaml"), "", "missing file")
    sets = {f.stem: _phrase_set(read_node(f), f.stem, known_source_ids) for f in files}
    lines = MappingProxyType(dict(crisis_lines or {}))
    net = load_net(root, known_source_ids)
    _check_groups(net, sets)
    return SafetyData(
        phrase_sets=MappingProxyType(sets),
        crisis_lines=lines,
        net=net.net,
        stale_forms=net.stale_forms,
        variant_sets=MappingProxyType(_variant_sets(root, sets, known_source_ids)),
    )


def _variant_sets(
    root: Path, sets: Mapping[str, PhraseSet], known: Set[str] | None
) -> dict[str, PhraseSet]:
    """The regional variants that answer typed messages in words of their own (es-419: usted),
    each its base language's phrase set with its texts laid over (content/variant_phrases.py)."""
    found: dict[str, PhraseSet] = {}
    for path in sorted((root / "locales").glob(f"*-*/{VARIANT_PHRASES}")):
        variant, base_file = path.parent.name, base_phrases_path(root, path.parent.name)
        if base_file.stem not in sets:
            raise ContentError.at(str(path), "", f"no {base_file.name} to lay it over")
        result = overlay_phrases(read_plain(base_file), read_plain(path))
        if result.problems:
            raise ContentError.at(str(path), "", result.problems[0])
        found[variant] = _phrase_set(Node(result.document, str(path), ""), base_file.stem, known)
    return found


def _check_groups(net: NetFiles, sets: Mapping[str, PhraseSet]) -> None:
    """Every group and ask a rule names has its texts in every language."""
    rules = net.net.rules
    for language, phrase_set in sets.items():
        file = f"phrases/{language}.yaml"
        kinds = {g.id: g.kind for g in phrase_set.groups}
        for rule in rules.rules:
            wanted = {Answer.EMERGENCY: Kind.EMERGENCY, Answer.CRISIS: Kind.CRISIS}.get(rule.answer)
            if wanted is not None and kinds.get(rule.group) is not wanted:
                raise ContentError.at(
                    file, "groups", f"no {wanted.value} group '{rule.group}' (rule '{rule.id}')"
                )
        for ask in rules.asks.values():
            if ask.id not in phrase_set.asks:
                raise ContentError.at(file, f"asks.{ask.id}", "missing: the question to ask")
            if kinds.get(ask.group) is not Kind.EMERGENCY:
                raise ContentError.at(
                    "safety/rules.yaml", f"asks.{ask.id}", f"no emergency group '{ask.group}'"
                )
        for ask_id in phrase_set.asks:
            if ask_id not in rules.asks:
                raise ContentError.at(file, f"asks.{ask_id}", "not an ask of safety/rules.yaml")


def _sources(node: Node, known: Set[str] | None) -> tuple[str, ...]:
    ids = node.ident_list()
    for index, source_id in enumerate(ids):
        if known is not None and source_id not in known:
            node.child(index, source_id).fail(
                f"unknown source id '{source_id}' (not in content/sources.yaml)"
            )
    return ids


def _phrase_set(node: Node, language: str, known: Set[str] | None) -> PhraseSet:
    f = node.fields(
        [
            "language",
            "crisis_line",
            "crisis_line_abroad",
            "talk_to_line",
            "talk_to_lines",
            "no_national_line",
            "crisis_countries",
            "safety_line",
            "asks",
            "groups",
        ],
        ["line_names"],
    )
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
    names = (
        {region: node.plain() for region, node in f["line_names"].entries()}
        if "line_names" in f
        else {}
    )
    asks = {ask_id: _ask(node) for ask_id, node in f["asks"].entries()}
    return PhraseSet(
        language=language,
        groups=tuple(groups),
        crisis_line=f["crisis_line"].template("name", "number"),
        crisis_line_abroad=f["crisis_line_abroad"].template("country", "name", "number"),
        talk_to_line=f["talk_to_line"].template("line"),
        talk_to_lines=f["talk_to_lines"].html(),
        no_national_line=f["no_national_line"].template("country", "numbers"),
        crisis_countries=f["crisis_countries"].ident_list(),
        line_names=MappingProxyType(names),
        safety_line=f["safety_line"].template("numbers"),
        asks=MappingProxyType(asks),
    )


def _ask(node: Node) -> AskTexts:
    f = node.fields(["question", "yes", "no"])
    return AskTexts(f["question"].template("numbers"), f["yes"].plain(), f["no"].plain())


def _group(node: Node, known: Set[str] | None) -> PhraseGroup:
    # Without sources a phrase group fails right here: "missing field".
    f = node.fields(["id", "kind", "sources", "text"], ["phrases", "about_someone"])
    kind_text = f["kind"].text()
    kind = next((k for k in Kind if k.value == kind_text), None)
    if kind is None:
        f["kind"].fail(f"unknown kind '{kind_text}' (use {', '.join(Kind)})")
    if (kind is Kind.OUT_OF_SCOPE) != ("phrases" in f):
        where = f["phrases"] if "phrases" in f else node.child("phrases", None)
        where.fail(
            "an out-of-scope group lists the phrases that find it; emergencies and crises"
            " are found by the safety net (content/safety/)"
            if kind is not Kind.OUT_OF_SCOPE
            else "missing field"
        )
    if (kind is Kind.CRISIS) != ("about_someone" in f):
        where = f.get("about_someone") or node.child("about_someone", None)
        where.fail("a crisis group, and only it, has the answer about someone else")
    patterns: list[Pattern] = []
    for item in f["phrases"].items() if "phrases" in f else []:
        phrase = item.text()  # fails on an empty entry
        words = pattern_words(phrase)
        if not [w for w in words if w != GAP]:
            item.fail("this phrase has no words left once punctuation is dropped")
        if words[0] == GAP or words[-1] == GAP:
            item.fail(f"'{GAP}' goes between words")
        patterns.append(Pattern(phrase, words))
    fields = _TEXT_FIELDS[kind]
    # An out-of-scope answer may name the user's country's services (tgbot/core/local_services).
    optional = LOCAL_SERVICES if kind is Kind.OUT_OF_SCOPE else ()
    return PhraseGroup(
        id=f["id"].ident(),
        kind=kind,
        patterns=tuple(patterns),
        source_ids=_sources(f["sources"], known),
        text=f["text"].template(*fields, optional=optional),
        about_someone=f["about_someone"].template(*fields) if "about_someone" in f else None,
    )


SAFETY_FOLDER = "safety"


@dataclass(frozen=True)
class NetFiles:
    """The safety net and what ``content check`` reports about its files."""

    net: SafetyNet
    stale_forms: tuple[str, ...]
    """Languages whose forms file was made for other word lists (run ``bot.py safety forms``)."""
    lexicons: tuple[Lexicon, ...]


def load_net(root: Path, known_source_ids: Set[str] | None = None) -> NetFiles:
    """content/safety: the rules and every language's word lists, compiled into one net."""
    folder = root / SAFETY_FOLDER
    rules = load_rules(folder, known_source_ids)
    files = sorted(folder.glob("*.yaml"))
    lexicons: list[Lexicon] = []
    stale: list[str] = []
    for file in files:
        if file.name == RULES_FILE:
            continue
        forms, made_for = read_forms(forms_file(folder, file.stem))
        lexicon = load_lexicon(file, rules.concepts.keys(), known_source_ids, forms)
        if made_for != words_hash(lexicon.words):
            stale.append(lexicon.language)
        lexicons.append(lexicon)
    if not any(lexicon.language == DEFAULT_LANGUAGE for lexicon in lexicons):
        raise ContentError.at(str(folder / f"{DEFAULT_LANGUAGE}.yaml"), "", "missing file")
    return NetFiles(SafetyNet(rules, lexicons), tuple(stale), tuple(lexicons))
