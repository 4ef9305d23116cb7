"""Fixtures for the triage tests: the real content, a copy to break, readability scoring."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import textstat

from tgbot.core.knowledge import Library
from tgbot.core.triage import Flow, TriageData

from .helpers import CONTENT_ROOT


@pytest.fixture(scope="session")
def triage_data(library: Library) -> TriageData:
    """The English flows, with the emergency numbers of every country (content/numbers)."""
    return library.english.triage


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
def fk_grade(cmu_dictionary: None) -> Callable[[str], float]:
    """textstat's Flesch-Kincaid grade, with the CMU dictionary served offline."""

    def grade(text: str) -> float:
        return float(textstat.flesch_kincaid_grade(text))

    return grade
