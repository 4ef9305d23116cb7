"""The typed-message safety net's cost: loading it, and reading a message.

Prints, per language, the median time to read a 4,096-character message of ordinary words
(the words of that language's own topic pages, shuffled; Telegram's longest message) and a
short one, against the targets (5 ms and 0.1 ms, issues #33 and #31); a 4,096-character
message made of the net's own words (the concept lists of that language, shuffled: the most
a message can find); the out-of-scope phrases of the language scanned in the long message;
the first read of a long message, before the net remembers its words; and the time to load
every language's safety data with the garbage collector off, as the bot loads it (target:
0.5 s), all measured in this one run, in CPU time (on a shared machine wall time carries
the other work), with the load average.

    python -m benchmarks.matcher [--repeat N]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import statistics
import time
from pathlib import Path

import yaml

from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.safety import PhraseSet, load_safety, scan
from tgbot.core.safety.loader import NetFiles, load_net
from tgbot.core.safety.net import SafetyNet

LONG = 4096
LONG_TARGET_MS = 5.0
SHORT_TARGET_MS = 0.1
LOAD_TARGET_S = 0.5
SHORT = {
    "en": "my eyelid keeps twitching",
    "es": "me tiembla el párpado",
    "de": "mein Augenlid zuckt",
    "fr": "ma paupière tremble",
    "pt": "minha pálpebra treme",
    "ru": "у меня дергается веко",
}


def ordinary_words(root: Path, language: str) -> list[str]:
    folder = root / "topics" if language == "en" else root / "locales" / language / "topics"
    words: list[str] = []
    for file in sorted(folder.glob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        plain = re.sub(r"<[^>]+>|[{}#:\[\]\-|>]", " ", str(yaml.safe_load(text)))
        words += [w for w in plain.split() if w.isalpha()]
    return words


def net_words(files: NetFiles, language: str) -> list[str]:
    """Every entry of the language's concept lists and idioms, as written (marks dropped)."""
    lexicon = next(lexicon for lexicon in files.lexicons if lexicon.language == language)
    entries = [entry for all_ in lexicon.concepts.values() for entry in all_]
    entries += [idiom.entry for idiom in lexicon.idioms]
    return [
        word.strip("=*-")
        for entry in entries
        for word in entry.written.split()
        if word not in ("...", "<n>")
    ]


def long_message(words: list[str], seed: int) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    while len(" ".join(out)) < LONG:
        out.append(rng.choice(words))
    return " ".join(out)[:LONG]


def first_read_ms(net: SafetyNet, text: str) -> float:
    """A message whose words the net has not seen yet (its memory of words emptied)."""
    net.forget_words()
    started = time.process_time()
    net.read(text)
    return (time.process_time() - started) * 1000


def median_ms(net: SafetyNet, text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        net.read(text)
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def scan_ms(phrases: PhraseSet, text: str, repeat: int) -> float:
    """The out-of-scope phrases of one language, as the bot scans a message in its own."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        scan(text, [phrases])
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def load_s() -> tuple[float, NetFiles]:
    """The best of three loads of every language's net, the garbage collector off."""
    loads = []
    gc.disable()
    try:
        for _ in range(3):
            started = time.process_time()
            files = load_net(Path(DEFAULT_CONTENT_DIR))
            loads.append(time.process_time() - started)
    finally:
        gc.enable()
    return min(loads), files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=50, help="reads per message (default 50)")
    args = parser.parse_args()
    root = Path(DEFAULT_CONTENT_DIR)
    print("load average at the start: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    loaded_s, files = load_s()
    net = files.net
    phrases = load_safety(root).phrase_sets
    print(f"load every language's safety net: {loaded_s:.3f} s (target {LOAD_TARGET_S} s)")
    print(
        f"{'language':8} {'4096 chars':>11} {'/ target':>9} {'short':>9} {'/ target':>9}"
        f" {'first read':>11} {'net words':>10} {'phrases':>9}"
    )
    worst = {"long": 0.0, "short": 0.0, "first": 0.0, "dense": 0.0, "phrases": 0.0}
    for language in net.languages:
        text = long_message(ordinary_words(root, language), seed=len(language))
        dense = long_message(net_words(files, language), seed=len(language))
        figures = {
            "first": first_read_ms(net, text),
            "long": median_ms(net, text, args.repeat),
            "short": median_ms(net, SHORT.get(language, SHORT["en"]), args.repeat * 10),
            "dense": median_ms(net, dense, args.repeat),
            "phrases": scan_ms(phrases[language], text, args.repeat),
        }
        worst = {key: max(worst[key], figures[key]) for key in worst}
        print(
            f"{language:8} {figures['long']:9.2f}ms {figures['long'] / LONG_TARGET_MS:9.2f} "
            f"{figures['short']:7.3f}ms {figures['short'] / SHORT_TARGET_MS:9.2f}"
            f" {figures['first']:9.2f}ms {figures['dense']:8.2f}ms {figures['phrases']:7.2f}ms"
        )
    print("load average at the end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(
        f"matcher_load_s={loaded_s:.3f} matcher_long_ms={worst['long']:.2f} "
        f"matcher_short_ms={worst['short']:.3f} matcher_first_read_ms={worst['first']:.2f} "
        f"matcher_dense_ms={worst['dense']:.2f} matcher_phrases_ms={worst['phrases']:.2f}"
    )


if __name__ == "__main__":
    main()
