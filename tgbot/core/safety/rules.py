"""The safety net's rules, the same in every language: content/safety/rules.yaml.

A rule names concepts (each language lists its words for them, content/safety/<code>.yaml)
that must all be found within a few words of each other; it then gives an answer:

- ``emergency``: the emergency answer, with the reason of its ``group`` (phrases/<code>.yaml);
- ``crisis``: the crisis answer; nothing silences it;
- ``ask``: the one question of its ``group`` (an ask of this file), the emergency first.

An emergency or ask rule does not count a concept found in a negation's reach ("no chest
pain") or inside a listed idiom ("stroke of luck"), and is silenced by a concept of its
``unless`` in the same sentence ("can twitching be a sign of a stroke?"), or with
``unless_in: clause`` only in the same clause (which also ends at a word that turns to now):
"he is having a stroke, he had one years ago" is an emergency, its history in a clause of its
own.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from tgbot.core.content.yaml_reader import Node, read_node

RULES_FILE = "rules.yaml"
DEFAULT_WITHIN = 10
# Concepts the net itself reads, besides those of the rules.
NEGATION = "negation"
"""Words that deny what follows ("no", "kein", "sin"), up to the end of the clause."""
CONTRAST = "contrast"
"""Words that end a negation's reach ("but", "just", "aber", "solo")."""
SOMEONE = "someone"
"""Another person ("my son", "he"): a crisis about someone else gets the answer for them."""
MYSELF = "myself"
"""The writer as the object of their own act ("cut myself")."""
NOW_TURN = "now_turn"
"""Words that turn from the past to now ("and now", "ahora", "jetzt"): for ``unless_in:
clause``, a clause ends there, so a time long ago before them does not silence what follows."""
SELF_DESCRIBED = "self_described"
"""Words by which the writer says who they are ("I'm a", "as a", "soy", "ich bin"): a
``someone`` word just after them is the writer ("I'm a teenager and I want to die")."""
RESERVED = (NEGATION, CONTRAST, SOMEONE, MYSELF, NOW_TURN, SELF_DESCRIBED)


class Answer(StrEnum):
    EMERGENCY = "emergency"
    CRISIS = "crisis"
    ASK = "ask"


@dataclass(frozen=True)
class Rule:
    id: str
    answer: Answer
    group: str
    needs: tuple[frozenset[str], ...]
    """Each item: the concepts of which one must be found."""
    within: int
    """All items found within this many words (counted from the first to the last)."""
    unless: frozenset[str]
    source_ids: tuple[str, ...]
    unless_in_clause: bool = False
    """``unless`` silences only the words of its own clause, not the whole sentence."""


@dataclass(frozen=True)
class Ask:
    """A question for a message that may or may not be an emergency ("he collapsed")."""

    id: str
    group: str
    """The emergency group answered on "yes"."""
    topic: str | None
    """The topic page shown on "no" (None: the usual answer to the message)."""
    source_ids: tuple[str, ...]


@dataclass(frozen=True)
class RuleBook:
    concepts: Mapping[str, str]
    """Concept id -> what its words mean."""
    rules: tuple[Rule, ...]
    asks: Mapping[str, Ask]
    source_ids: tuple[str, ...]


def load_rules(safety_dir: Path, known_source_ids: Set[str] | None) -> RuleBook:
    """Raises ContentError naming the file and field of the first problem."""
    root = read_node(safety_dir / RULES_FILE)
    f = root.fields(["sources", "concepts", "rules", "asks"])
    sources = _sources(f["sources"], known_source_ids)
    concepts = {cid: node.text() for cid, node in f["concepts"].entries()}
    for reserved in RESERVED:
        if reserved not in concepts:
            f["concepts"].child(reserved, None).fail("missing: the net reads this concept")
    asks = {}
    for item in f["asks"].items():
        g = item.fields(["id", "group", "sources"], ["topic"])
        ask = Ask(
            g["id"].ident(),
            g["group"].ident(),
            g["topic"].ident() if "topic" in g else None,
            _sources(g["sources"], known_source_ids),
        )
        asks[ask.id] = ask
    rules: list[Rule] = []
    for item in f["rules"].items():
        rule = _rule(item, concepts, asks, known_source_ids)
        if any(r.id == rule.id for r in rules):
            item.child("id", rule.id).fail(f"rule id '{rule.id}' is used twice")
        rules.append(rule)
    return RuleBook(MappingProxyType(concepts), tuple(rules), MappingProxyType(asks), sources)


def _rule(
    node: Node, concepts: Mapping[str, str], asks: Mapping[str, Ask], known: Set[str] | None
) -> Rule:
    f = node.fields(
        ["id", "answer", "group", "needs", "sources"], ["within", "unless", "unless_in"]
    )
    answer_text = f["answer"].text()
    answer = next((a for a in Answer if a.value == answer_text), None)
    if answer is None:
        f["answer"].fail(f"unknown answer '{answer_text}' (use {', '.join(Answer)})")
    group = f["group"].ident()
    if answer is Answer.ASK and group not in asks:
        f["group"].fail(f"'{group}' is not one of the asks of this file")
    needs = tuple(_item(item, concepts) for item in f["needs"].items())
    unless = (
        frozenset(_concept(item, concepts) for item in f["unless"].items())
        if "unless" in f
        else frozenset()
    )
    if unless and answer is Answer.CRISIS:
        f["unless"].fail("nothing may silence a crisis rule")
    within = DEFAULT_WITHIN
    if "within" in f:
        value = f["within"].value
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            f["within"].fail("a number of words, 1 or more")
        within = value
    in_clause = False
    if "unless_in" in f:
        reach = f["unless_in"].text()
        if reach not in ("sentence", "clause") or not unless:
            f["unless_in"].fail("sentence or clause, with an unless")
        in_clause = reach == "clause"
    return Rule(
        f["id"].ident(),
        answer,
        group,
        needs,
        within,
        unless,
        _sources(f["sources"], known),
        in_clause,
    )


def _item(node: Node, concepts: Mapping[str, str]) -> frozenset[str]:
    if isinstance(node.value, list):
        return frozenset(_concept(child, concepts) for child in node.items())
    return frozenset({_concept(node, concepts)})


def _concept(node: Node, concepts: Mapping[str, str]) -> str:
    concept = node.ident()
    if concept not in concepts:
        node.fail(f"'{concept}' is not a concept of this file")
    return concept


def _sources(node: Node, known: Set[str] | None) -> tuple[str, ...]:
    ids = node.ident_list()
    for index, source_id in enumerate(ids):
        if known is not None and source_id not in known:
            node.child(index, source_id).fail(f"unknown source id '{source_id}'")
    return ids
