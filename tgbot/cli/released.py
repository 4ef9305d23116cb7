"""The content with its recorded release, for the commands that need both."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from tgbot.core.content.problems import ContentError
from tgbot.core.knowledge import Knowledge, load_knowledge
from tgbot.core.release_lock import Lock, LockError, read_lock


def load_with_lock(content_root: Path, err: TextIO) -> tuple[Knowledge, Lock | None] | None:
    """The content and its recorded release, or None once the problem is said on ``err``
    (for ``content report`` and ``content release``)."""
    try:
        return load_knowledge(content_root), read_lock(content_root)
    except ContentError as error:
        print("error: content is invalid:\n" + "\n".join(error.errors), file=err)
    except LockError as error:
        print(f"error: {error}", file=err)
    return None
