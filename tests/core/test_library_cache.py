"""The loaded library kept between starts (tgbot/core/library_cache.py): a start after the
first reads it, any change of content/ loads and checks everything again (broken content is
refused as without the cache), and a file anyone else could have written is never read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.content import ContentError
from tgbot.core.library_cache import (
    Loaded,
    cache_file,
    forget_last,
    library_key,
    load_library_cached,
    read_cached,
)

# Our own sentences: one the safety net must answer, one it must leave alone.
ALARMING = "my face is drooping on one side and I cannot lift my arm"
CALM = "my eyelid has twitched a little since Monday"


def from_disk(root: Path, cache: Path) -> Loaded:
    """Loaded as a new process would: not the library this test process loaded last."""
    forget_last()
    return load_library_cached(root, cache)


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Loaded]:
    """A copy of content/ and the cache its first start saved."""
    folder = tmp_path_factory.mktemp("cache-test")
    root, cache = folder / "content", folder / "cache"
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    return root, cache, from_disk(root, cache)


def test_the_first_start_loads_and_saves_the_next_reads_it(
    first: tuple[Path, Path, Loaded],
) -> None:
    root, cache, loaded = first
    assert not loaded.cached
    assert loaded.problem is None
    assert [p.name for p in cache.iterdir()] == [cache_file(cache, library_key(root)).name]
    again = from_disk(root, cache)
    assert again.cached
    assert again.library.offered == loaded.library.offered
    for code, knowledge in loaded.library.by_language.items():
        read = again.library.by_language[code]
        assert read.content.messages == knowledge.content.messages
        assert read.content.topics == knowledge.content.topics
        assert read.triage.flows == knowledge.triage.flows
        assert read.language == knowledge.language
    net, read_net = loaded.library.english.safety.net, again.library.english.safety.net
    assert read_net.read(ALARMING) == net.read(ALARMING)
    assert read_net.read(ALARMING).alarmed
    assert not read_net.read(CALM).alarmed


def test_a_file_others_could_write_or_a_damaged_one_is_not_read(
    first: tuple[Path, Path, Loaded],
) -> None:
    root, cache, _ = first
    key = library_key(root)
    path = cache_file(cache, key)
    path.chmod(0o666)
    assert read_cached(path, key) == (None, "not read: the file is not this user's alone")
    path.chmod(0o600)
    assert read_cached(path, key[::-1]) == (None, "not read: another key")
    damaged = cache / "damaged.pickle"
    damaged.write_bytes(path.read_bytes()[:5000])
    damaged.chmod(0o600)
    library, problem = read_cached(damaged, key)
    assert library is None
    assert problem is not None
    assert problem.startswith("not read:")
    damaged.unlink()
    assert read_cached(path, key)[0] is not None


def test_changed_content_is_loaded_and_checked_again(first: tuple[Path, Path, Loaded]) -> None:
    root, cache, loaded = first
    before = library_key(root)
    messages = root / "messages.yaml"
    saved = messages.read_text(encoding="utf-8")
    messages.write_text(saved + "\n# a note for translators\n", encoding="utf-8")
    topic = root / "topics" / "twitch.yaml"
    topic_text = topic.read_text(encoding="utf-8")
    try:
        assert library_key(root) != before
        changed = from_disk(root, cache)
        assert not changed.cached
        assert changed.library.english.content.messages == loaded.library.english.content.messages
        assert len(list(cache.glob("library-*"))) == 1  # the older one is gone
        # Broken content is refused as it is without a cache, whatever was saved before.
        topic.write_text(
            topic_text.replace("[nhs_twitching,", "[no_such_source,", 1), encoding="utf-8"
        )
        with pytest.raises(ContentError) as refused:
            from_disk(root, cache)
        assert any(
            "twitch.yaml" in error and "no_such_source" in error for error in refused.value.errors
        )
    finally:
        messages.write_text(saved, encoding="utf-8")
        topic.write_text(topic_text, encoding="utf-8")


def test_a_process_starting_the_bot_again_shares_the_library_it_loaded(
    first: tuple[Path, Path, Loaded],
) -> None:
    root, _, _ = first
    once = load_library_cached(root, None)
    again = load_library_cached(root, None)
    assert again.cached
    assert again.library is once.library
    note = root / "messages.yaml"
    saved = note.read_text(encoding="utf-8")
    note.write_text(saved + "\n# changed since\n", encoding="utf-8")
    try:
        changed = load_library_cached(root, None)
        assert not changed.cached
        assert changed.library is not once.library
    finally:
        note.write_text(saved, encoding="utf-8")
