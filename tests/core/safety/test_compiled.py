"""The compiled safety net answers every message as the simple one did (tests/core/safety/
reference.py): the same words found, the same reading, the same out-of-scope groups, on
every message of our corpora, the held-out rounds, the shared dev sample (read from
../shared at test time, when it is there), every idiom's example, every out-of-scope phrase,
and long messages made of them."""

from __future__ import annotations

import random
from dataclasses import astuple
from pathlib import Path

import pytest

from tests.core.safety import reference
from tgbot.cli.safety import read_corpus
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.safety import Match, SafetyData, load_safety, scan
from tgbot.core.safety.loader import NetFiles, load_net
from tgbot.core.safety.text import read_words

HERE = Path(__file__).resolve().parents[2]
CORPORA = sorted((HERE / "safety" / "corpus").glob("*.yaml"))
HELD_OUT = sorted((HERE / "safety" / "heldout").glob("*.yaml"))
SHARED_DEV = HERE.parents[1] / "shared" / "safety" / "typed-dev.yaml"
LONG = 4096


@pytest.fixture(scope="module")
def files() -> NetFiles:
    return load_net(Path(DEFAULT_CONTENT_DIR))


@pytest.fixture(scope="module")
def safety() -> SafetyData:
    return load_safety(Path(DEFAULT_CONTENT_DIR))


def corpus_texts() -> list[tuple[str, str]]:
    """(language code, text) of every case."""
    texts = []
    for file in [*CORPORA, *HELD_OUT, *([SHARED_DEV] if SHARED_DEV.is_file() else [])]:
        texts += [(case.language.split("-")[0], case.text) for case in read_corpus(file)]
    return texts


def content_texts(files: NetFiles, safety: SafetyData) -> list[str]:
    """Every idiom's example; every out-of-scope phrase written out, its gaps filled."""
    texts = [idiom.example for lexicon in files.lexicons for idiom in lexicon.idioms]
    for phrase_set in safety.phrase_sets.values():
        for group in phrase_set.groups:
            for pattern in group.patterns:
                texts.append(" ".join(w.rstrip("*") for w in pattern.words if w != "..."))
                texts.append(pattern.text.replace("*", "s").replace("...", "and then"))
    return texts


def long_texts(parts: list[str], count: int) -> list[str]:
    """Messages up to Telegram's 4,096 characters, of corpus messages one after another."""
    rng = random.Random(31)
    texts = []
    for _ in range(count):
        chosen: list[str] = []
        while sum(len(part) + 1 for part in chosen) < LONG:
            chosen.append(rng.choice(parts))
        texts.append(" ".join(chosen)[:LONG])
    return texts


def assert_same(
    files: NetFiles, safety: SafetyData, texts: list[str], languages: list[str] | None = None
) -> None:
    """The same words found, the same reading, and the same out-of-scope groups in each
    language's phrases (``languages``: only the text's own, as the bot scans them)."""
    net, lexicons = files.net, files.lexicons
    sets = safety.phrase_sets
    for n, text in enumerate(texts):
        words = read_words(text)
        found = reference.find(lexicons, words)
        assert [astuple(f) for f in net.matcher.find(words)] == [astuple(f) for f in found], text
        compiled, simple = net.read(text), reference.read(net, lexicons, words, found)
        assert (compiled, compiled.rules) == (simple, simple.rules), text
        for one in [sets[languages[n]]] if languages else sets.values():
            assert _said(scan(text, [one])) == _said(reference.scan(text, [one])), text


def _said(matches: list[Match]) -> list[tuple[str, str, tuple[str, ...]]]:
    return [(m.kind, m.phrase_set.language, tuple(g.id for g in m.groups)) for m in matches]


@pytest.mark.timeout(600)  # about 30 s on a quiet machine
def test_the_corpora_are_read_as_before(files: NetFiles, safety: SafetyData) -> None:
    cases = corpus_texts()
    assert len(cases) >= 1800, "our corpora and the held-out rounds"
    assert_same(files, safety, [text for _, text in cases], [code for code, _ in cases])


@pytest.mark.timeout(600)
def test_the_contents_own_examples_are_read_as_before(files: NetFiles, safety: SafetyData) -> None:
    texts = content_texts(files, safety)
    assert len(texts) >= 1000
    assert_same(files, safety, texts)


@pytest.mark.timeout(600)
def test_long_messages_are_read_as_before(files: NetFiles, safety: SafetyData) -> None:
    texts = long_texts([text for _, text in corpus_texts()], 8)
    assert all(len(text) == LONG for text in texts)
    assert_same(files, safety, texts)


def test_a_reading_does_not_depend_on_the_order_it_was_made_in(files: NetFiles) -> None:
    """Emptying the net's memory of words, and reading the messages in another order, gives
    the same readings (the index's sets hash by identity)."""
    net = files.net
    texts = [text for _, text in corpus_texts()[:400]]
    before = [(r, r.rules) for r in map(net.read, texts)]
    net.forget_words()
    after = {text: net.read(text) for text in reversed(texts)}
    assert [(after[t], after[t].rules) for t in texts] == before
