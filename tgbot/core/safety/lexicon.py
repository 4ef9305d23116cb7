"""One language's words for the safety net's concepts: content/safety/<language>.yaml.

An entry of a concept list is a word or a few words in a row:

- ``droop``: the word in any of its forms (droops, drooped, drooping), as listed in the
  generated content/safety/forms/<language>.txt (``python bot.py safety forms``);
- ``=fit``: that exact word, no other form;
- ``breath*``: any word that starts so; ``-schmerz``: any word that ends so (compounds:
  "Brustschmerz");
- ``face ... droop``: ``...`` stands for up to four other words;
- ``every <n> minutes``: ``<n>`` stands for a number written in digits.

Chat spellings ("u" for "you") count as the word they stand for wherever it is listed.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from pathlib import Path

from tgbot.core.content.yaml_reader import Node, read_node
from tgbot.core.safety.text import read_words

GAP = "..."
NUMBER = "<n>"
GAP_WORDS = 4
EXACT = "="
ANY = "*"
ENDING = "-"
IDIOMS = "idioms"


class Kind(Enum):
    WORD = "word"
    PREFIX = "prefix"
    SUFFIX = "suffix"
    NUMBER = "number"
    GAP = "gap"


@dataclass(frozen=True, slots=True, eq=False)
class Element:
    """One word of an entry. Compared by identity: each list shares one element per word,
    and the index keys on them."""

    kind: Kind
    text: str
    forms: frozenset[str] = frozenset()
    """For a word: every form it matches (with the chat spellings that stand for one)."""

    def matches(self, keys: frozenset[str]) -> bool:
        if self.kind is Kind.WORD:
            return not self.forms.isdisjoint(keys)
        if self.kind is Kind.PREFIX:
            return any(key.startswith(self.text) for key in keys)
        if self.kind is Kind.NUMBER:
            return any(key.isdigit() for key in keys)
        return any(key.endswith(self.text) for key in keys)


@dataclass(frozen=True, slots=True)
class Entry:
    written: str
    """As in the content file, for messages to its author."""
    elements: tuple[Element, ...]


@dataclass(frozen=True)
class Idiom:
    entry: Entry
    example: str


@dataclass(frozen=True)
class Lexicon:
    language: str
    concepts: Mapping[str, tuple[Entry, ...]]
    idioms: tuple[Idiom, ...]
    source_ids: tuple[str, ...]
    words: Mapping[str, str]
    """Every plain word of the lists, folded -> as written (what the forms file covers)."""


def entry_words(written: str) -> list[tuple[str, str]]:
    """The words of an entry as the reader folds them, keeping = * and ... marks, each with
    the word as written (accents and case kept: what a lemmatiser needs)."""
    return [pair for raw in written.split() for pair in _entry_word(raw)]


@lru_cache(maxsize=65536)
def _entry_word(raw: str) -> tuple[tuple[str, str], ...]:
    """Memoised: the lists of six languages say "my", "pain" and "no" thousands of times."""
    if raw in (GAP, NUMBER):
        return ((raw, raw),)
    head = next((mark for mark in (EXACT, ENDING) if raw.startswith(mark) and len(raw) > 1), "")
    tail = ANY if raw.endswith(ANY) and len(raw) > 1 else ""
    core = raw[len(head) : len(raw) - len(tail)]
    folded = [word.text for word in read_words(core)]
    if not folded:
        return ()
    originals = [core] if len(folded) == 1 else folded
    folded[0] = head + folded[0]
    folded[-1] = folded[-1] + tail
    return tuple(zip(folded, originals, strict=True))


def load_lexicon(
    file: Path,
    concept_ids: Set[str],
    known_source_ids: Set[str] | None,
    forms: Mapping[str, frozenset[str]],
) -> Lexicon:
    """Raises ContentError naming the file and field of the first problem."""
    root = read_node(file, words=True)
    f = root.fields(["language", "sources", "concepts"], ["spellings", IDIOMS])
    language = f["language"].ident()
    if language != file.stem:
        f["language"].fail(f"must match the file name '{file.stem}'")
    sources = f["sources"].ident_list()
    for index, source_id in enumerate(sources):
        if known_source_ids is not None and source_id not in known_source_ids:
            f["sources"].child(index, source_id).fail(f"unknown source id '{source_id}'")
    spelled = _spellings(f["spellings"]) if "spellings" in f else {}
    build = _Builder(forms, spelled)
    concepts: dict[str, tuple[Entry, ...]] = {}
    for concept, node in f["concepts"].entries():
        if concept not in concept_ids:
            node.fail(f"'{concept}' is not a concept of content/safety/rules.yaml")
        concepts[concept] = tuple(build.entry(item) for item in node.items())
    for missing in sorted(concept_ids - concepts.keys()):
        f["concepts"].child(missing, None).fail("missing concept: list its words in this language")
    idioms = tuple(_idiom(item, build) for item in f[IDIOMS].items()) if IDIOMS in f else ()
    return Lexicon(language, concepts, idioms, sources, build.words)


def _spellings(node: Node) -> dict[str, frozenset[str]]:
    """Meant word -> the chat spellings that stand for it."""
    spelled: dict[str, set[str]] = {}
    for typed, meant in node.entries():
        typed_words, meant_words = entry_words(typed), entry_words(meant.text())
        if len(typed_words) != 1 or len(meant_words) != 1:
            meant.fail("a chat spelling is one word standing for one word")
        spelled.setdefault(meant_words[0][0], set()).add(typed_words[0][0])
    return {word: frozenset(typed) for word, typed in spelled.items()}


def _idiom(node: Node, build: _Builder) -> Idiom:
    f = node.fields(["phrase", "example"])
    entry = build.entry(f["phrase"])
    return Idiom(entry, f["example"].text())


class _Builder:
    def __init__(self, forms: Mapping[str, frozenset[str]], spelled: Mapping[str, frozenset[str]]):
        self.forms = forms
        self.spelled = spelled
        self.words: dict[str, str] = {}
        self._elements: dict[str, Element] = {}
        """One element per word: entries share them (and the index keys on them)."""

    def entry(self, node: Node) -> Entry:
        written = node.text()
        words = entry_words(written)
        if not [w for w, _ in words if w != GAP]:
            node.fail("no words left once punctuation is dropped")
        if words[0][0] == GAP or words[-1][0] == GAP:
            node.fail(f"'{GAP}' goes between words")
        elements = []
        for word, original in words:
            element = self.element(word, original)
            if element.kind in (Kind.PREFIX, Kind.SUFFIX) and len(element.text) < 3:
                node.fail(f"'{word}': a word part needs at least 3 letters")
            elements.append(element)
        return Entry(written, tuple(elements))

    def element(self, word: str, original: str) -> Element:
        known = self._elements.get(word)
        if known is not None:
            return known
        if word in (GAP, NUMBER):
            made = Element(Kind.GAP if word == GAP else Kind.NUMBER, word)
        elif word.endswith(ANY):
            made = Element(Kind.PREFIX, word[:-1])
        elif word.startswith(ENDING):
            made = Element(Kind.SUFFIX, word[1:])
        elif word.startswith(EXACT):
            exact = word[1:]
            made = Element(Kind.WORD, exact, frozenset({exact} | self.spelled.get(exact, set())))
        else:
            self.words.setdefault(word, original)
            forms = self.forms.get(word, frozenset()) | {word}
            for meant in self.spelled.keys() & forms:
                forms |= self.spelled[meant]
            made = Element(Kind.WORD, word, forms)
        self._elements[word] = made
        return made
