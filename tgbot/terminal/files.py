"""Files the bot sends in ``bot.py chat`` (the diary's chart, the doctor's summary, /mydata's
export), saved to a folder so they can be opened: a terminal cannot show them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tgbot.localapi import BotMessage

DEFAULT_FOLDER = Path("chat-files")
# Telegram sends a photo without a file name: the chart is a PNG.
PHOTO_NAME = "picture-{message_id}.png"


@dataclass
class FileFolder:
    """Where the chat's files go; made at the first file, never overwritten (a second file of
    the same name gets "-2", "-3"...)."""

    folder: Path = DEFAULT_FOLDER

    def save(self, message: BotMessage) -> Path | None:
        """Save the message's document or photo; its path, or None if it has neither."""
        if message.document is not None:
            name, content = message.document_name or f"file-{message.message_id}", message.document
        elif message.photo is not None:
            name, content = PHOTO_NAME.format(message_id=message.message_id), message.photo
        else:
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._free(Path(name).name)
        target.write_bytes(content)
        return target

    def _free(self, name: str) -> Path:
        target = self.folder / name
        stem, suffix = Path(name).stem, Path(name).suffix
        number = 1
        while target.exists():
            number += 1
            target = self.folder / f"{stem}-{number}{suffix}"
        return target
