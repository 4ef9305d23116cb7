"""``bot.py safety``: the typed-message safety net's word forms and its evaluation.

- ``safety forms`` looks up the forms of every listed word (content/safety/forms/);
- ``safety eval FILE.yaml`` reads a corpus of typed messages (``- {lang, text, expect, group}``)
  and prints, per language and group, what was caught, missed and falsely alarmed.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tgbot.cli.exits import EXIT_USAGE
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.content.problems import ContentError
from tgbot.core.safety.forms import build_forms, forms_file, write_forms
from tgbot.core.safety.loader import SAFETY_FOLDER, load_net
from tgbot.core.safety.net import Reading, SafetyNet

EXPECTS = ("emergency", "crisis", "ask", "calm")


def add_commands(commands: Any) -> None:
    """Adds ``safety forms`` and ``safety eval`` to the CLI's subcommands."""
    safety = commands.add_parser("safety", help="the typed-message safety net")
    sub = safety.add_subparsers(dest="safety_command", required=True)
    forms = sub.add_parser(
        "forms",
        help="look up the forms of every word in content/safety/<lang>.yaml (after changing "
        "a list); writes content/safety/forms/",
    )
    forms.add_argument("languages", nargs="*", help="only these languages (default: all)")
    forms.add_argument("--content", default=str(DEFAULT_CONTENT_DIR), help="content folder")
    forms.set_defaults(func=_forms)
    evaluate = sub.add_parser(
        "eval",
        help="run a corpus of typed messages through the net: caught, missed and false "
        "alarms per language and group, with every miss",
    )
    evaluate.add_argument("corpus", help="a YAML list of {lang, text, expect, group}")
    evaluate.add_argument("--content", default=str(DEFAULT_CONTENT_DIR), help="content folder")
    evaluate.add_argument("--quiet", action="store_true", help="the table only, not the misses")
    evaluate.set_defaults(func=_eval)


def _forms(args: argparse.Namespace) -> int:
    root = Path(args.content)
    try:
        files = load_net(root)
    except ContentError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    for lexicon in files.lexicons:
        if args.languages and lexicon.language not in args.languages:
            continue
        forms = build_forms(lexicon.language, lexicon.words)
        target = forms_file(root / SAFETY_FOLDER, lexicon.language)
        write_forms(target, lexicon.language, forms)
        count = sum(len(f) for f in forms.values())
        print(f"{target}: {len(forms)} words, {count} forms")
    return 0


@dataclass(frozen=True)
class Case:
    language: str
    text: str
    expect: str
    group: str


def verdict(expect: str, reading: Reading) -> bool:
    """Caught as the clinical spec (version 3, "Measured by") asks."""
    if expect == "emergency" or expect == "ask":
        return bool(reading.emergency) or reading.ask is not None
    if expect == "crisis":
        return reading.crisis is not None
    return not reading.alarmed


def read_corpus(file: Path) -> list[Case]:
    items = yaml.safe_load(file.read_text(encoding="utf-8")) or []
    cases = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or item.get("expect") not in EXPECTS:
            raise ValueError(
                f"{file}: case {index}: needs lang, text, expect ({'/'.join(EXPECTS)})"
            )
        lang = str(item.get("lang") or "en")
        cases.append(
            Case(lang, str(item["text"]), str(item["expect"]), str(item.get("group", "-")))
        )
    return cases


def said(reading: Reading) -> str:
    parts = [f"emergency {'+'.join(reading.emergency)}"] if reading.emergency else []
    if reading.crisis:
        parts.append("crisis" + (" (someone else)" if reading.crisis_about_someone else ""))
    if reading.ask:
        parts.append(f"ask {reading.ask}")
    return ", ".join(parts) or "nothing"


@dataclass
class _Tally:
    right: int = 0
    wrong: int = 0


def report(net: SafetyNet, cases: list[Case], quiet: bool = False) -> tuple[str, int]:
    """The table (per language, expect and group) and the misses; how many went wrong."""
    groups: dict[tuple[str, str, str], _Tally] = {}
    expects: dict[tuple[str, str], _Tally] = {}
    misses: list[str] = []
    for case in cases:
        language = case.language.split("-")[0].lower()
        reading = net.read(case.text)
        good = verdict(case.expect, reading)
        for tally in (
            groups.setdefault((language, case.expect, case.group), _Tally()),
            expects.setdefault((language, case.expect), _Tally()),
        ):
            tally.right += good
            tally.wrong += not good
        if not good:
            misses.append(f"[{case.language}] {case.expect}/{case.group}: {case.text}")
            misses.append(f"    got: {said(reading)}")
    lines = [f"{'language':8} {'expect':9} {'group':14} {'cases':>5} {'right':>5} {'wrong':>5}"]
    for (language, expect, group), tally in sorted(groups.items()):
        total = tally.right + tally.wrong
        lines.append(
            f"{language:8} {expect:9} {group:14} {total:5} {tally.right:5} {tally.wrong:5}"
        )
    lines.append("")
    for language in sorted({key[0] for key in expects}):
        parts = []
        for expect in EXPECTS:
            counted = expects.get((language, expect))
            if counted is not None:
                label = "false alarms" if expect == "calm" else "missed"
                total = counted.right + counted.wrong
                parts.append(f"{expect} {counted.right}/{total} ({label} {counted.wrong})")
        lines.append(f"{language}: " + ", ".join(parts))
    wrong = len(misses) // 2
    lines.append(f"all: {len(cases) - wrong}/{len(cases)} right")
    if misses and not quiet:
        lines += ["", "Wrong:", *misses]
    return "\n".join(lines), wrong


def _eval(args: argparse.Namespace) -> int:
    try:
        files = load_net(Path(args.content))
        cases = read_corpus(Path(args.corpus))
    except (ContentError, ValueError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    text, wrong = report(files.net, cases, args.quiet)
    print(text)
    return 1 if wrong else 0
