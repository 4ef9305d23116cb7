"""What the user wants to ask their doctor, end to end (/questions; issue #32): added by typing
after "Add a question", shown back with a button to clear them, kept to a few short ones,
printed on the doctor's page under their own heading, listed by /mydata, deleted by /forget,
sealed in the database. A typed question goes through the safety net first: an emergency or a
crisis gets its answer, and nothing is kept."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest
from pypdf import PdfReader

from tgbot.bot.context import BotApplication
from tgbot.core.doctor_questions import MAX_CHARACTERS, MAX_QUESTIONS
from tgbot.localapi import ChatSession, LocalBotApi
from tgbot.localapi.models import FakeUser

pytestmark = pytest.mark.usefixtures("documents_started")

ADD, CLEAR = "✍️ Add a question", "🗑️ Clear my questions"
MAGNESIUM = "Should I have my magnesium checked?"
COFFEE = "Is one coffee a day still fine?"


async def add(chat: ChatSession, question: str) -> str:
    """Tap "Add a question" under the last message and type it; the bot's answer."""
    asked = (await chat.tap(ADD)).last
    assert asked.text.startswith("Type one question for your doctor")
    return (await chat.send(question)).last.text


async def kept(bot: BotApplication, chat: ChatSession) -> tuple[str, ...]:
    record = await bot.bot_data.services.users.get(chat.user.id)
    return record.questions if record else ()


async def test_add_see_and_clear_questions(bot_app: BotApplication, chat: ChatSession) -> None:
    empty = (await chat.send("/questions")).last
    assert empty.text.startswith("✍️ Questions for your doctor")
    assert f"Up to {MAX_QUESTIONS} short questions" in empty.text
    assert empty.button_texts == [ADD]

    reply = await add(chat, f"  {MAGNESIUM}\n")
    assert reply.startswith("✅ Kept for your doctor.")
    assert f"(1 of {MAX_QUESTIONS})" in reply
    assert f"1. {MAGNESIUM}" in reply
    assert chat.last.button_texts == [ADD, CLEAR]
    await add(chat, COFFEE)
    assert await kept(bot_app, chat) == (MAGNESIUM, COFFEE)

    shown = (await chat.send("/questions")).last
    assert f"1. {MAGNESIUM}\n2. {COFFEE}" in shown.text
    cleared = (await chat.tap(CLEAR)).last
    assert cleared.text.startswith("Done. I deleted your questions for your doctor.")
    assert cleared.button_texts == [ADD]
    assert await kept(bot_app, chat) == ()


async def test_the_next_text_after_a_question_goes_to_the_topics_again(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/questions")
    await add(chat, MAGNESIUM)
    reply = (await chat.send("my eyelid keeps twitching")).last
    assert "Kept for your doctor" not in reply.text
    assert await kept(bot_app, chat) == (MAGNESIUM,)


async def test_a_long_question_is_asked_again_and_a_full_list_says_so_kindly(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/questions")
    await chat.tap(ADD)
    long = "Why " + "does it twitch " * 20
    reply = (await chat.send(long)).last.text
    length = len(" ".join(long.split()))
    assert reply == (
        f"That is {length} characters, and {MAX_CHARACTERS} fit on the page. Could you say"
        " it more briefly? Type it again."
    )
    assert (await chat.send("Why does it twitch?")).last.text.startswith("✅ Kept")
    for n in range(2, MAX_QUESTIONS + 1):
        await add(chat, f"Question number {n}?")
    assert len(await kept(bot_app, chat)) == MAX_QUESTIONS
    assert chat.last.button_texts == [CLEAR], "no room for more: no button to add"
    # An older "Add a question" button, tapped when the list is full.
    first = next(m for m in chat.bot_messages if ADD in m.button_texts)
    await chat.tap(ADD, first)
    full = (await chat.send("One more?")).last
    assert full.text == (
        f"You have {MAX_QUESTIONS} questions, as many as fit on the page. Clear them to write"
        " new ones."
    )
    assert full.button_texts == [CLEAR]
    assert len(await kept(bot_app, chat)) == MAX_QUESTIONS


async def test_a_command_instead_of_the_question_runs_and_keeps_nothing(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/questions")
    await chat.tap(ADD)
    reply = (await chat.send("/help")).last
    assert reply.text.startswith("What I can do")
    assert "/questions – questions for your doctor" in reply.text
    await chat.send("hello")
    assert await kept(bot_app, chat) == ()


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("my face is drooping and my arm is weak", "🚨 Call 112, 999 or 911 now."),
        ("I want to kill myself", "Thank you for telling me"),
    ],
)
async def test_an_emergency_or_crisis_typed_as_a_question_is_answered_and_not_kept(
    bot_app: BotApplication, chat: ChatSession, typed: str, answer: str
) -> None:
    await chat.send("/questions")
    await chat.tap(ADD)
    reply = await chat.send(typed)
    assert answer in reply.messages[0].text
    assert all("Kept for your doctor" not in m.text for m in reply.messages)
    assert await kept(bot_app, chat) == ()
    # The question lapsed: the next text is read as usual, not kept either.
    await chat.send("my calf cramps at night")
    assert await kept(bot_app, chat) == ()


async def test_questions_are_on_the_doctors_page_in_mydata_and_gone_after_forget(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    nothing = (await chat.send("/summary")).last
    assert nothing.button_texts == ["✍️ Questions for your doctor"]
    shown = (await chat.tap("✍️ Questions for your doctor")).last
    assert shown.text.startswith("✍️ Questions for your doctor")
    await add(chat, MAGNESIUM)
    await add(chat, COFFEE)

    reply = await chat.send("/summary", at_least=2)
    message, document = reply.messages
    assert f"Questions I want to ask\n1. {MAGNESIUM}\n2. {COFFEE}" in message.text
    assert message.button_texts == ["✍️ Questions for your doctor"]
    assert document.document is not None
    reader = PdfReader(io.BytesIO(document.document))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert f"Questions I want to ask 1. {MAGNESIUM} 2. {COFFEE}" in text

    mydata = await chat.send("/mydata", at_least=2)
    words, file = mydata.messages
    assert f"Your questions for your doctor (2)\n• {MAGNESIUM}\n• {COFFEE}" in words.text
    assert file.document is not None
    assert json.loads(file.document)["users"][0]["questions"] == f"{MAGNESIUM}\n{COFFEE}"

    # Sealed under the user's key: the database holds no question in plain.
    db = bot_app.bot_data.services.db
    pseudonym = db.pseudonym(chat.user.id)  # the rows hold it, never the Telegram id
    row = await db.fetchone("SELECT questions FROM users WHERE user_id = ?", (pseudonym,))
    assert row is not None
    assert row[0]
    assert "magnesium" not in row[0]

    await chat.send("/forget")
    await chat.tap("🗑️ Yes, delete it all")
    assert await kept(bot_app, chat) == ()
    assert await db.fetchone("SELECT questions FROM users WHERE user_id = ?", (pseudonym,)) is None


async def test_questions_in_german_on_the_german_page(
    bot_app: BotApplication, local_api: LocalBotApi, new_user: Callable[..., FakeUser]
) -> None:
    chat = ChatSession(local_api, new_user(language_code="de-DE"))
    shown = (await chat.send("/questions")).last
    assert shown.text.startswith("✍️ Fragen für den Arztbesuch")
    assert (await chat.tap("✍️ Frage hinzufügen")).last.text.startswith("Schreiben Sie eine Frage")
    kept_de = (await chat.send("Muss ich wegen der Krämpfe Magnesium nehmen?")).last
    assert kept_de.text.startswith("✅ Für den Arztbesuch gespeichert.")
    reply = await chat.send("/summary", at_least=2)
    document = reply.messages[-1].document
    assert document is not None
    text = " ".join(PdfReader(io.BytesIO(document)).pages[0].extract_text().split())
    assert "Was ich fragen möchte 1. Muss ich wegen der Krämpfe Magnesium nehmen?" in text
