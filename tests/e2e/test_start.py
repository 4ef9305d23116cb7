"""What a new user sees first, end to end through the stand-in."""

from tgbot.bot.context import BotApplication
from tgbot.localapi import ChatSession, LocalBotApi


async def test_start_welcomes_with_disclaimer_emergency_note_and_topics(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    reply = await chat.send("/start")
    message = reply.last
    assert "Hello" in message.text
    assert "not a diagnosis" in message.text
    assert "112" in message.text
    assert "999" in message.text
    assert "911" in message.text
    assert message.button_texts == ["⚡ Muscle twitch", "💢 Spasms and cramps"]


async def test_start_records_the_user(bot_app: BotApplication, chat: ChatSession) -> None:
    await chat.send("/start")
    record = await bot_app.bot_data.services.users.get(chat.user.id)
    assert record is not None
    assert record.chat_id == chat.chat.id
    assert record.language_code == "en"


async def test_command_menu_is_set_in_every_language(
    bot_app: BotApplication, local_api: LocalBotApi
) -> None:
    library = bot_app.bot_data.services.library
    menus = {key.split("|")[1]: commands for key, commands in local_api.commands.items()}
    # English for everyone (no language_code), and one menu per other language.
    assert set(menus) == {"", *(code for code in library.languages if code != "en")}
    for language, commands in menus.items():
        names = [c["command"] for c in commands]
        assert {"start", "help", "twitch", "spasm", "language"} <= set(names)
        texts = library.get(language or "en").content.messages
        assert commands[0]["description"] == texts["command_twitch"]


async def test_help_lists_the_commands(bot_app: BotApplication, chat: ChatSession) -> None:
    text = (await chat.send("/help")).last.text
    assert "/twitch" in text
    assert "/spasm" in text
    assert "not a diagnosis" in text


async def test_unknown_command_points_to_help(bot_app: BotApplication, chat: ChatSession) -> None:
    text = (await chat.send("/dance")).last.text
    assert "don't know that command" in text
    assert "/help" in text
