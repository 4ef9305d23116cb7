"""The loaded library kept on disk between starts, as Python keeps its .pyc files.

Loading content/ parses every language's YAML, checks each translation against English, works
out the sign-off of each language, checks citations and compiles the safety net: seconds of
CPU. The result depends only on the content files, the code that loads them and a few
libraries, so a start reuses the library a previous start saved when all of those are the
same. The key is a SHA-256 of every file under content/, every module of tgbot/core, the
Python version and the versions of the libraries whose output the library holds; any change
makes a new key, and that start loads and checks everything as before (broken content is
refused exactly as without the cache) and saves the result for the next.

A pickle can run code when it is read, so only a file this process's user wrote, in a
folder only they can write, is read; the file starts with its full key, and is written
under a temporary name then renamed, so a reader never sees half of one.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from types import MappingProxyType
from typing import Any

from tgbot.core.knowledge import Library, load_library

CACHE_FORMAT = 1
"""Raised when the file's layout changes."""
_CODE = Path(__file__).resolve().parent
"""tgbot/core: the loaders and the classes the library is made of."""
_LIBRARIES = ("Babel", "PyYAML", "snowballstemmer", "rapidfuzz")
"""Libraries whose output is part of the library (CLDR data, parsing, stems)."""
_PREFIX = "library-"
_SUFFIX = ".pickle"


@dataclass(frozen=True)
class Loaded:
    library: Library
    cached: bool
    """Read from the cache (else loaded from content/ and checked)."""
    problem: str | None = None
    """Why the cache could not be read or written (the library is fine all the same)."""


def load_library_cached(root: Path, folder: Path | None, *, save: bool = True) -> Loaded:
    """The library of content folder ``root``: the one this process loaded last when it was
    of exactly these files and this code, else from ``folder``'s cache when one was saved for
    them, else loaded (raises ContentError as load_library does) and saved there unless
    ``save`` is False (a health check changes nothing). ``folder`` None: no cache on disk."""
    key = library_key(root)
    if _last is not None and _last[0] == key:
        return Loaded(_last[1], cached=True)
    if folder is None:
        return Loaded(_remember(key, load_library(root)), cached=False)
    path = cache_file(folder, key)
    library, problem = read_cached(path, key)
    if library is not None:
        return Loaded(_remember(key, library), cached=True)
    library = _remember(key, load_library(root))
    if not save:
        return Loaded(library, cached=False, problem=problem)
    try:
        _write(folder, path, key, library)
    except (OSError, pickle.PicklingError) as error:
        problem = f"not saved: {type(error).__name__}: {error}"
    return Loaded(library, cached=False, problem=problem)


# The library this process loaded last, by its key: a library is read-only, so bots started
# again in one process (tests, `bot.py chat`) share it, as they would read it from disk.
_last: tuple[str, Library] | None = None


def _remember(key: str, library: Library) -> Library:
    global _last
    _last = (key, library)
    return library


def forget_last() -> None:
    """The next load reads the disk cache or content/ (tests of those)."""
    global _last
    _last = None


def library_key(root: Path) -> str:
    digest = hashlib.sha256()
    digest.update(f"{CACHE_FORMAT}\0{sys.version}\0".encode())
    for name in _LIBRARIES:
        try:
            digest.update(f"{name} {version(name)}\0".encode())
        except PackageNotFoundError:
            digest.update(f"{name} -\0".encode())
    _hash_files(digest, _CODE, (p for p in _CODE.rglob("*.py") if "__pycache__" not in p.parts))
    _hash_files(digest, root, (p for p in root.rglob("*") if p.is_file()))
    return digest.hexdigest()


def _hash_files(digest: Any, base: Path, files: Iterable[Path]) -> None:
    for path in sorted(files):
        data = path.read_bytes()
        digest.update(f"{path.relative_to(base).as_posix()}\0{len(data)}\0".encode())
        digest.update(data)


def cache_file(folder: Path, key: str) -> Path:
    return folder / f"{_PREFIX}{key[:32]}{_SUFFIX}"


def read_cached(path: Path, key: str) -> tuple[Library | None, str | None]:
    """The library saved under ``key``; None (and why, unless there is simply none yet)."""
    try:
        with path.open("rb") as file:
            status = os.fstat(file.fileno())
            if status.st_uid != os.getuid() or status.st_mode & 0o022:
                return None, "not read: the file is not this user's alone"
            if not _own_folder(path.parent):
                return None, "not read: the folder is not this user's alone"
            if file.readline().decode("ascii", "replace").strip() != key:
                return None, "not read: another key"
            library = pickle.load(file)
    except FileNotFoundError:
        return None, None
    except Exception as error:  # a damaged file is rebuilt, whatever unpickling raised
        return None, f"not read: {type(error).__name__}"
    if not isinstance(library, Library):
        return None, "not read: not a library"
    return library, None


def _own_folder(folder: Path) -> bool:
    status = folder.stat()
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def _write(folder: Path, path: Path, key: str, library: Library) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not _own_folder(folder):
        raise PermissionError(f"{folder} is not this user's alone")
    body = io.BytesIO()
    pickler = pickle.Pickler(body, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy}
    # The safety net's memory of words read is not part of what was loaded.
    library.english.safety.net.forget_words()
    pickler.dump(library)
    handle, temporary = tempfile.mkstemp(prefix=f".{_PREFIX}", dir=folder)  # mode 0600
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(f"{key}\n".encode("ascii"))
            file.write(body.getbuffer())
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    for old in folder.glob(f"{_PREFIX}*{_SUFFIX}"):  # libraries of older files or code
        if old != path:
            old.unlink(missing_ok=True)


def _reduce_proxy(proxy: MappingProxyType[Any, Any]) -> tuple[Any, tuple[dict[Any, Any]]]:
    return _proxy, (dict(proxy),)


def _proxy(mapping: dict[Any, Any]) -> MappingProxyType[Any, Any]:
    """A read-only view again (pickle cannot rebuild one by itself)."""
    return MappingProxyType(mapping)
