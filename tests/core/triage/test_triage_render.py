"""Rendering: questions, the emergency message, outcomes; emergency numbers; HTML checks."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgbot.core.content.markup import escape, html_problem, strip_tags
from tgbot.core.triage import (
    Flow,
    Level,
    Question,
    TriageData,
    emergency_numbers,
    evaluate,
    next_step,
    render_emergency,
    render_outcome,
    render_question,
)
from tgbot.core.triage.render import MAX_MESSAGE

from .helpers import complete_answers

NONE = ("none",)


def _tip(tip_id: str) -> str:
    return f"<i>Tip {tip_id}.</i>"


def _label(source_id: str) -> str:
    return f'<a href="https://example.org/{source_id}">{source_id}</a>'


# --- emergency numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language_code", "numbers"),
    [
        ("en-GB", ("999", "112")),
        ("en_gb", ("999", "112")),
        ("EN-gb", ("999", "112")),
        ("en-US", ("911",)),
        ("es-MX", ("911",)),
        ("de", ("112",)),
        ("de-AT", ("144", "112")),
        ("de-CH", ("144", "112")),
        ("de-XX", ("112",)),
        ("en-AU", ("000", "112")),
        ("zh-Hant-GB", ("999", "112")),
        ("en", ("112", "999", "911")),
        ("fr", ("112", "15")),  # French names its own when no country is given
        ("pt-br", ("192",)),  # Brazil: SAMU
        ("", ("112", "999", "911")),
        (None, ("112", "999", "911")),
    ],
)
def test_emergency_numbers(
    triage_data: TriageData, language_code: str | None, numbers: tuple[str, ...]
) -> None:
    assert emergency_numbers(triage_data.texts, language_code) == numbers


# --- questions -------------------------------------------------------------------------------


def test_render_first_question(triage_data: TriageData, twitch: Flow) -> None:
    question = next_step(twitch, {})
    assert isinstance(question, Question)
    text = render_question(triage_data, twitch, question, (), {})
    assert "Question 1 of up to 6" in text
    assert question.text in text
    # The first sign tapped ends it: the question says so, and no "tick all, then Done".
    assert "Tick all that apply" not in text
    assert "Tap the first one that fits" in text
    assert html_problem(text) is None


def test_render_single_question_has_no_tick_hint(triage_data: TriageData, spasm: Flow) -> None:
    answers = {"emergency_signs": NONE, "location": ("thigh",), "leg_signs": NONE}
    question = next_step(spasm, answers)
    assert isinstance(question, Question)
    assert question.id == "episode_length"
    text = render_question(triage_data, spasm, question, (), answers)
    assert "Question 4 of up to 9" in text
    assert "Tick all" not in text


def test_render_question_lists_ticked_options(triage_data: TriageData, twitch: Flow) -> None:
    question = twitch.question("symptoms")
    assert question is not None
    answers = {"emergency_signs": NONE, "location": ("arm",), "duration": ("days",)}
    text = render_question(triage_data, twitch, question, ("weakness", "numbness"), answers)
    weakness, numbness = question.option("weakness"), question.option("numbness")
    assert weakness is not None
    assert numbness is not None
    assert f"{escape(weakness.label)}, {escape(numbness.label)}" in text
    assert "Question 4 of up to 6" in text


# --- emergency -------------------------------------------------------------------------------


def test_render_emergency_in_the_uk(triage_data: TriageData, spasm: Flow) -> None:
    outcome = evaluate(spasm, {"emergency_signs": ("chest", "dark_urine")})
    text = render_emergency(triage_data, spasm, outcome, "en-GB")
    plain = strip_tags(text)
    assert plain.startswith("🚨 Call 999 or 112 now.")
    assert "Do not wait to see if it gets better" in plain
    for point in ("where you are", "what happened", "when it started"):
        assert point in plain
    assert "Do not drive yourself" in plain
    for reason in outcome.reasons:
        assert reason.text in text
    # Nothing after "call now" may soften it: the footer, not the "if you are worried" line.
    assert text.endswith(triage_data.texts.emergency.footer)
    assert "If you are worried" not in text
    assert html_problem(text) is None


def test_render_emergency_without_a_known_country(triage_data: TriageData, twitch: Flow) -> None:
    outcome = evaluate(twitch, {"emergency_signs": ("speech",)})
    text = render_emergency(triage_data, twitch, outcome, None)
    assert "Call 112, 999 or 911 now." in strip_tags(text)
    # render_outcome sends an emergency outcome to the same message.
    assert render_outcome(triage_data, twitch, outcome, _tip, _label, None) == text


# --- outcomes --------------------------------------------------------------------------------


SPASM_URGENT = {
    "emergency_signs": NONE,
    "location": ("calf_foot",),
    "leg_signs": ("swollen_one_leg",),
    "episode_length": ("short",),
    "frequency": ("first",),
    "context": ("new_medicine",),
    "other_symptoms": NONE,
    "self_care_result": ("not_tried",),
}


def test_render_urgent_says_today(triage_data: TriageData, spasm: Flow) -> None:
    outcome = evaluate(spasm, SPASM_URGENT)
    assert outcome.level is Level.URGENT
    text = render_outcome(triage_data, spasm, outcome, _tip, _label)
    assert "today" in strip_tags(text.split("\n")[0])
    assert triage_data.texts.headings.tell_doctor in text
    assert outcome.reasons[0].text in text
    # Tips wait for a calmer moment than a same-day problem.
    assert "Tip" not in text
    assert html_problem(text) is None


def test_render_doctor_lists_what_to_tell_the_doctor(triage_data: TriageData, spasm: Flow) -> None:
    outcome = evaluate(spasm, {**SPASM_URGENT, "leg_signs": NONE, "medicine_signs": NONE})
    assert outcome.level is Level.DOCTOR
    text = render_outcome(triage_data, spasm, outcome, _tip, _label)
    assert text.startswith(triage_data.texts.levels[Level.DOCTOR].headline)
    assert triage_data.texts.headings.tell_doctor in text
    for point in outcome.tell_doctor:
        assert point in text
    assert "<i>Tip new_medicine.</i>" in text
    for source_id in outcome.source_ids:
        assert _label(source_id) in text


def test_render_self_care(triage_data: TriageData, twitch: Flow) -> None:
    answers = {
        "emergency_signs": NONE,
        "location": ("calf",),
        "duration": ("days",),
        "symptoms": NONE,
        "triggers": ("caffeine", "sleep"),
    }
    outcome = evaluate(twitch, answers)
    assert outcome.level is Level.SELF_CARE
    text = render_outcome(
        triage_data, twitch, outcome, lambda t: None if t == "sleep" else _tip(t), _label
    )
    advice = twitch.outcomes[Level.SELF_CARE]
    assert "<i>Tip caffeine.</i>" in text
    assert "Tip sleep" not in text
    assert triage_data.texts.headings.see_doctor_if in text
    for item in advice.see_doctor_if:
        assert item in text
    assert advice.reassess is not None
    assert advice.reassess in text
    assert "remind" in advice.reassess
    assert "2 weeks" in advice.reassess
    assert text.endswith(triage_data.texts.disclaimer)
    assert html_problem(text) is None


def test_render_outcome_drops_tips_to_fit_telegram(triage_data: TriageData, twitch: Flow) -> None:
    answers = {
        "emergency_signs": NONE,
        "location": ("eyelid",),
        "duration": ("days",),
        "symptoms": NONE,
        "triggers": ("caffeine", "stress", "sleep", "exercise", "alcohol"),
    }
    outcome = evaluate(twitch, answers)
    text = render_outcome(triage_data, twitch, outcome, lambda t: t + "." * 900, _label)
    assert len(text) <= MAX_MESSAGE
    assert "eyelid" in text
    assert "alcohol..." not in text


@settings(max_examples=100, deadline=None)
@given(
    data=st.data(),
    flow_id=st.sampled_from(["twitch", "spasm"]),
    language=st.sampled_from([None, "en-GB", "de", "en-US"]),
)
def test_every_outcome_renders_as_valid_html_within_the_limit(
    triage_data: TriageData, data: st.DataObject, flow_id: str, language: str | None
) -> None:
    flow = triage_data.flows[flow_id]
    outcome = evaluate(flow, complete_answers(data, flow))
    text = render_outcome(triage_data, flow, outcome, _tip, _label, language)
    assert html_problem(text) is None
    assert len(text) <= MAX_MESSAGE
    if outcome.level is Level.EMERGENCY:
        assert text.endswith(triage_data.texts.emergency.footer)
    else:
        assert triage_data.texts.disclaimer in text


# --- HTML checks -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<b>ok</b> <i>fine</i> &amp; &lt;3 &#128578;", None),
        ('<a href="https://www.nhs.uk/x">NHS</a>', None),
        ("<b>open", "<b> is never closed"),
        ("<b><i>x</b></i>", "</b> does not close the tag that is open"),
        ("<u>x</u>", "tag <u> is not allowed"),
        ('<b class="x">x</b>', "<b> takes no attributes"),
        ("<a>x</a>", "<a> needs exactly one href"),
        ('<a href="javascript:x">x</a>', "<a> needs exactly one href"),
        ("salt & pepper", "write &amp; instead of a bare '&'"),
        ("3 < 4", "write &lt; instead of a bare '<'"),
        ("4 > 3", "write &gt; instead of a bare '>'"),
    ],
)
def test_html_problem(text: str, problem: str | None) -> None:
    found = html_problem(text)
    if problem is None:
        assert found is None
    else:
        assert found is not None
        assert problem in found


def test_strip_tags_and_escape() -> None:
    assert strip_tags('<b>Tea</b> &amp; <a href="https://a.b/">coffee</a>') == "Tea & coffee"
    assert escape("Tom & <Jerry>") == "Tom &amp; &lt;Jerry&gt;"


# --- what the user answered --------------------------------------------------------------


def test_a_single_question_after_back_names_the_answer_given(
    triage_data: TriageData, twitch: Flow
) -> None:
    question = twitch.question("location")
    assert question is not None
    text = render_question(triage_data, twitch, question, ("calf",), {"emergency_signs": NONE})
    assert "Picked: 🦵 Calf" in text
    assert "Tick all" not in text
    assert "Picked" not in render_question(
        triage_data, twitch, question, (), {"emergency_signs": NONE}
    )


def test_every_outcome_but_an_emergency_lists_the_answers_above_the_disclaimer(
    triage_data: TriageData, twitch: Flow
) -> None:
    answers = {
        "emergency_signs": NONE,
        "location": ("calf",),
        "duration": ("days",),
        "symptoms": ("stiffness", "numbness"),
        "triggers": NONE,
    }
    text = render_outcome(triage_data, twitch, evaluate(twitch, answers), _tip, _label)
    plain = strip_tags(text)
    assert "You told me:\n• First, a quick safety check." in plain
    assert "• Do you have any of these as well? → 🪵 Stiffness, 🧊 Numbness" in plain
    assert plain.index("You told me:") < plain.index("Sources:")
    assert text.endswith(triage_data.texts.disclaimer)
    assert html_problem(text) is None
    emergency = evaluate(twitch, {"emergency_signs": ("speech",)})
    assert "You told me" not in render_outcome(triage_data, twitch, emergency, _tip, _label)
