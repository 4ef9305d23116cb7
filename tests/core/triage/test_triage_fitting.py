"""Results fitted to the answers (content/results.yaml): a calf twitch's self-care result
does not warn about the eyelid, and no warning shows twice in one result."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tgbot.core.content.problems import ContentError
from tgbot.core.knowledge import Knowledge, Library, load_knowledge
from tgbot.core.triage import Level, evaluate, render_outcome

from .helpers import CONTENT_ROOT

NONE = ("none",)


@pytest.fixture(scope="module")
def knowledge(library: Library) -> Knowledge:
    """The English of the run's library (tests/conftest.py): loaded once per test process."""
    return library.english


def _self_care(knowledge: Knowledge, flow_id: str, answers: dict[str, tuple[str, ...]]) -> str:
    flow = knowledge.triage.flows[flow_id]
    outcome = evaluate(flow, answers)
    assert outcome.level is Level.SELF_CARE
    tips = knowledge.content.topics[flow.topic].tips
    fits = knowledge.results.line_filter(flow.id, outcome.answers, outcome.tip_ids)
    return render_outcome(
        knowledge.triage,
        flow,
        outcome,
        lambda tip_id: tips[tip_id].html if tip_id in tips else None,
        lambda source_id: source_id,
        fits=fits,
    )


def _twitch(location: str) -> dict[str, tuple[str, ...]]:
    return {
        "emergency_signs": NONE,
        "location": (location,),
        "duration": ("days",),
        "symptoms": NONE,
        "triggers": ("exercise",),
    }


def test_a_calf_twitch_is_not_warned_about_the_eyelid(knowledge: Knowledge) -> None:
    text = _self_care(knowledge, "twitch", _twitch("calf"))
    assert "shuts fully" not in text
    assert "closes all the way" not in text
    assert "the twitch is still there after 2 weeks" in text


def test_an_eyelid_twitch_gets_the_eyelid_warning_once(knowledge: Knowledge) -> None:
    text = _self_care(knowledge, "twitch", _twitch("eyelid"))
    assert text.count("closes all the way") + text.count("shuts fully") == 1


def test_night_cramps_are_told_to_see_a_doctor_once(knowledge: Knowledge) -> None:
    answers: dict[str, tuple[str, ...]] = {
        "emergency_signs": NONE,
        "location": ("calf_foot",),
        "leg_signs": NONE,
        "episode_length": ("short",),
        "frequency": ("sometimes",),
        "context": ("night",),
        "other_symptoms": NONE,
        "self_care_result": ("helped",),
    }
    text = _self_care(knowledge, "spasm", answers).lower()
    assert text.count("wake you") + text.count("wakes you") == 1


def test_a_rule_that_finds_no_line_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_ROOT, root)
    rules = root / "results.yaml"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("your eyelid shuts fully", "your ear hurts"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_knowledge(root)
    assert caught.value.errors == [
        "results.yaml: twitch[0]: no 'See a doctor if' line has 'your ear hurts'"
    ]
