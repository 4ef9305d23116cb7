"""The typed-message safety net's cost: loading it, and reading a message.

Prints, per language, the median time to read a 4,096-character message of ordinary words
(the words of that language's own topic pages, shuffled; Telegram's longest message) and a
short one, against the targets (5 ms and 0.1 ms, issues #33 and #31); the first read of a
long message, before the net remembers its words; and the time to load every language's
safety data (target: 0.5 s), all measured in this one run.

    python -m benchmarks.matcher [--repeat N]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from pathlib import Path

import yaml

from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.safety.loader import load_net
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


def long_message(words: list[str], seed: int) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    while len(" ".join(out)) < LONG:
        out.append(rng.choice(words))
    return " ".join(out)[:LONG]


def first_read_ms(net: SafetyNet, text: str) -> float:
    """A message whose words the net has not seen yet (its memory of words emptied)."""
    net.forget_words()
    started = time.perf_counter()
    net.read(text)
    return (time.perf_counter() - started) * 1000


def median_ms(net: SafetyNet, text: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        net.read(text)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=50, help="reads per message (default 50)")
    args = parser.parse_args()
    root = Path(DEFAULT_CONTENT_DIR)
    loads = []
    for _ in range(3):
        started = time.perf_counter()
        files = load_net(root)
        loads.append(time.perf_counter() - started)
    net = files.net
    load_s = min(loads)
    print(f"load every language's safety net: {load_s:.3f} s (target {LOAD_TARGET_S} s)")
    print(
        f"{'language':8} {'4096 chars':>11} {'/ target':>9} {'short':>9} {'/ target':>9}"
        f" {'first read':>11}"
    )
    worst_long = worst_short = worst_first = 0.0
    for language in net.languages:
        text = long_message(ordinary_words(root, language), seed=len(language))
        first_ms = first_read_ms(net, text)
        worst_first = max(worst_first, first_ms)
        long_ms = median_ms(net, text, args.repeat)
        short_ms = median_ms(net, SHORT.get(language, SHORT["en"]), args.repeat * 10)
        worst_long, worst_short = max(worst_long, long_ms), max(worst_short, short_ms)
        print(
            f"{language:8} {long_ms:9.2f}ms {long_ms / LONG_TARGET_MS:9.2f} "
            f"{short_ms:7.3f}ms {short_ms / SHORT_TARGET_MS:9.2f} {first_ms:9.2f}ms"
        )
    print(
        f"matcher_load_s={load_s:.3f} matcher_long_ms={worst_long:.2f} "
        f"matcher_short_ms={worst_short:.3f} matcher_first_read_ms={worst_first:.2f}"
    )


if __name__ == "__main__":
    main()
