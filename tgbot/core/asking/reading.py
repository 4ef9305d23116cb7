"""content/asking/: what a typed question asks, beyond its topic. rules.yaml names the concepts
and what each changes; <language>.yaml lists a language's words for them, in the safety net's
format (a word in any of its forms, word*, -ending, =exact, "a ... b"), read by the safety net's
own matcher so both read a message alike."""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path

from tgbot.core.content.problems import ContentError
from tgbot.core.content.wording import Wording
from tgbot.core.content.yaml_reader import Node, read_node
from tgbot.core.safety.forms import forms_file, read_forms
from tgbot.core.safety.lexicon import Lexicon, load_lexicon
from tgbot.core.safety.matcher import Found, Matcher
from tgbot.core.safety.text import Word, read_words

_SENTENCE_ENDS = re.compile(r"[.!?\n]+")
ASKING_FOLDER = "asking"
RULES_FILE = "rules.yaml"
SAFETY_FOLDER = "safety"
WORRY = "worry"
LONG_STANDING = "long_standing"
RULED_OUT = "ruled_out"
CONDITION = "condition"
READ_BY_CODE = (WORRY, LONG_STANDING, RULED_OUT, CONDITION)
ANY_TOPIC = "any"
"""In by_concept: the question answers whatever topic the message names, or none."""
"""Concepts the routing reads itself; the others only choose a section."""


@dataclass(frozen=True)
class AskingRules:
    concepts: Mapping[str, str]
    """Concept id -> what it means (for the people who list its words)."""
    sections: tuple[tuple[str, str], ...]
    """(concept, section id), first found first: the section a clear topic opens when no
    frequent question fits."""
    prefer: Mapping[str, tuple[str, ...]]
    """Concept -> frequent questions about it, preferred when it is said (a long-standing
    complaint: the questions about twitches that last)."""
    by_concept: tuple[tuple[str, str, str], ...]
    """(concept, topic or ANY_TOPIC, question): when no phrasing of a question is in the
    message, a concept said answers ("my feet cramp every training session": exercise)."""
    only_when: Mapping[str, tuple[str, ...]]
    """Question -> concepts of which one must be said for it to answer ("night cramps" alone
    is a topic; "how do I prevent night cramps" asks the question)."""
    any_topic: frozenset[str]
    """Questions that answer whatever topic the message names (worry, feared conditions)."""
    not_long_standing: frozenset[str]
    """Questions about something happening now: never the answer to a long-standing one."""
    worry_question: str
    """The kind answer to worry and to a message of emoji only."""
    long_days: int
    """A time said at least this long ("for 2 months") is a long-standing complaint."""


@dataclass(frozen=True)
class Heard:
    concepts: frozenset[str]
    text: str
    """The message's words without those of a cause the writer rules out."""
    sentences: tuple[str, ...]
    """The same, sentence by sentence: those that end in a question mark first."""
    long_standing: bool


@dataclass(frozen=True)
class Asking:
    language: str
    rules: AskingRules
    lexicon: Lexicon
    _matcher: Matcher

    def hear(self, text: str, wording: Wording) -> Heard:
        words = read_words(text)
        found = self._matcher.find(words)
        concepts = frozenset(f.concept for f in found)
        dropped = _spanned(found, RULED_OUT)
        kept = [word for index, word in enumerate(words) if index not in dropped]
        days = wording.days_said(text)
        long_standing = LONG_STANDING in concepts or (
            days is not None and days >= self.rules.long_days
        )
        return Heard(concepts, _joined(kept), _sentences(kept, _asked(text)), long_standing)

    def without_conditions(self, text: str) -> str:
        """The message without the names of conditions ("Parkinson", "ALS"): names say
        nothing about the language they are written in."""
        words = read_words(text)
        dropped = _spanned(self._matcher.find(words), CONDITION)
        return _joined([word for index, word in enumerate(words) if index not in dropped])


def _spanned(found: list[Found], concept: str) -> set[int]:
    return {at for f in found if f.concept == concept for at in range(f.start, f.end + 1)}


def _joined(words: list[Word]) -> str:
    return " ".join(word.text for word in words)


def _sentences(words: list[Word], asked: set[int]) -> tuple[str, ...]:
    by_sentence: dict[int, list[Word]] = {}
    for word in words:
        by_sentence.setdefault(word.sentence, []).append(word)
    ordered = sorted(by_sentence.items(), key=lambda item: item[0] not in asked)
    return tuple(_joined(sentence) for _, sentence in ordered)


def _asked(text: str) -> set[int]:
    """The numbers of the sentences that end in a question mark, counted as the safety net's
    reader counts them (a run of . ! ? and new lines ends one)."""
    ends = _SENTENCE_ENDS.findall(text)
    return {index for index, end in enumerate(ends) if "?" in end}


def load_asking(
    root: Path, language: str, known_source_ids: Set[str] | None, section_ids: Set[str]
) -> Asking:
    """The rules and this language's words; ContentError names the first problem."""
    folder = root / ASKING_FOLDER
    rules = load_rules(folder / RULES_FILE, section_ids)
    file = folder / f"{language}.yaml"
    if not file.is_file():
        raise ContentError.at(str(file), "", "missing file: list this language's words")
    # The safety net's forms of the same words (its generated list) where it has them; the
    # lists here say word* where a word's other forms matter.
    forms, _ = read_forms(forms_file(root / SAFETY_FOLDER, language))
    lexicon = load_lexicon(file, rules.concepts.keys(), known_source_ids, forms)
    return Asking(language, rules, lexicon, Matcher([lexicon]))


def load_rules(file: Path, section_ids: Set[str]) -> AskingRules:
    f = read_node(file).fields(
        ["concepts", "sections", "worry_question", "long_days"],
        ["prefer", "by_concept", "only_when", "any_topic", "not_long_standing"],
    )
    concepts = {key: node.text() for key, node in f["concepts"].entries()}
    for concept in READ_BY_CODE:
        if concept not in concepts:
            f["concepts"].child(concept, None).fail("missing concept: the routing reads it")
    sections = tuple(_section(key, node, concepts, section_ids) for key, node in _pairs(f))
    long_days = f["long_days"].value
    if not isinstance(long_days, int) or isinstance(long_days, bool) or long_days < 1:
        f["long_days"].fail(f"expected a number of days, got {long_days!r}")
    optional: dict[str, Node] = {k: f[k] for k in ("prefer", "by_concept", "only_when") if k in f}
    prefer, by_concept, only_when = _concept_rules(optional, concepts)
    return AskingRules(
        concepts=concepts,
        sections=sections,
        prefer=prefer,
        by_concept=tuple(by_concept),
        only_when=only_when,
        any_topic=frozenset(f["any_topic"].ident_list()) if "any_topic" in f else frozenset(),
        not_long_standing=frozenset(f["not_long_standing"].ident_list())
        if "not_long_standing" in f
        else frozenset(),
        worry_question=f["worry_question"].ident(),
        long_days=long_days,
    )


def _concept_rules(
    f: Mapping[str, Node], concepts: Mapping[str, str]
) -> tuple[dict[str, tuple[str, ...]], list[tuple[str, str, str]], dict[str, tuple[str, ...]]]:
    """prefer, by_concept and only_when, each naming only concepts of the file."""

    def known(concept: str, node: Node) -> str:
        if concept not in concepts:
            node.fail(f"'{concept}' is not a concept of this file")
        return concept

    prefer = {
        known(concept, node): node.ident_list()
        for concept, node in (f["prefer"].entries() if "prefer" in f else ())
    }
    by_concept = [
        (known(concept, node), topic, answer.ident())
        for concept, node in (f["by_concept"].entries() if "by_concept" in f else ())
        for topic, answer in node.entries()
    ]
    only_when: dict[str, tuple[str, ...]] = {}
    for question_id, node in f["only_when"].entries() if "only_when" in f else ():
        only_when[question_id] = tuple(known(item.ident(), item) for item in node.items())
    return prefer, by_concept, only_when


def _pairs(f: Mapping[str, Node]) -> list[tuple[str, Node]]:
    return f["sections"].entries()


def _section(
    concept: str, node: Node, concepts: Mapping[str, str], section_ids: Set[str]
) -> tuple[str, str]:
    if concept not in concepts:
        node.fail(f"'{concept}' is not a concept of this file")
    section = node.ident()
    if section not in section_ids:
        node.fail(f"no topic has a section '{section}'")
    return concept, section
