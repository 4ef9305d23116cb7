"""Typed questions get their short answer, not the overview: each frequent question in two
wordings (the second with a typo), never the other topic's answer, and details the message
gave ("eyelid", "for 3 days") offered first when the user then starts a check."""

import pytest

from tests.e2e.helpers import tap_through, twitch_label
from tgbot.bot.context import BotApplication
from tgbot.core.content.store import frequent_questions
from tgbot.core.knowledge import Knowledge
from tgbot.localapi import ChatSession

CHECK = "🩺 Check my symptoms"

# question id -> two ways a user types it; the second has a typo.
WORDINGS: dict[str, tuple[str, str]] = {
    "is_it_als": ("is it ALS?", "I am scared my twiching is MND"),
    "mnd_weakness": ("what does MND weakness look like", "symptoms of motor neurone diseese"),
    "anxiety": ("can anxiety cause twitching?", "can anxeity cause twiching"),
    "eye_twitch_duration": (
        "how long does an eye twitch last?",
        "how long will my eyelid twiching last",
    ),
    "caffeine": ("does caffeine cause twitching?", "does caffiene make you twitch"),
    "dehydration": ("can dehydration cause twitching?", "can dehydraton make me twitch"),
    "bfs": ("what is benign fasciculation syndrome?", "what is benign fasciculaton syndrom"),
    "medicines_twitching": (
        "which medicines cause twitching?",
        "can my medecine cause twitching",
    ),
    "twitch_see_doctor": (
        "when should I see a doctor about a twitch?",
        "should I see a doctor about my twitchng",
    ),
    "twitch_stop": ("how do I stop twitching?", "how to get rid of a twich"),
    "exercise_twitch": ("why do I get twitching after exercise", "twitching after excercise"),
    "face_spasm": ("my eyelid closes with each twitch", "is it blepharospams"),
    "cramp_emergency": ("when is a cramp an emergency?", "when is a cramp an emergancy"),
    "magnesium": ("can magnesium help cramps?", "can magnesum help my cramps"),
    "quinine": ("is quinine safe for cramps?", "is quinnine safe in pregnancy"),
    "stretching": ("does stretching prevent cramps?", "does streching prevent cramps"),
    "pregnancy": ("cramps in pregnancy", "leg cramps while pregant"),
    "night_cramps_older": ("night cramps in older age", "leg cramps in the elderley"),
    "heat_or_ice": ("heat or ice for a spasm?", "ice or heat for a back spasam"),
    "foam_rolling": ("does foam rolling help?", "does foam roling help"),
    "back_spasm_minerals": (
        "which minerals for back spasms?",
        "which minerels help back spasms",
    ),
    "medicines_cramps": ("which medicines cause cramps?", "which medicnes cause cramps"),
    "dehydration_cramps": ("can dehydration cause cramps?", "dehidration cramps"),
    "cramp_stop_now": ("how do I stop a cramp?", "how to releive a cramp"),
    "cramp_how_long": ("how long does a cramp last?", "how long do cramps lsat"),
    "worried": ("I'm terrified", "im so scaredd"),
    "is_it_ms": ("is it MS?", "could it be multiple sclerosys"),
    "is_it_parkinsons": ("could this be Parkinson's?", "is it parkinsosn"),
    "brain_tumour_stroke": ("is it a brain tumour?", "could it be a brain tumor"),
    "eyelid_weeks": ("my eyelid has twitched for 6 weeks", "eye twiching for months, doctor?"),
    "long_twitching": ("twitching all over my body", "twiching for years"),
    "twitch_after_vaccine": ("twitching after my vaccine", "twiching since the covid jab"),
    "hypnic_jerks": ("why do I jerk when falling asleep?", "hypnic jerks"),
    "night_cramps_prevent": ("how do I prevent night cramps?", "what can I do about nightt cramps"),
    "statin_cramps": ("can statins cause cramps?", "I take atorvastatn"),
    "exercise_cramps": ("cramps after exercise", "cramping after my workuot"),
    "writers_cramp": ("what is writer's cramp?", "my hand cramps when writting"),
}


def test_every_frequent_question_has_two_wordings(knowledge: Knowledge) -> None:
    assert set(WORDINGS) == {q.id for q in frequent_questions(knowledge.content)}
    assert len(WORDINGS) >= 37


@pytest.mark.parametrize("question_id", sorted(WORDINGS))
async def test_a_typed_question_gets_its_answer(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge, question_id: str
) -> None:
    content = knowledge.content
    question = next(q for q in frequent_questions(content) if q.id == question_id)
    section = content.topics[question.topic].sections[question.section]
    # The kind answer to worry belongs to no one topic: it offers both (test_asked_and_worried).
    kind = question_id == "worried"
    topics = [content.messages["button_twitch"], content.messages["button_spasm"]]
    first_buttons = topics if kind else [section.title, CHECK]
    for wording in WORDINGS[question_id]:
        reply = (await chat.send(wording)).last
        assert reply.text.startswith(question.title), wording
        assert "not a diagnosis" in reply.text
        for source_id in question.source_ids:
            assert content.sources[source_id].publisher.split(" (")[0] in reply.text
        assert reply.button_texts == [*first_buttons, "👍 It helped", "👎 It did not help"]
    page = (await chat.tap(first_buttons[0])).last
    assert page.text.startswith(section.title if first_buttons[1] == CHECK else "A twitch is")


@pytest.mark.parametrize(
    ("text", "overview_start"),
    [
        # A topic but no question: the topic page, as before.
        ("my eyelid keeps twitching", "A twitch is"),
        ("calf cramp", "A cramp"),
        # Another topic's question: that topic's page (the part of it the message asks
        # about), never the other answer.
        ("can magnesium help my twitching?", "What you can do"),
        ("does caffeine cause cramps?", "What causes it"),
        ("which minerals help eyelid twitches", "What you can do"),
        ("my eyelid twitch is from the quinine", "A twitch is"),
    ],
)
async def test_no_question_or_another_topics_question_gets_the_topic_page(
    bot_app: BotApplication, chat: ChatSession, text: str, overview_start: str
) -> None:
    reply = (await chat.send(text)).last
    assert reply.text.startswith(overview_start), text
    assert CHECK in reply.button_texts


@pytest.mark.parametrize("text", ["what's the weather like?", "my car is broken", "she is a witch"])
async def test_unrelated_text_still_gets_the_pointer(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge, text: str
) -> None:
    reply = (await chat.send(text)).last
    assert reply.text.startswith(knowledge.content.messages["text_pointer"][:30])


async def _start_check(chat: ChatSession) -> None:
    await chat.tap(CHECK)


async def test_details_of_the_message_are_offered_first_never_assumed(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge
) -> None:
    await chat.send("my eyelid started twitching three days ago")
    await _start_check(chat)
    question = chat.last
    assert "Question 1 of" in question.text
    assert not any("(you said)" in label for label in question.button_texts)
    question = await tap_through(chat, ["🚫 None of these"])
    eyelid = twitch_label(knowledge, "location", "eyelid")
    assert question.button_texts[0] == f"👉 {eyelid} (you said)"
    assert eyelid not in question.button_texts, "offered once, in first place"
    assert sum("(you said)" in label for label in question.button_texts) == 1
    # A tap confirms it; the next question offers the time the message gave.
    question = (await chat.tap(question.button_texts[0])).last
    assert (
        question.button_texts[0] == f"👉 {twitch_label(knowledge, 'duration', 'days')} (you said)"
    )


async def test_a_message_without_details_offers_nothing(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("my eyelid twitches")
    await chat.send("/twitch")
    await chat.send("is it ALS?")
    await _start_check(chat)
    question = await tap_through(chat, ["🚫 None of these"])
    assert not any("(you said)" in label for label in question.button_texts)
