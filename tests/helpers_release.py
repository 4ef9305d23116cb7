"""The release of content/ the tests run on (content/release.yaml): texts that name it."""

from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.release import load_release

RELEASE = load_release(DEFAULT_CONTENT_DIR)
VERSION = RELEASE.version
