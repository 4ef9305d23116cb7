"""The flows keep the clinical contract of clinical-spec.md: ids, kinds and levels.

The YAML is the clinicians' workspace; this table is the signed-off spec. A change to a level
must change both, on purpose.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest
import yaml

from tgbot.core.triage import Flow, Level, TriageData, check_source_ids, missing_tip_ids

from .helpers import CONTENT_ROOT

E, U, D = Level.EMERGENCY, Level.URGENT, Level.DOCTOR
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
            "none": None,
        },
    ),
    "location": (
        "single",
        {
            "eyelid": None,
            "face": None,
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
            "hand_arm": None,
            "belly": None,
            "other": None,
        },
    ),
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
            "none": None,
        },
    ),
    "other_symptoms": ("multi", {"weakness": D, "twitching": D, "none": None}),
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


def test_leg_signs_is_asked_only_for_the_legs(spasm: Flow) -> None:
    question = spasm.question("leg_signs")
    assert question is not None
    assert question.ask_when is not None
    for other in spasm.questions:
        if other.id != "leg_signs":
            assert other.ask_when is None, other.id


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
