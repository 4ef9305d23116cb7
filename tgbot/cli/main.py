"""``bot.py``: one argparse parser, to which each CLI module adds its own subcommands (run,
health, migrate, copy-to-postgres, content check/report/release, triage, chat, diagram,
safety). Exit code 2 for a usage or settings error."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from tgbot import __version__

# The module that adds each subcommand: a command imports only its own module (`bot.py run`
# does not pay for the report's or the diagram's libraries); --help and a typo import them all.
COMMAND_MODULES = {
    "run": "run",
    "health": "run",
    "migrate": "database",
    "copy-to-postgres": "database",
    "keys": "database",
    "content": "report",
    "triage": "triage",
    "chat": "chat",
    "diagram": "diagram",
    "safety": "safety",
}


def build_parser(
    help_for: str | None = None, command: str | None = None
) -> argparse.ArgumentParser:
    """The command line: each CLI module adds its own subcommands; only ``command``'s module
    when it names one, else every module."""
    parser = argparse.ArgumentParser(
        prog="bot.py",
        description="Telegram bot with sourced information and emergency-first triage for "
        "muscle twitches and cramps. Information, not a diagnosis.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    wanted = COMMAND_MODULES.get(command or "")
    for name in dict.fromkeys(COMMAND_MODULES.values()):
        if wanted in (None, name):
            module = importlib.import_module(f"tgbot.cli.{name}")
            if name == "triage":
                module.add_commands(commands, help_for)
            else:
                module.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    asks_help = "-h" in words or "--help" in words
    first = words[0] if words else None
    parser = build_parser(help_for=first if asks_help else None, command=first)
    args = parser.parse_args(words)
    if args.command == "diagram" and (args.flow is None) == (not args.update_readme):
        parser.error("diagram: give a FLOW to print, or --update-readme (not both)")
    code: int = args.func(args)
    return code
