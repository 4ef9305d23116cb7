"""``bot.py chat``: the real bot on the local stand-in, in this terminal."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tgbot.config import DEFAULT_CONTENT_DIR


def add_commands(commands: Any) -> None:
    """Adds ``chat`` to the CLI's subcommands."""
    chat = commands.add_parser(
        "chat",
        help="talk to the bot in this terminal: the real bot on a local stand-in of the Bot "
        "API, a temporary database, no token, no network",
    )
    chat.add_argument(
        "--language",
        default="en",
        metavar="TAG",
        help="the Telegram user's language tag, e.g. en-GB, es-MX, de, fr-BE, pt-BR, ru: the "
        "bot answers in it (en, es, de, fr, pt, ru) and names that country's emergency number "
        "first (default: en)",
    )
    chat.add_argument("--content", default=str(DEFAULT_CONTENT_DIR), help="content folder")
    chat.add_argument(
        "--files",
        default="chat-files",
        metavar="DIR",
        help="where the files the bot sends (/diary's chart, /summary's PDF, /mydata's export) "
        "are saved, made when the first one comes (default: ./chat-files)",
    )
    chat.set_defaults(func=_chat)


def _chat(args: argparse.Namespace) -> int:
    from tgbot.terminal import run_chat

    return run_chat(Path(args.content), args.language or None, Path(args.files))
