"""The Telegram shell: the only package that imports ``telegram``."""

import sys

# PTB imports httpx, and httpx's package imports its command-line client when click, rich and
# pygments are installed (they are, for `bot.py chat` and textstat): 0.2 s of CPU and 4 MB
# at every start for a client the bot never runs. httpx falls back to a stub `main` when the
# import fails, which a None in sys.modules makes it do.
if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
