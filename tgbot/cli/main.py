"""``bot.py``: one argparse parser, to which each CLI module adds its own subcommands (run,
health, migrate, copy-to-postgres, content check/report/release, triage, chat, diagram,
safety). Exit code 2 for a usage or settings error."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from tgbot import __version__

EXIT_USAGE = 2


def build_parser(help_for: str | None = None) -> argparse.ArgumentParser:
    """The whole command line: each CLI module adds its own subcommands."""
    from tgbot.cli import chat, database, diagram, report, run, safety, triage

    parser = argparse.ArgumentParser(
        prog="bot.py",
        description="Telegram bot with sourced information and emergency-first triage for "
        "muscle twitches and cramps. Information, not a diagnosis.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run.add_commands(commands)
    database.add_commands(commands)
    report.add_commands(commands)
    triage.add_commands(commands, help_for)
    chat.add_commands(commands)
    diagram.add_commands(commands)
    safety.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    asks_help = "-h" in words or "--help" in words
    parser = build_parser(help_for=words[0] if asks_help and words else None)
    args = parser.parse_args(words)
    if args.command == "diagram" and (args.flow is None) == (not args.update_readme):
        parser.error("diagram: give a FLOW to print, or --update-readme (not both)")
    code: int = args.func(args)
    return code
