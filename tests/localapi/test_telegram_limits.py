"""The stand-in refuses what Telegram refuses, with Telegram's own words: each documented
limit (core.telegram.org/bots/api, /bots/faq) checked on the wire, as a bot would meet it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from tgbot.core.clock import PinnedClock
from tgbot.localapi import FakeUser, LocalBotApi
from tgbot.localapi.models import FloodLimits

TOKEN = "123456:TEST-token"
USER = FakeUser(77)
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


@pytest.fixture
def clock() -> PinnedClock:
    """Stopped: the stand-in's ages move only when a test moves them."""
    return PinnedClock(datetime(2026, 6, 3, 12, 0, tzinfo=UTC), ticking=False)


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


class Wire:
    """Bot API calls as raw HTTP: the status and the JSON body exactly as Telegram's."""

    def __init__(self, api: LocalBotApi, session: aiohttp.ClientSession) -> None:
        self.api, self.session = api, session

    async def call(self, method: str, **params: Any) -> tuple[int, dict[str, Any]]:
        url = f"{self.api.base_url}/bot{TOKEN}/{method}"
        async with self.session.post(url, json=params) as response:
            return response.status, await response.json()

    async def ok(self, method: str, **params: Any) -> dict[str, Any]:
        status, body = await self.call(method, **params)
        assert (status, body["ok"]) == (200, True), body
        result: dict[str, Any] = body["result"]
        return result

    async def refused(self, method: str, **params: Any) -> str:
        """The description of a 400, checked to be in Telegram's shape."""
        status, body = await self.call(method, **params)
        assert status == 400, body
        assert body["ok"] is False
        assert body["error_code"] == 400
        description: str = body["description"]
        return description


@pytest.fixture
def wire(local_api: LocalBotApi, http: aiohttp.ClientSession) -> Wire:
    local_api.private_chat(USER)
    return Wire(local_api, http)


def keyboard(*data: str) -> dict[str, Any]:
    return {
        "inline_keyboard": [[{"text": f"b{i}", "callback_data": d}] for i, d in enumerate(data)]
    }


# ------------------------------------------------------------------ text and captions


async def test_text_of_4096_characters_after_entities_passes_and_4097_is_too_long(
    wire: Wire,
) -> None:
    # The tags do not count: 4,096 characters of text inside <b> is exactly the limit.
    sent = await wire.ok("sendMessage", chat_id=USER.id, text=f"<b>{'x' * 4096}</b>",
                         parse_mode="HTML")  # fmt: skip
    assert len(sent["text"]) == 4096
    assert await wire.refused("sendMessage", chat_id=USER.id, text="x" * 4097) == (
        "Bad Request: message is too long"
    )
    # Characters are UTF-16 code units: 2,049 emoji are 4,098.
    assert await wire.refused("sendMessage", chat_id=USER.id, text="👋" * 2049) == (
        "Bad Request: message is too long"
    )


async def test_empty_text_and_text_of_only_tags_are_empty(wire: Wire) -> None:
    assert await wire.refused("sendMessage", chat_id=USER.id, text="") == (
        "Bad Request: message text is empty"
    )
    assert await wire.refused(
        "sendMessage", chat_id=USER.id, text="<b> </b>", parse_mode="HTML"
    ) == ("Bad Request: message text is empty")


async def test_caption_up_to_1024_characters(wire: Wire) -> None:
    photo = {"file_name": "chart.png", "content": "png"}
    await wire.ok("sendPhoto", chat_id=USER.id, photo=photo, caption="c" * 1024)
    assert await wire.refused("sendPhoto", chat_id=USER.id, photo=photo, caption="c" * 1025) == (
        "Bad Request: message caption is too long"
    )
    document = {"file_name": "summary.pdf", "content": "pdf"}
    caption = f"<i>{'c' * 1025}</i>"
    assert await wire.refused(
        "sendDocument", chat_id=USER.id, document=document, caption=caption, parse_mode="HTML"
    ) == ("Bad Request: message caption is too long")


# ------------------------------------------------------------------ HTML


@pytest.mark.parametrize(
    "html",
    [
        "<b>b</b> <strong>s</strong> <i>i</i> <em>e</em> <u>u</u> <ins>n</ins> <s>s</s>",
        '<strike>s</strike> <del>d</del> <span class="tg-spoiler">x</span>',
        '<tg-spoiler>x</tg-spoiler> <a href="https://nhs.uk">NHS</a>',
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji> <code>c</code>',
        '<pre><code class="language-python">x = 1</code></pre>',
        "<blockquote>q</blockquote> <blockquote expandable>long</blockquote>",
        "&lt;&gt;&amp;&quot; &#128075; &#x1F44B;",
    ],
)
async def test_telegrams_own_tags_and_entities_pass(wire: Wire, html: str) -> None:
    await wire.ok("sendMessage", chat_id=USER.id, text=html, parse_mode="HTML")


@pytest.mark.parametrize(
    ("html", "words"),
    [
        ("<p>x</p>", 'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte '
                     "offset 0"),
        ("<br/>x", 'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte '
                   "offset 0"),
        ("1 < 2", "Bad Request: can't parse entities: Unsupported start tag at byte offset 2"),
        ("<b>x", "Bad Request: can't parse entities: Can't find end tag corresponding to start"
                 ' tag "b"'),
        ("<b>x</i>", "Bad Request: can't parse entities: Unmatched end tag at byte offset 4,"
                     ' expected "</b>", found "</i>"'),
        ('<span class="big">x</span>', "Bad Request: can't parse entities: Tag \"span\" must"
                                       ' have class "tg-spoiler" at byte offset 0'),
        ("<a>x</a>", "Bad Request: can't parse entities: Can't find href attribute at byte"
                     " offset 0"),
    ],
)  # fmt: skip
async def test_other_html_cannot_be_parsed(wire: Wire, html: str, words: str) -> None:
    assert await wire.refused("sendMessage", chat_id=USER.id, text=html, parse_mode="HTML") == (
        words
    )


# ------------------------------------------------------------------ buttons


async def test_callback_data_of_1_to_64_bytes(wire: Wire) -> None:
    await wire.ok("sendMessage", chat_id=USER.id, text="ok", reply_markup=keyboard("é" * 32))
    for data in ("", "é" * 32 + "x"):  # 0 bytes; 65 bytes in 33 characters
        assert await wire.refused(
            "sendMessage", chat_id=USER.id, text="x", reply_markup=keyboard(data)
        ) == ("Bad Request: BUTTON_DATA_INVALID")


async def test_at_most_100_inline_buttons(wire: Wire) -> None:
    await wire.ok("sendMessage", chat_id=USER.id, text="100", reply_markup=keyboard(
        *(str(i) for i in range(100))))  # fmt: skip
    assert await wire.refused(
        "sendMessage", chat_id=USER.id, text="101",
        reply_markup=keyboard(*(str(i) for i in range(101))),
    ) == ("Bad Request: reply markup is too long")  # fmt: skip


# ------------------------------------------------------------------ edits


async def test_an_edit_that_changes_nothing_is_not_modified(wire: Wire) -> None:
    sent = await wire.ok("sendMessage", chat_id=USER.id, text="<b>Q</b>", parse_mode="HTML",
                         reply_markup=keyboard("a"))  # fmt: skip
    same = {"chat_id": USER.id, "message_id": sent["message_id"]}
    assert await wire.refused("editMessageText", **same, text="<b>Q</b>", parse_mode="HTML",
                              reply_markup=keyboard("a")) == NOT_MODIFIED  # fmt: skip
    assert await wire.refused("editMessageReplyMarkup", **same, reply_markup=keyboard("a")) == (
        NOT_MODIFIED
    )
    # Another keyboard, or the same words in another style, is a change.
    await wire.ok("editMessageText", **same, text="<b>Q</b>", parse_mode="HTML",
                  reply_markup=keyboard("b"))  # fmt: skip
    await wire.ok("editMessageText", **same, text="<i>Q</i>", parse_mode="HTML",
                  reply_markup=keyboard("b"))  # fmt: skip


async def test_a_message_older_than_48_hours_cant_be_edited(wire: Wire, clock: PinnedClock) -> None:
    sent = await wire.ok("sendMessage", chat_id=USER.id, text="one", reply_markup=keyboard("a"))
    at = {"chat_id": USER.id, "message_id": sent["message_id"]}
    clock.advance(timedelta(hours=47, minutes=59))
    await wire.ok("editMessageText", **at, text="two", reply_markup=keyboard("a"))
    clock.advance(timedelta(minutes=1))
    assert await wire.refused("editMessageText", **at, text="three") == (
        "Bad Request: message can't be edited"
    )
    assert await wire.refused("editMessageReplyMarkup", **at) == (
        "Bad Request: message can't be edited"
    )


async def test_a_users_message_cant_be_edited_by_the_bot(
    wire: Wire, local_api: LocalBotApi
) -> None:
    theirs = local_api.user_message(USER, "hello")
    assert await wire.refused(
        "editMessageText", chat_id=USER.id, message_id=theirs.message_id, text="bye"
    ) == ("Bad Request: message can't be edited")


# ------------------------------------------------------------------ callback queries


async def tapped(wire: Wire, local_api: LocalBotApi) -> str:
    sent = await wire.ok("sendMessage", chat_id=USER.id, text="pick", reply_markup=keyboard("a"))
    return local_api.user_press(USER, local_api.messages[USER.id][sent["message_id"]], "a")


async def test_a_pop_up_of_up_to_200_characters(wire: Wire, local_api: LocalBotApi) -> None:
    query = await tapped(wire, local_api)
    assert await wire.refused(
        "answerCallbackQuery", callback_query_id=query, text="x" * 201, show_alert=True
    ) == ("Bad Request: MESSAGE_TOO_LONG")
    assert await wire.ok(
        "answerCallbackQuery", callback_query_id=query, text="x" * 200, show_alert=True
    )


async def test_a_tap_answered_after_15_seconds_is_too_old(
    wire: Wire, local_api: LocalBotApi, clock: PinnedClock
) -> None:
    in_time, late = await tapped(wire, local_api), await tapped(wire, local_api)
    clock.advance(timedelta(seconds=15))
    assert await wire.ok("answerCallbackQuery", callback_query_id=in_time)
    clock.advance(timedelta(seconds=1))
    assert await wire.refused("answerCallbackQuery", callback_query_id=late) == TOO_OLD
    # An id never given, or one answered already, gets the same words.
    assert await wire.refused("answerCallbackQuery", callback_query_id=in_time) == TOO_OLD
    assert await wire.refused("answerCallbackQuery", callback_query_id="404") == TOO_OLD


# ------------------------------------------------------------------ flood control


async def flood(wire: Wire, chat_id: int, count: int) -> list[tuple[int, dict[str, Any]]]:
    return [await wire.call("sendMessage", chat_id=chat_id, text=f"m{i}") for i in range(count)]


def too_many(body: dict[str, Any]) -> tuple[int, str, int]:
    return body["error_code"], body["description"], body["parameters"]["retry_after"]


async def test_past_30_messages_a_second_overall_429(wire: Wire, local_api: LocalBotApi) -> None:
    users = [FakeUser(9000 + i) for i in range(31)]
    for user in users:
        local_api.private_chat(user)
    answers = [await wire.call("sendMessage", chat_id=u.id, text="news") for u in users]
    assert [status for status, _ in answers[:30]] == [200] * 30
    status, body = answers[30]
    assert status == 429
    assert too_many(body) == (429, "Too Many Requests: retry after 1", 1)


async def test_past_20_messages_a_minute_in_one_group_429(
    wire: Wire, local_api: LocalBotApi
) -> None:
    group = local_api.group_chat(-100123)
    answers = await flood(wire, group.id, 21)
    assert [status for status, _ in answers[:20]] == [200] * 20
    status, body = answers[20]
    assert status == 429
    code, words, retry_after = too_many(body)
    assert (code, words) == (429, f"Too Many Requests: retry after {retry_after}")
    assert 55 <= retry_after <= 60  # the first of the 20 leaves the window a minute on
    # Another group, and a private chat, are not held up by it.
    assert (await flood(wire, local_api.group_chat(-100124).id, 1))[0][0] == 200
    assert (await flood(wire, USER.id, 1))[0][0] == 200


async def test_a_burst_in_a_private_chat_passes_a_sustained_pace_over_1_a_second_does_not(
    wire: Wire, local_api: LocalBotApi
) -> None:
    # The suite's stand-in lets 20 messages go at once into one chat, then one a second.
    answers = await flood(wire, USER.id, 21)
    assert [status for status, _ in answers[:20]] == [200] * 20
    status, body = answers[20]
    assert status == 429
    assert too_many(body) == (429, "Too Many Requests: retry after 1", 1)
    # An edit answers a tap: it is not a new message in the chat, and still goes.
    first = answers[0][1]["result"]["message_id"]
    await wire.ok("editMessageText", chat_id=USER.id, message_id=first, text="edited")
    # Another person's chat has its own allowance.
    other = FakeUser(78)
    local_api.private_chat(other)
    assert (await flood(wire, other.id, 1))[0][0] == 200


async def test_a_smaller_burst_is_a_setting(http: aiohttp.ClientSession) -> None:
    async with LocalBotApi(flood_limits=FloodLimits(private_burst=5)) as api:
        api.private_chat(USER)
        answers = await flood(Wire(api, http), USER.id, 6)
    assert [status for status, _ in answers] == [200] * 5 + [429]
