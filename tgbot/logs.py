"""Structured logs: one event a line as ``key=value`` pairs, with ids but never message text,
names or the bot token."""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

# Libraries that would otherwise log request URLs (which contain the bot token) at INFO, or
# at DEBUG what users said and answered: aiosqlite writes every statement with its parameters
# (answers, typed time zones), telegram every Bot API call with its text. Never below WARNING,
# whatever LOG_LEVEL says: logs hold ids only, at every level.
_CHATTY_LOGGERS = ("httpx", "httpcore", "apscheduler", "aiohttp.access", "telegram", "aiosqlite")


class RedactingFilter(logging.Filter):
    """Last line of defence: a secret that reaches a log record is replaced before output."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        redacted = message
        for secret in self._secrets:
            redacted = redacted.replace(secret, "[REDACTED]")
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class LogfmtFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        line = f"ts={stamp}Z level={record.levelname} logger={record.name} {record.getMessage()}"
        if record.exc_info:
            # Type and location only: exception messages can quote user input.
            exc_type = record.exc_info[0]
            line += f" exc_type={exc_type.__name__ if exc_type else 'unknown'}"
            tb = record.exc_info[2]
            while tb is not None and tb.tb_next is not None:
                tb = tb.tb_next
            if tb is not None:
                code = tb.tb_frame.f_code
                where = code.co_filename.rsplit("/", 1)[-1]
                line += f" exc_at={where}:{tb.tb_lineno}:{code.co_name}"
        return line


def setup_logging(level: str, secrets: list[str], stream: Any = None) -> None:
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(LogfmtFormatter())
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in _CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
