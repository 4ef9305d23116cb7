"""``bot.py content review``: the local page where a clinician signs off a translation, text by
text (tgbot/serving/review.py); the sign-off goes to content/locales/<code>/signoff.yaml."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from tgbot.cli.exits import EXIT_USAGE
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.serving.review import DEFAULT_PORT, serve_review


def add_commands(content_commands: Any) -> None:
    """Adds ``content review`` to the ``content`` subcommands."""
    review = content_commands.add_parser(
        "review",
        help="start a local page where a clinician reads every translated text beside the "
        "English (safety-critical first) and approves or flags each; writes "
        "content/locales/<code>/signoff.yaml",
    )
    review.add_argument("--content", default=str(DEFAULT_CONTENT_DIR), help="content folder")
    review.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1; any other needs the printed token)",
    )
    review.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any)"
    )
    review.set_defaults(func=_review)


def _review(args: argparse.Namespace) -> int:
    root = Path(args.content)
    if not (root / "locales").is_dir():
        print(f"error: {root}: no locales/ folder: nothing to review", file=sys.stderr)
        return EXIT_USAGE

    def say(line: str) -> None:
        print(line, flush=True)

    try:
        asyncio.run(serve_review(root, args.host, args.port, say))
    except OSError as error:
        print(f"error: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return EXIT_USAGE
    return 0
