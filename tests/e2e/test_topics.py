"""/twitch and /spasm: every section of both topics opens in place and names its sources."""

import pytest

from tgbot.bot.context import BotApplication
from tgbot.core.knowledge import Knowledge
from tgbot.localapi import ChatSession

SECTION_BUTTONS = [
    "What causes it",
    "What you can do",
    "When to see a doctor",
    "🚨 Get help now",
]


@pytest.mark.parametrize(
    ("command", "first_sections"),
    [("/twitch", ["What is a twitch?", "Is it ALS/MND?"]), ("/spasm", ["What is a cramp?"])],
)
async def test_overview_offers_sections_sources_and_the_check(
    bot_app: BotApplication, chat: ChatSession, command: str, first_sections: list[str]
) -> None:
    overview = (await chat.send(command)).last
    assert "not a diagnosis" in overview.text
    assert "emergency number" in overview.text
    assert overview.button_texts == [
        *first_sections,
        *SECTION_BUTTONS,
        "📚 See the sources",
        "🩺 Check my symptoms",
    ]


@pytest.mark.parametrize("topic_id", ["twitch", "spasm"])
async def test_every_section_opens_in_place_with_sources_and_back(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge, topic_id: str
) -> None:
    overview = (await chat.send(f"/{topic_id}")).last
    topic = knowledge.content.topics[topic_id]
    for section in topic.sections.values():
        page = (await chat.tap(section.title, overview)).last
        assert page.message_id == overview.message_id, "a section edits the overview in place"
        assert page.edited
        assert page.text.startswith(section.title)
        assert "Source" in page.text.splitlines()[-1]
        for source_id in section.source_ids:
            assert knowledge.content.sources[source_id].publisher.split(" (")[0] in page.text
        assert page.button_texts == ["⬅️ Back", "🩺 Check my symptoms"]
        overview = (await chat.tap("⬅️ Back", page)).last
        assert overview.button_texts[-1] == "🩺 Check my symptoms"


@pytest.mark.parametrize("topic_id", ["twitch", "spasm"])
async def test_sources_page_links_every_cited_source(
    bot_app: BotApplication, chat: ChatSession, knowledge: Knowledge, topic_id: str
) -> None:
    await chat.send(f"/{topic_id}")
    page = (await chat.tap("📚 See the sources")).last
    assert page.html is not None
    cited = {
        s
        for section in knowledge.content.topics[topic_id].sections.values()
        for s in section.source_ids
    }
    for source_id in cited:
        assert f'href="{knowledge.content.sources[source_id].url}"' in page.html


@pytest.mark.parametrize(
    ("text", "overview_start"),
    [
        ("my eyelid keeps twitching", "A twitch is"),
        ("calf cramp at night", "A cramp"),
        ("spasm in my back", "A cramp"),
        ("my eyelid is twiching", "A twitch is"),
    ],
)
async def test_plain_text_opens_the_right_topic(
    bot_app: BotApplication, chat: ChatSession, text: str, overview_start: str
) -> None:
    reply = (await chat.send(text)).last
    assert reply.text.startswith(overview_start)
    assert "🩺 Check my symptoms" in reply.button_texts


async def test_unrelated_text_gets_a_pointer_to_the_commands(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    reply = (await chat.send("what's the weather like?")).last
    assert "/twitch" in reply.text
    assert "/spasm" in reply.text
    assert reply.button_texts == ["⚡ Muscle twitch", "💢 Spasms and cramps"]


async def test_a_double_tap_on_a_section_is_harmless(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    overview = (await chat.send("/twitch")).last
    first = await chat.tap("What causes it", overview)
    second = await chat.press(overview.button("What causes it").callback_data or "")
    assert second.callback_answer is not None
    assert chat.last.text == first.last.text
