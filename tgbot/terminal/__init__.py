"""``bot.py chat``: the real bot on the local Bot API stand-in, talked to in a terminal."""

from tgbot.terminal.chat import run_chat

__all__ = ["run_chat"]
