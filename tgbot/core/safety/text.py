"""A typed message as the safety net reads it: words it can compare, whatever was done to them.

Case, accents and punctuation do not count; invisible characters (zero-width spaces and
joiners, soft hyphens, direction marks: Unicode's format characters) are removed; a letter of
another script inside a word ("fаce" with a Cyrillic а) is read as the look-alike letter of the
word's own script; digits inside a word are read as the letters they stand for ("str0ke");
spaced-out letters are joined ("s t r o k e"); a letter repeated three times or more is read
both once and twice ("heeelp" -> "help", "sleeeep" -> "sleep").

Each word keeps every reading as a key; a word list matches a word when one of its forms is
one of the keys. Breaks between clauses (, ; : and dashes) and sentences (. ! ? and new lines)
are kept, for negations and for rules that read a sentence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tgbot.core.content.wording import fold

_APOSTROPHES = "'’‘`´ʼ"
# A word: letters and digits, with apostrophes inside ("can't", "l'oeil").
_WORD_OR_BREAK = re.compile(r"[^\W_]+(?:['’‘`´ʼ][^\W_]+)*|[.!?\n]+|[,;:()\-–—]+")
_SENTENCE_END = frozenset(".!?\n")
_REPEATS = re.compile(r"(\w)\1{2,}")
# Letters of Latin, Cyrillic and Greek that look alike (Unicode TR39 confusables, the common
# subset): a word written mostly in one script reads the others' look-alikes as its own.
_CYRILLIC_TO_LATIN = dict(zip("аеорсухкмтнвіјѕԁɡһԛԝ", "aeopcyxkmthbijsdghqw", strict=True))
_GREEK_TO_LATIN = dict(zip("αεορτυχκνι", "aeoptyxkvi", strict=True))
_LATIN_TO_CYRILLIC = {
    latin: cyr for cyr, latin in _CYRILLIC_TO_LATIN.items() if cyr in "аеорсухкмтнв"
}
_LATIN_TO_CYRILLIC["b"] = "в"
# Digits that stand for letters inside a word of letters ("str0ke", "d1e").
_DIGIT_LETTERS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_SPACED_OUT = 3
"""Single letters in a row, at least this many, are a spaced-out word."""


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    """The main reading: folded, apostrophes dropped ("can't" -> "cant")."""
    keys: frozenset[str]
    """Every reading of the word (see the module's docstring)."""
    clause: int
    """Counts clause breaks before the word: two words of one clause have the same number."""
    sentence: int


def _script(char: str) -> str:
    if "a" <= char <= "z":
        return "latin"
    if "\u0400" <= char <= "\u04ff":
        return "cyrillic"
    if "\u0370" <= char <= "\u03ff":
        return "greek"
    return "other"


def _unmix(word: str) -> str:
    """A word of mixed scripts read in its main script (look-alike letters mapped)."""
    counts: dict[str, int] = {}
    for char in word:
        script = _script(char)
        counts[script] = counts.get(script, 0) + 1
    counts.pop("other", None)
    if len(counts) < 2:
        return word
    main = max(counts, key=lambda script: counts[script])
    if main == "latin":
        return "".join(_CYRILLIC_TO_LATIN.get(c, _GREEK_TO_LATIN.get(c, c)) for c in word)
    if main == "cyrillic":
        return "".join(_LATIN_TO_CYRILLIC.get(c, c) for c in word)
    return word


def _readings(raw: str) -> frozenset[str]:
    keys: set[str] = set()
    parts = re.split(f"[{_APOSTROPHES}]", raw)
    joined = "".join(parts)
    keys.add(joined)
    if len(parts) > 1:
        # "l'oeil" is also "oeil", "d'épilepsie" "epilepsie", "m'a" "m" and "a".
        keys.update(part for part in parts if part)
    for key in list(keys):
        if any(c.isdigit() for c in key) and any(c.isalpha() for c in key):
            keys.add(_unmix(key.translate(_DIGIT_LETTERS)))
    for key in list(keys):
        if _REPEATS.search(key):
            keys.add(_REPEATS.sub(r"\1", key))
            keys.add(_REPEATS.sub(r"\1\1", key))
    return frozenset(keys)


def _keep_apostrophes(text: str) -> str:
    # fold() drops apostrophes; they are kept here (as ') so that "l'oeil" can be read both ways.
    for mark in _APOSTROPHES:
        text = text.replace(mark, "\x00")
    return text


def read_words(text: str) -> tuple[Word, ...]:
    """The message's words, each with its readings and its clause and sentence."""
    visible = "".join(
        c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf"
    )
    folded = fold(_keep_apostrophes(visible)).replace("\x00", "'")
    raw_words: list[tuple[str, int, int]] = []
    clause = sentence = 0
    for match in _WORD_OR_BREAK.finditer(folded):
        token = match.group()
        if not token[0].isalnum():
            clause += 1
            if any(c in _SENTENCE_END for c in token):
                sentence += 1
            continue
        raw_words.append((_unmix(token), clause, sentence))
    return tuple(
        Word(raw.replace("'", ""), _readings(raw), clause_no, sentence_no)
        for raw, clause_no, sentence_no in _join_spaced_out(raw_words)
    )


def _join_spaced_out(words: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """ "s t r o k e" and "s.t.r.o.k.e" -> "stroke"."""
    joined: list[tuple[str, int, int]] = []
    run: list[tuple[str, int, int]] = []

    def flush() -> None:
        if len(run) >= _SPACED_OUT:
            joined.append(("".join(w for w, _, _ in run), run[0][1], run[0][2]))
        else:
            joined.extend(run)
        run.clear()

    for word in words:
        if len(word[0]) == 1 and word[0].isalpha():
            run.append(word)
            continue
        flush()
        joined.append(word)
    flush()
    return joined
