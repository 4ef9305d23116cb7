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
from typing import NamedTuple

_APOSTROPHES = "'’‘`´ʼ"
# A word: letters and digits, with apostrophes inside ("can't", "l'oeil").
_WORD_OR_BREAK = re.compile(r"[^\W_]+(?:'[^\W_]+)*|[.!?\n]+|[,;:()\-–—]+")
_SENTENCE_END = frozenset(".!?\n")
_REPEATS = re.compile(r"(\w)\1{2,}")
_LATIN = re.compile("[a-z]")
_OTHER_SCRIPT = re.compile("[\u0370-\u03ff\u0400-\u04ff]")
# Letters of Latin, Cyrillic and Greek that look alike (Unicode TR39 confusables, the common
# subset): a word written mostly in one script reads the others' look-alikes as its own.
_CYRILLIC_TO_LATIN = dict(zip("аеорсухкмтнвіјѕԁɡһԛԝ", "aeopcyxkmthbijsdghqw", strict=True))
_GREEK_TO_LATIN = dict(zip("αεορτυχκνι", "aeoptyxkvi", strict=True))
_TO_LATIN = str.maketrans(_CYRILLIC_TO_LATIN | _GREEK_TO_LATIN)
_TO_CYRILLIC = str.maketrans(
    {latin: cyr for cyr, latin in _CYRILLIC_TO_LATIN.items() if cyr in "аеорсухкмтнв"} | {"b": "в"}
)
# Digits that stand for letters inside a word of letters ("str0ke", "d1e").
_DIGIT_LETTERS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t"})
_SPACED_OUT = 3
"""Single letters in a row, at least this many, are a spaced-out word."""
# Unicode's format characters (category Cf, Unicode 15): invisible, and removed. A test checks
# this list against the unicodedata of the running Python.
FORMAT_CHARACTERS = (
    (0x00AD, 0x00AD), (0x0600, 0x0605), (0x061C, 0x061C), (0x06DD, 0x06DD), (0x070F, 0x070F),
    (0x0890, 0x0891), (0x08E2, 0x08E2), (0x180E, 0x180E), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x2064), (0x2066, 0x206F), (0xFEFF, 0xFEFF), (0xFFF9, 0xFFFB), (0x110BD, 0x110BD),
    (0x110CD, 0x110CD), (0x13430, 0x13438), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001), (0xE0020, 0xE007F),
)  # fmt: skip
# Removed by one regular expression each: str.translate looks every character up in a dict,
# 10-20 times slower on a message of another script than Latin.
_INVISIBLE = re.compile(
    "[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in FORMAT_CHARACTERS) + "]"
)
# The accents NFKD splits off the letters of the bot's languages (and a few blocks more).
_ACCENT_BLOCKS = ((0x0300, 0x036F), (0x0483, 0x0489), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF),
                  (0x20D0, 0x20FF), (0xFE20, 0xFE2F))  # fmt: skip
_ACCENTS = re.compile(
    "["
    + "".join(
        re.escape(chr(c))
        for low, high in _ACCENT_BLOCKS
        for c in range(low, high + 1)
        if unicodedata.combining(chr(c))
    )
    + "]"
)
_FOLD_MARKS = {"œ": "oe", "æ": "ae"} | dict.fromkeys(_APOSTROPHES, "'")
_FOLD_MARK = re.compile("[" + re.escape("".join(_FOLD_MARKS)) + "]")


class Word(NamedTuple):
    text: str
    """The main reading: folded, apostrophes dropped ("can't" -> "cant")."""
    keys: frozenset[str]
    """Every reading of the word (see the module's docstring)."""
    clause: int
    """Counts clause breaks before the word: two words of one clause have the same number."""
    sentence: int


def fold_text(text: str) -> str:
    """Lower case without accents or invisible characters; apostrophes kept as '."""
    if text.isascii():  # nothing to normalise, remove or unaccent
        return text.lower().replace("`", "'")
    visible = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    lowered = _FOLD_MARK.sub(lambda mark: _FOLD_MARKS[mark.group()], visible.casefold())
    return _ACCENTS.sub("", unicodedata.normalize("NFKD", lowered))


def _unmix(word: str) -> str:
    """A word of mixed scripts read in its main script (look-alike letters mapped)."""
    if word.isascii() or _LATIN.search(word) is None or _OTHER_SCRIPT.search(word) is None:
        return word
    if len(_LATIN.findall(word)) * 2 >= len(word):
        return word.translate(_TO_LATIN)
    return word.translate(_TO_CYRILLIC)


def _readings(raw: str) -> frozenset[str]:
    if raw.isalpha():
        if _REPEATS.search(raw) is None:
            return frozenset((raw,))
        return frozenset((raw, _REPEATS.sub(r"\1", raw), _REPEATS.sub(r"\1\1", raw)))
    keys: set[str] = set()
    parts = raw.split("'")
    keys.add("".join(parts))
    if len(parts) > 1:
        # "l'oeil" is also "oeil", "d'épilepsie" "epilepsie", "m'a" "m" and "a".
        keys.update(part for part in parts if part)
    for key in list(keys):
        if not key.isalpha() and not key.isdigit() and any(c.isalpha() for c in key):
            keys.add(_unmix(key.translate(_DIGIT_LETTERS)))
    for key in list(keys):
        if _REPEATS.search(key):
            keys.add(_REPEATS.sub(r"\1", key))
            keys.add(_REPEATS.sub(r"\1\1", key))
    return frozenset(keys)


def read_words(text: str) -> tuple[Word, ...]:
    """The message's words, each with its readings and its clause and sentence."""
    words: list[Word] = []
    letters: list[tuple[str, int, int]] = []  # single letters in a row: maybe spaced out
    clause = sentence = 0
    known_words, new = _READINGS, tuple.__new__  # once per word: no lookups, no frames
    for token in _WORD_OR_BREAK.findall(fold_text(text)):
        if not token[0].isalnum():
            clause += 1
            if not _SENTENCE_END.isdisjoint(token):
                sentence += 1
            continue
        if len(token) == 1 and token.isalpha():
            letters.append((token, clause, sentence))
            continue
        if letters:
            _flush_letters(letters, words)
        known = known_words.get(token) or _remember(token)
        words.append(new(Word, (known[0], known[1], clause, sentence)))
    if letters:
        _flush_letters(letters, words)
    return tuple(words)


def _flush_letters(letters: list[tuple[str, int, int]], words: list[Word]) -> None:
    """ "s t r o k e" and "s.t.r.o.k.e" -> "stroke"; fewer single letters stay words."""
    if len(letters) >= _SPACED_OUT:
        words.append(_word("".join(t for t, _, _ in letters), letters[0][1], letters[0][2]))
    else:
        words.extend(_word(*letter) for letter in letters)
    letters.clear()


_READINGS: dict[str, tuple[str, frozenset[str]]] = {}
"""Token -> its main reading and keys: the same words come back in every message."""
_READINGS_CAP = 100_000


def forget_readings() -> None:
    _READINGS.clear()


def _remember(token: str) -> tuple[str, frozenset[str]]:
    raw = _unmix(token)
    known = (raw.replace("'", ""), _readings(raw))
    if len(_READINGS) >= _READINGS_CAP:
        _READINGS.clear()
    _READINGS[token] = known
    return known


def _word(token: str, clause: int, sentence: int) -> Word:
    known = _READINGS.get(token) or _remember(token)
    return Word(known[0], known[1], clause, sentence)
