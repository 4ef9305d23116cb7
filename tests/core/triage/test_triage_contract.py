"""The flows keep the clinical contract of clinical-spec.md (version 2): ids, kinds and levels.

The YAML is the clinicians' workspace; this table is the signed-off spec. A change to a level
must change both, on purpose.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
import yaml

from tgbot.core.triage import Level, TriageData, check_source_ids, missing_tip_ids

from .helpers import CONTENT_ROOT

E, U, D, S = Level.EMERGENCY, Level.URGENT, Level.DOCTOR, Level.SELF_CARE
Spec = Mapping[str, tuple[str, Mapping[str, Level | None]]]

TWITCH: Spec = {
    "emergency_signs": (
        "multi",
        {
            "face_droop": E,
            "one_side_weak": E,
            "speech": E,
            "seizure": E,
            "breathing": E,
            "fever_neck": E,
            "none": None,
        },
    ),
    "location": (
        "single",
        {
            "eyelid": None,
            "face": D,
            "calf": None,
            "thumb_hand": None,
            "arm": None,
            "other": None,
            "many": D,
        },
    ),
    "duration": (
        "single",
        {"days": None, "one_two_weeks": None, "over_two_weeks": D, "months_on_off": D},
    ),
    "symptoms": (
        "multi",
        {
            "weakness": D,
            "wasting": D,
            "stiffness": D,
            "spreading": D,
            "eyelid_closes": D,
            "eye_problem": D,
            "numbness": D,
            "tingling_mouth": U,
            "speech_swallow_slow": D,
            "none": None,
        },
    ),
    "triggers": (
        "multi",
        {
            "caffeine": None,
            "stress": None,
            "sleep": None,
            "exercise": None,
            "alcohol": None,
            "nicotine": None,
            "medicine": D,
            "dehydration": None,
            "none": None,
        },
    ),
    "medicine_signs": ("multi", {"fever_agitation": U, "none": None}),
    "already_checked": ("single", {"yes_unchanged": S, "not_checked": D}),
}
SPASM: Spec = {
    "emergency_signs": (
        "multi",
        {
            "chest": E,
            "one_side_weak": E,
            "jaw_lock": E,
            "dark_urine": E,
            "fever_neck": E,
            "saddle_numbness": E,
            "none": None,
        },
    ),
    "location": (
        "single",
        {
            "calf_foot": None,
            "thigh": None,
            "back": None,
            "neck": None,
            "hand_arm": D,
            "belly": U,
            "other": None,
        },
    ),
    "arm_signs": ("multi", {"exertion": U, "swollen_arm": U, "none": None}),
    "leg_signs": ("multi", {"swollen_one_leg": U, "numb_leg": D, "none": None}),
    "episode_length": ("single", {"short": None, "long": U}),
    "frequency": ("single", {"first": None, "sometimes": None, "often": D}),
    "context": (
        "multi",
        {
            "exercise": None,
            "night": None,
            "heat_dehydration": None,
            "pregnancy": None,
            "new_medicine": D,
            "alcohol": D,
            "walking": D,
            "fluid_loss": U,
            "wound": U,
            "none": None,
        },
    ),
    "medicine_signs": ("multi", {"statin_pain": U, "none": None}),
    "other_symptoms": ("multi", {"weakness": D, "twitching": D, "tingling_mouth": U, "none": None}),
    "self_care_result": ("single", {"not_tried": None, "helped": None, "not_helped": D}),
}
SPEC: Mapping[str, Spec] = {"twitch": TWITCH, "spasm": SPASM}

# Options whose answers tailor the self-care tips (the spec's "other triggers" and "the others").
TIP_OPTIONS = {
    "twitch": (
        "triggers",
        {"caffeine", "stress", "sleep", "exercise", "alcohol", "nicotine", "dehydration"},
    ),
    "spasm": ("context", {"exercise", "night", "heat_dehydration", "pregnancy"}),
}


@pytest.mark.parametrize("flow_id", sorted(SPEC))
def test_flow_has_the_spec_questions_in_order(triage_data: TriageData, flow_id: str) -> None:
    flow = triage_data.flows[flow_id]
    ids = [q.id for q in flow.questions]
    # Extra questions are allowed; the spec ones keep their order.
    assert [i for i in ids if i in SPEC[flow_id]] == list(SPEC[flow_id])


@pytest.mark.parametrize("flow_id", sorted(SPEC))
def test_options_and_levels_follow_the_spec(triage_data: TriageData, flow_id: str) -> None:
    flow = triage_data.flows[flow_id]
    for question_id, (kind, levels) in SPEC[flow_id].items():
        question = flow.question(question_id)
        assert question is not None
        assert question.kind == kind, question_id
        assert {o.id: o.level for o in question.options} == levels, question_id
        if kind == "multi":
            assert [o.id for o in question.options if o.exclusive] == ["none"]


CONDITIONAL = {
    "twitch": {"medicine_signs", "already_checked"},
    "spasm": {"arm_signs", "leg_signs", "medicine_signs"},
}


@pytest.mark.parametrize("flow_id", sorted(CONDITIONAL))
def test_only_the_follow_up_questions_have_a_condition(
    triage_data: TriageData, flow_id: str
) -> None:
    flow = triage_data.flows[flow_id]
    assert {q.id for q in flow.questions if q.ask_when is not None} == CONDITIONAL[flow_id]


def test_already_checked_is_the_only_answer_that_clears(triage_data: TriageData) -> None:
    clearing = [
        (f.id, q.id, o.id, o.clears)
        for f in triage_data.flows.values()
        for q in f.questions
        for o in q.options
        if o.clears
    ]
    assert clearing == [("twitch", "already_checked", "yes_unchanged", ("location", "duration"))]


@pytest.mark.parametrize("flow_id", sorted(SPEC))
def test_the_emergency_question_says_a_tap_ends_the_check(
    triage_data: TriageData, flow_id: str
) -> None:
    text = triage_data.flows[flow_id].questions[0].text
    assert "Tap the first one that fits" in text
    assert "Done" not in text


@pytest.mark.parametrize("flow_id", sorted(TIP_OPTIONS))
def test_tip_options_carry_their_own_id_as_tip(triage_data: TriageData, flow_id: str) -> None:
    question_id, option_ids = TIP_OPTIONS[flow_id]
    question = triage_data.flows[flow_id].question(question_id)
    assert question is not None
    for option_id in option_ids:
        option = question.option(option_id)
        assert option is not None
        assert option.tip == option_id


def _sources_file_ids() -> set[str]:
    document = yaml.safe_load((CONTENT_ROOT / "sources.yaml").read_text(encoding="utf-8"))
    entries = document["sources"] if isinstance(document, dict) else document
    return {str(entry["id"]) for entry in entries}


def test_every_source_id_is_in_sources_yaml(triage_data: TriageData) -> None:
    known = _sources_file_ids()
    assert "nhs_stroke" in known
    check_source_ids(triage_data.flows, known)  # raises, naming the field, on an unknown id


def test_every_tip_id_has_a_tip_in_its_topic(triage_data: TriageData) -> None:
    tips_by_topic: dict[str, set[str]] = {}
    for flow in triage_data.flows.values():
        topic_file = CONTENT_ROOT / "topics" / f"{flow.topic}.yaml"
        document = yaml.safe_load(topic_file.read_text(encoding="utf-8"))
        tips_by_topic[flow.topic] = set(document["tips"])
    assert missing_tip_ids(triage_data.flows, tips_by_topic) == []


def test_missing_tip_ids_names_the_option(triage_data: TriageData) -> None:
    missing = missing_tip_ids(triage_data.flows, {"twitch": {"caffeine"}, "spasm": set()})
    assert "twitch.triggers.stress: stress" in missing
    assert "spasm.context.night: night" in missing
    assert not any(m.startswith("twitch.triggers.caffeine") for m in missing)


MAX_BUTTON = 30


def test_buttons_are_short(triage_data: TriageData) -> None:
    ui = triage_data.texts.ui
    labels = [ui.back, ui.cancel, ui.done, ui.none_of_these, ui.start_again, ui.remind_me]
    labels += [o.label for f in triage_data.flows.values() for q in f.questions for o in q.options]
    assert [label for label in labels if len(label) > MAX_BUTTON] == []
