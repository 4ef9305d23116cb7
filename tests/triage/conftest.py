"""Fixtures for the triage tests: the real content, a copy to break, readability scoring."""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import textstat
import textstat.backend.counts._count_syllables as textstat_syllables

from tgbot.triage import Flow, TriageData, load_triage

from .helpers import CONTENT_ROOT


@pytest.fixture(scope="session")
def triage_data() -> TriageData:
    return load_triage(CONTENT_ROOT)


@pytest.fixture(scope="session")
def twitch(triage_data: TriageData) -> Flow:
    return triage_data.flows["twitch"]


@pytest.fixture(scope="session")
def spasm(triage_data: TriageData) -> Flow:
    return triage_data.flows["spasm"]


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the triage content (triage.yaml and flows/) to break on purpose."""
    root = tmp_path / "content"
    root.mkdir()
    shutil.copy(CONTENT_ROOT / "triage.yaml", root / "triage.yaml")
    shutil.copytree(CONTENT_ROOT / "flows", root / "flows")
    return root


@pytest.fixture(scope="session")
def fk_grade() -> Iterator[Callable[[str], float]]:
    """textstat.flesch_kincaid_grade that works offline.

    textstat counts English syllables with NLTK's CMU dictionary, which it downloads on first
    use; the machines here cannot download it. Without the dictionary, textstat's own fallback
    (pyphen hyphenation) counts every word instead.
    """
    nltk = importlib.import_module("nltk")  # untyped; imported by name to keep mypy strict
    try:
        nltk.data.find("corpora/cmudict")
    except LookupError:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(textstat_syllables, "get_cmudict", lambda lang: None)
            yield textstat.flesch_kincaid_grade
        return
    yield textstat.flesch_kincaid_grade
