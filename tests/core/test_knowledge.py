"""Content and flows checked against each other, and against what the handlers need."""

from tgbot.bot.callback_data import CheckAnswer, SetReminder, encode
from tgbot.core.knowledge import Knowledge


def test_every_location_answer_has_a_phrase_for_reminders(knowledge: Knowledge) -> None:
    for flow in knowledge.triage.flows.values():
        location = flow.question("location")
        assert location is not None
        for option in location.options:
            assert f"where_{option.id}" in knowledge.content.messages, (flow.id, option.id)


def test_every_triage_button_fits_telegrams_64_bytes(knowledge: Knowledge) -> None:
    huge_id = 10**12  # a trillion sessions from now
    for flow in knowledge.triage.flows.values():
        for question in flow.questions:
            for option in question.options:
                assert len(encode(CheckAnswer(huge_id, question.id, option.id)).encode()) <= 64
    assert len(encode(SetReminder(huge_id, "2w")).encode()) <= 64
