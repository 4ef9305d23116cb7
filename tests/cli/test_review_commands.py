"""The commands a clinician or reviewer runs: ``content check`` and ``triage``."""

import json
import re
import subprocess
import sys
from pathlib import Path

from tests.helpers_release import RELEASE, VERSION

REPO = Path(__file__).resolve().parents[2]


def bot(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "bot.py"), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )


def test_content_check_summarises_valid_content() -> None:
    result = bot("content", "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("twitch: 6 sections")
    assert re.search(r"spasm: .*, (\d+) frequent questions", result.stdout)
    assert "flow twitch: 7 questions" in result.stdout
    assert "flow spasm: 10 questions" in result.stdout
    assert f"release {VERSION} of {RELEASE.date}, reviewed by " in result.stdout


def test_content_check_names_file_and_field_of_each_problem() -> None:
    result = bot("content", "check", "--content", "tests/core/content/fixtures/broken")
    assert result.returncode == 2
    errors = result.stderr
    for expected in (
        "sources.yaml: sources[1].id: duplicate source id",
        "twitch.yaml: sections.causes.sources[0]: unknown source id 'nhs_twich'",
        "twitch.yaml: sections.self_care: missing required section",
        "twitch.yaml: tips.caffeine.text: text is empty",
        "twitch.yaml: sections.what_it_is.text: invalid Telegram HTML",
        "messages.yaml: disclaimer: invalid Telegram HTML: <i> is never closed",
        "twitch.yaml: colour: unknown field",
    ):
        assert expected in errors


def test_triage_prints_the_outcome_as_json() -> None:
    result = bot(
        "triage",
        "spasm",
        "--json",
        "--answer",
        "emergency_signs=none",
        "--answer",
        "location=calf_foot",
        "--answer",
        "leg_signs=swollen_one_leg",
        "--answer",
        "episode_length=long",
        "--answer",
        "frequency=first",
        "--answer",
        "context=none",
        "--answer",
        "other_symptoms=none",
        "--answer",
        "self_care_result=not_helped",
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["level"] == "urgent"
    assert outcome["asked"][0] == "emergency_signs"
    assert outcome["reasons"]


def test_triage_stops_at_an_emergency_sign() -> None:
    result = bot("triage", "twitch", "--json", "--answer", "emergency_signs=speech")
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout)
    assert outcome["level"] == "emergency"
    assert outcome["asked"] == ["emergency_signs"]


def test_triage_names_a_missing_answer_or_an_unknown_id() -> None:
    missing = bot(
        "triage", "spasm", "--answer", "emergency_signs=none", "--answer", "location=calf_foot"
    )
    assert missing.returncode == 2
    assert "leg_signs" in missing.stderr
    unknown = bot("triage", "twitch", "--answer", "emergency_signs=dizzy")
    assert unknown.returncode == 2
    assert "dizzy" in unknown.stderr
