"""The engine on the real flows: answer checks, stepping, progress, Back, outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tgbot.core.triage import (
    AnswerError,
    Answers,
    Flow,
    Level,
    MissingAnswer,
    Outcome,
    Question,
    evaluate,
    load_triage,
    next_step,
    previous_question,
    progress,
    toggle_option,
    validate_answer,
)
from tgbot.core.triage.conditions import AllOf, AnswerIn, AnyOf, Not, holds

NONE = ("none",)
TWITCH_SELF_CARE = {
    "emergency_signs": NONE,
    "location": ("eyelid",),
    "duration": ("days",),
    "symptoms": NONE,
    "triggers": ("caffeine", "stress"),
}
SPASM_BACK = {
    "emergency_signs": NONE,
    "location": ("back",),
    "episode_length": ("short",),
    "frequency": ("first",),
    "context": NONE,
    "other_symptoms": NONE,
    "self_care_result": ("helped",),
}


def _step_id(flow: Flow, answers: Answers) -> str:
    step = next_step(flow, answers)
    assert isinstance(step, Question)
    return step.id


# --- validate_answer -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "question_id", "option_ids", "message"),
    [
        ({}, "mood", ("happy",), "'mood' is not a question of flow 'twitch'"),
        ({}, "emergency_signs", ("fainting",), "'fainting' is not an option of 'emergency_signs'"),
        ({}, "emergency_signs", (), "no option chosen for 'emergency_signs'"),
        (
            {},
            "emergency_signs",
            ("none", "speech"),
            "'none' cannot be combined with other options in 'emergency_signs'",
        ),
        (
            {"emergency_signs": NONE},
            "location",
            ("eyelid", "calf"),
            "'location' takes one option, got 2",
        ),
        (
            {"emergency_signs": NONE},
            "duration",
            ("days",),
            "'duration' is not asked now; the current question is 'location'",
        ),
        (
            {"emergency_signs": ("speech",)},
            "location",
            ("eyelid",),
            "'location' is not asked now: the flow has ended",
        ),
        (TWITCH_SELF_CARE, "triggers", ("caffeine",), "the flow has ended"),
    ],
)
def test_validate_answer_rejects(
    twitch: Flow,
    answers: dict[str, tuple[str, ...]],
    question_id: str,
    option_ids: tuple[str, ...],
    message: str,
) -> None:
    with pytest.raises(AnswerError, match=message) as caught:
        validate_answer(twitch, answers, question_id, option_ids)
    assert caught.value.question_id == question_id


def test_validate_answer_normalises_order_and_repeats(twitch: Flow) -> None:
    answers = {
        "emergency_signs": NONE,
        "location": ("calf",),
        "duration": ("days",),
        "symptoms": NONE,
    }
    chosen = validate_answer(twitch, answers, "triggers", ("stress", "caffeine", "stress"))
    assert chosen == ("caffeine", "stress")


def test_leg_signs_is_not_asked_for_a_back_spasm(spasm: Flow) -> None:
    answers = {"emergency_signs": NONE, "location": ("back",)}
    with pytest.raises(AnswerError, match="current question is 'episode_length'"):
        validate_answer(spasm, answers, "leg_signs", NONE)


# --- next_step and evaluate ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("location", "next_question"),
    [
        ("calf_foot", "leg_signs"),
        ("thigh", "leg_signs"),
        ("back", "episode_length"),
        ("neck", "episode_length"),
        ("hand_arm", "arm_signs"),
        ("other", "episode_length"),
    ],
)
def test_leg_signs_only_for_calf_foot_and_thigh_arm_signs_for_the_arm(
    spasm: Flow, location: str, next_question: str
) -> None:
    step = _step_id(spasm, {"emergency_signs": NONE, "location": (location,)})
    assert step == next_question


def test_belly_cramps_end_at_urgent_at_once(spasm: Flow) -> None:
    step = next_step(spasm, {"emergency_signs": NONE, "location": ("belly",)})
    assert isinstance(step, Outcome)
    assert step.level is Level.URGENT
    assert "pregnant" in step.reasons[0].text


def test_first_step_is_the_emergency_screen(twitch: Flow, spasm: Flow) -> None:
    assert _step_id(twitch, {}) == "emergency_signs"
    assert _step_id(spasm, {}) == "emergency_signs"


@pytest.mark.parametrize("sign", ["face_droop", "one_side_weak", "speech", "seizure", "breathing"])
def test_an_emergency_sign_ends_the_twitch_flow_at_once(twitch: Flow, sign: str) -> None:
    step = next_step(twitch, {"emergency_signs": (sign,)})
    assert isinstance(step, Outcome)
    assert step.level is Level.EMERGENCY
    assert step.asked == ("emergency_signs",)
    assert step.reasons[0].option_id == sign
    assert "nhs_stroke" in step.source_ids


def test_evaluate_names_the_first_missing_question(spasm: Flow) -> None:
    with pytest.raises(MissingAnswer, match="'leg_signs'") as caught:
        evaluate(
            spasm, {"emergency_signs": NONE, "location": ("thigh",), "episode_length": ("short",)}
        )
    assert caught.value.question_id == "leg_signs"


def test_evaluate_ignores_answers_to_questions_not_asked(spasm: Flow) -> None:
    # leg_signs does not apply to the back, so its "urgent" answer must not count.
    outcome = evaluate(spasm, {**SPASM_BACK, "leg_signs": ("swollen_one_leg",)})
    assert outcome.level is Level.SELF_CARE
    assert "leg_signs" not in outcome.asked
    assert "leg_signs" not in outcome.answers


def test_evaluate_still_rejects_unknown_question_ids(spasm: Flow) -> None:
    with pytest.raises(AnswerError, match="'legsigns' is not a question"):
        evaluate(spasm, {**SPASM_BACK, "legsigns": NONE})


def test_self_care_outcome(twitch: Flow) -> None:
    outcome = evaluate(twitch, TWITCH_SELF_CARE)
    assert outcome.level is Level.SELF_CARE
    assert outcome.reasons == ()
    assert outcome.tip_ids == ("eyelid", "caffeine", "stress")
    assert outcome.asked == ("emergency_signs", "location", "duration", "symptoms", "triggers")
    assert outcome.source_ids == twitch.outcomes[Level.SELF_CARE].source_ids
    assert outcome.answers["triggers"] == ("caffeine", "stress")


def test_reasons_come_highest_level_first_and_sources_are_collected(spasm: Flow) -> None:
    outcome = evaluate(
        spasm,
        {
            **SPASM_BACK,
            "location": ("calf_foot",),
            "leg_signs": ("numb_leg",),
            "frequency": ("often",),
            "context": ("walking",),
            "self_care_result": ("not_helped",),
        },
    )
    assert outcome.level is Level.DOCTOR
    assert [(r.question_id, r.option_id, r.level) for r in outcome.reasons] == [
        ("leg_signs", "numb_leg", Level.DOCTOR),
        ("frequency", "often", Level.DOCTOR),
        ("context", "walking", Level.DOCTOR),
        ("self_care_result", "not_helped", Level.DOCTOR),
    ]
    assert outcome.source_ids[0] == "nhs_leg_cramps"
    for source_id in spasm.outcomes[Level.DOCTOR].source_ids:
        assert source_id in outcome.source_ids
    assert len(set(outcome.source_ids)) == len(outcome.source_ids)


def test_tell_doctor_lists_answer_points_then_the_flow_points(twitch: Flow) -> None:
    outcome = evaluate(
        twitch, {**TWITCH_SELF_CARE, "triggers": ("medicine",), "medicine_signs": ("none",)}
    )
    assert outcome.level is Level.DOCTOR
    medicine = twitch.question("triggers")
    assert medicine is not None
    option = medicine.option("medicine")
    assert option is not None
    assert option.tell_doctor is not None
    assert outcome.tell_doctor == (option.tell_doctor, *twitch.tell_doctor)
    assert "do not stop" in outcome.reasons[0].text.lower()


# --- progress, Back, toggling ----------------------------------------------------------------


def test_progress_total_is_the_longest_path_and_never_moves(spasm: Flow) -> None:
    # Leg signs and the medicine question open only for some answers: 9 at most, fixed.
    assert progress(spasm, {}) == (1, 9)
    assert progress(spasm, {"emergency_signs": NONE}) == (2, 9)
    assert progress(spasm, {"emergency_signs": NONE, "location": ("calf_foot",)}) == (3, 9)
    assert progress(spasm, {"emergency_signs": NONE, "location": ("back",)}) == (3, 9)
    assert progress(spasm, SPASM_BACK) == (7, 9)


def test_the_longest_path_is_reached_by_some_answers(spasm: Flow, twitch: Flow) -> None:
    longest_spasm = {
        "emergency_signs": NONE,
        "location": ("calf_foot",),
        "leg_signs": NONE,
        "episode_length": ("short",),
        "frequency": ("sometimes",),
        "context": ("new_medicine",),
        "medicine_signs": NONE,
        "other_symptoms": NONE,
        "self_care_result": ("not_tried",),
    }
    assert len(evaluate(spasm, longest_spasm).asked) == spasm.most_questions == 9
    # Twitch: the medicine question and "already checked" exclude each other.
    longest_twitch = {
        "emergency_signs": NONE,
        "location": ("many",),
        "duration": ("over_two_weeks",),
        "symptoms": NONE,
        "triggers": ("caffeine",),
        "already_checked": ("not_checked",),
    }
    assert len(evaluate(twitch, longest_twitch).asked) == twitch.most_questions == 6


def test_progress_after_an_emergency_answer(twitch: Flow) -> None:
    assert progress(twitch, {"emergency_signs": ("breathing",)}) == (1, 6)


def test_back_drops_the_last_answer_and_returns_to_its_question(spasm: Flow) -> None:
    answers: dict[str, tuple[str, ...]] = {
        "emergency_signs": NONE,
        "location": ("thigh",),
        "leg_signs": NONE,
    }
    assert _step_id(spasm, answers) == "episode_length"
    last = previous_question(spasm, answers)
    assert last == "leg_signs"
    del answers[last]
    assert _step_id(spasm, answers) == "leg_signs"
    assert previous_question(spasm, answers) == "location"
    assert previous_question(spasm, {}) is None


def test_back_after_the_end_reopens_the_last_question(twitch: Flow) -> None:
    assert previous_question(twitch, TWITCH_SELF_CARE) == "triggers"
    assert previous_question(twitch, {"emergency_signs": ("speech",)}) == "emergency_signs"


def test_back_ignores_stale_answers_to_questions_no_longer_asked(spasm: Flow) -> None:
    # The person answered leg_signs for the calf, went back and picked the back instead.
    answers = {"emergency_signs": NONE, "location": ("back",), "leg_signs": ("numb_leg",)}
    assert previous_question(spasm, answers) == "location"
    assert progress(spasm, answers) == (3, 9)


def test_toggle_option_keeps_none_exclusive(twitch: Flow) -> None:
    symptoms = twitch.question("symptoms")
    assert symptoms is not None
    picked = toggle_option(symptoms, (), "numbness")
    assert picked == ("numbness",)
    picked = toggle_option(symptoms, picked, "weakness")
    assert picked == ("weakness", "numbness")
    assert toggle_option(symptoms, picked, "none") == ("none",)
    assert toggle_option(symptoms, ("none",), "stiffness") == ("stiffness",)
    assert toggle_option(symptoms, picked, "weakness") == ("numbness",)
    with pytest.raises(AnswerError, match="'tremor' is not an option"):
        toggle_option(symptoms, picked, "tremor")


def test_level_rank_orders_levels() -> None:
    ranks = [level.rank for level in (Level.SELF_CARE, Level.DOCTOR, Level.URGENT, Level.EMERGENCY)]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) == 4
    assert Level("urgent") is Level.URGENT
    assert str(Level.EMERGENCY) == "emergency"


def test_conditions_combine() -> None:
    calf = AnswerIn("location", ("calf_foot", "thigh"))
    night = AnswerIn("context", ("night",))
    answers = {"location": ("thigh",), "context": ("exercise", "pregnancy")}
    assert holds(calf, answers)
    assert not holds(night, answers)
    assert holds(AnyOf((calf, night)), answers)
    assert not holds(AllOf((calf, night)), answers)
    assert holds(Not(night), answers)
    assert not holds(calf, {})  # a question not answered yet matches nothing


def test_loader_reads_combined_conditions(content_copy: Path) -> None:
    flow_file = content_copy / "flows" / "spasm.yaml"
    text = flow_file.read_text(encoding="utf-8")
    old = "ask_when: {question: location, any_of: [calf_foot, thigh]}"
    assert old in text
    new = (
        "ask_when: {all: [{question: location, any_of: [calf_foot, thigh]}, "
        "{not: {question: emergency_signs, any_of: [chest]}}]}"
    )
    flow_file.write_text(text.replace(old, new), encoding="utf-8")
    spasm = load_triage(content_copy).flows["spasm"]
    assert _step_id(spasm, {"emergency_signs": NONE, "location": ("calf_foot",)}) == "leg_signs"
    assert _step_id(spasm, {"emergency_signs": NONE, "location": ("neck",)}) == "episode_length"
