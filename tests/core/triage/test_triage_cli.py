"""run_triage_cli: the outcome as text or JSON, and exit code 2 with one line on bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tgbot.cli.triage import run_triage_cli

from .helpers import CONTENT_ROOT

TWITCH_DOCTOR = [
    "emergency_signs=none",
    "location=thumb_hand",
    "duration=over_two_weeks",
    "symptoms=none",
    "triggers=caffeine,stress",
    "already_checked=not_checked",
]


def _run(
    flow: str, args: list[str], as_json: bool = False, root: Path = CONTENT_ROOT
) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_triage_cli(root, flow, args, as_json, out, err)
    return code, out.getvalue(), err.getvalue()


def test_text_output() -> None:
    code, out, err = _run("twitch", TWITCH_DOCTOR)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Flow: twitch (⚡ Muscle twitching)"
    assert lines[1] == "Level: doctor (See a doctor)"
    assert lines[2] == (
        "Asked: emergency_signs, location, duration, symptoms, triggers, already_checked"
    )
    assert lines[3] == "Decided by: duration=over_two_weeks, already_checked=not_checked"
    assert lines[4] == "Ignored (not asked): none"
    reason = "  - [doctor] A twitch that lasts more than 2 weeks"
    assert any(line.startswith(reason) for line in lines)
    assert "Tips: caffeine, stress" in lines
    assert "<" not in out


def test_json_output() -> None:
    code, out, err = _run(
        "spasm",
        [
            "emergency_signs=none",
            "location=other",
            "episode_length=long",
            "frequency=first",  # urgent is fixed by episode_length: the rest is not asked
            "context=night",
            "other_symptoms=none",
            "self_care_result=not_tried",
            "leg_signs=swollen_one_leg",  # not asked elsewhere than a leg: ignored
        ],
        as_json=True,
    )
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["level"] == "urgent"
    assert result["asked"] == ["emergency_signs", "location", "episode_length"]
    assert result["decided_by"] == [
        {
            "question": "episode_length",
            "option": "long",
            "answer": "Over 10 min, or won't ease",
            "level": "urgent",
            "sources": ["nhs_leg_cramps", "medlineplus_cramps"],
        }
    ]
    assert result["ignored"] == [
        "leg_signs",
        "frequency",
        "context",
        "other_symptoms",
        "self_care_result",
    ]
    assert result["reasons"][0].startswith("A cramp that lasts more than 10 minutes")
    assert result["reason_details"][0]["sources"] == ["nhs_leg_cramps", "medlineplus_cramps"]
    assert result["tips"] == []
    assert "how long the cramp has lasted" in result["tell_doctor"]
    assert "nhs_leg_cramps" in result["sources"]
    assert "leg_signs" not in result["answers"]


def test_emergency_needs_only_the_first_answer() -> None:
    code, out, _ = _run("spasm", ["emergency_signs=chest"], as_json=True)
    assert code == 0
    assert json.loads(out)["level"] == "emergency"
    assert json.loads(out)["asked"] == ["emergency_signs"]


@pytest.mark.parametrize(
    ("flow", "args", "message"),
    [
        ("cramps", [], "unknown flow 'cramps' (flows: spasm, twitch)"),
        ("twitch", ["emergency_signs"], "malformed answer 'emergency_signs'"),
        ("twitch", ["emergency_signs="], "malformed answer 'emergency_signs='"),
        ("twitch", ["=none"], "malformed answer '=none'"),
        ("twitch", ["emergency_signs=none,"], "malformed answer"),
        ("twitch", ["mood=none"], "unknown question 'mood' in flow 'twitch'"),
        ("twitch", ["emergency_signs=tremor"], "unknown option 'tremor' of 'emergency_signs'"),
        (
            "spasm",
            ["emergency_signs=none", "location=back", "leg_signs=swollen"],
            "unknown option 'swollen' of 'leg_signs'",
        ),
        (
            "twitch",
            ["emergency_signs=none", "emergency_signs=none"],
            "'emergency_signs' is answered twice",
        ),
        (
            "twitch",
            ["emergency_signs=none", "location=calf"],
            "no answer to 'duration', which this flow asks",
        ),
        ("twitch", ["emergency_signs=none,speech"], "'none' cannot be combined"),
        (
            "twitch",
            [*TWITCH_DOCTOR[:5], "already_checked=maybe"],
            "unknown option 'maybe' of 'already_checked'",
        ),
        (
            "twitch",
            TWITCH_DOCTOR[:5],
            "no answer to 'already_checked', which this flow asks",
        ),
        ("twitch", [*TWITCH_DOCTOR[:1], "location=calf,arm"], "'location' takes one option"),
    ],
)
def test_bad_input_exits_2_with_one_line(flow: str, args: list[str], message: str) -> None:
    code, out, err = _run(flow, args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("error: ")
    assert message in err


def test_broken_content_exits_1(tmp_path: Path) -> None:
    code, _, err = _run("twitch", TWITCH_DOCTOR, root=tmp_path)
    assert code == 1
    assert err.startswith("error: broken content:")
    assert "file not found" in err


def test_a_missing_answer_lists_the_options_to_choose_from() -> None:
    code, _, err = _run("twitch", ["emergency_signs=none"])
    assert code == 2
    assert err.strip() == (
        "error: no answer to 'location', which this flow asks"
        " (options: eyelid, face, calf, thumb_hand, arm, other, many)"
    )


def test_help_lists_every_question_and_option_id(capsys: pytest.CaptureFixture[str]) -> None:
    from tgbot.cli.main import main

    with pytest.raises(SystemExit) as stop:
        main(["triage", "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "  flow twitch:" in out
    assert "  flow spasm:" in out
    assert "    duration (pick one): days, one_two_weeks, over_two_weeks, months_on_off" in out
    assert (
        "    leg_signs (tick, asked only for some answers): swollen_one_leg, numb_leg, none" in out
    )
