"""twitch-triage-bot command line: ``python bot.py --help``."""

from __future__ import annotations

import sys

from tgbot.cli import main

if __name__ == "__main__":
    sys.exit(main())
