"""Collecting every content problem with its file and field path, so one run reports them all."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path


class ContentError(ValueError):
    """content/ is invalid: the one error type of every content reader (content, flows, results,
    the safety net, numbers, the knowledge as a whole). ``errors`` holds one line per problem,
    "file: field.path: what is wrong", for a clinician; all of them where a reader collects
    them, the first where it stops there (:meth:`at`)."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors
        self.file = self.path = ""
        self.problem = "\n".join(errors)

    @classmethod
    def at(cls, file: str, path: str, problem: str) -> ContentError:
        """One problem at one place: `file`, the field `path` in it ("" for the whole file)."""
        error = cls([f"{file}: {path}: {problem}" if path else f"{file}: {problem}"])
        error.file, error.path, error.problem = file, path, problem
        return error


@dataclass
class Problems:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ContentError(list(self.errors))


def display_path(path: Path) -> str:
    """The path as a person typed it: relative to the working folder when it is inside it."""
    try:
        return os.path.relpath(path) if path.is_absolute() and _inside_cwd(path) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _inside_cwd(path: Path) -> bool:
    return path.resolve().is_relative_to(Path.cwd().resolve())


@dataclass(frozen=True)
class Where:
    """A place in one content file; problems found there are reported as "file: path: message"."""

    problems: Problems
    file: str
    path: str = ""

    def child(self, key: str) -> Where:
        return replace(self, path=f"{self.path}.{key}" if self.path else key)

    def item(self, index: int) -> Where:
        return replace(self, path=f"{self.path}[{index}]")

    def _line(self, message: str) -> str:
        return f"{self.file}: {self.path}: {message}" if self.path else f"{self.file}: {message}"

    def error(self, message: str) -> None:
        self.problems.errors.append(self._line(message))

    def warn(self, message: str) -> None:
        self.problems.warnings.append(self._line(message))
