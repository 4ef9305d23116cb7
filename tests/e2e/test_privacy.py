"""Consent, /privacy, /mydata, /forget and retention, end to end."""

import json
from datetime import timedelta

from tests.helpers_release import VERSION
from tgbot.bot.context import BotApplication
from tgbot.localapi import ChatSession
from tgbot.storage import Store
from tgbot.storage.sealing import UserKeys

NONE = "🚫 None of these"
SELF_CARE_PATH = [NONE, "👁️ Eyelid", "📅 Less than a week", NONE, NONE]


async def check(chat: ChatSession, keep: bool | None) -> str:
    """Run a self-care twitch check; the consent question must come (keep is True or False)
    right after the safety question, and never before it (keep None: it must not come)."""
    await chat.send("/twitch")
    reply = (await chat.tap("🩺 Check my symptoms")).last
    assert "Question 1 of" in reply.text, "the safety question comes first, always"
    assert "Before the next question" not in reply.text
    reply = (await chat.tap(SELF_CARE_PATH[0])).last
    if keep is not None:
        assert "Before the next question" in reply.text
        reply = (await chat.tap("✅ Yes, keep them" if keep else "🙅 No, keep nothing")).last
        assert "You can change this at any time with /privacy" in reply.text
    assert "Question 2 of" in reply.text
    for label in SELF_CARE_PATH[1:]:
        reply = (await chat.tap(label)).last
    return reply.text


async def rows_mentioning(db: Store, value: int) -> dict[str, int]:
    """Rows in any table with any column equal to ``value`` (compared as text, so that a
    column of any type can be asked on either engine)."""
    if db.engine == "sqlite":
        tables = [
            str(r[0])
            for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type='table'")
        ]
        columns = {
            t: [str(r[1]) for r in await db.fetchall(f'PRAGMA table_info("{t}")')] for t in tables
        }
    else:
        columns = {}
        for table, column in await db.fetchall(
            "SELECT table_name, column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema()"
        ):
            columns.setdefault(str(table), []).append(str(column))
    found: dict[str, int] = {}
    for table, names in columns.items():
        if not names:
            continue
        where = " OR ".join(f'CAST("{c}" AS TEXT) = ?' for c in names)
        row = await db.fetchone(
            f'SELECT COUNT(*) FROM "{table}" WHERE {where}', [str(value)] * len(names)
        )
        if row is not None and row[0]:
            found[table] = int(row[0])
    return found


async def test_consent_is_asked_once_and_agreeing_keeps_the_check(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    outcome = await check(chat, keep=True)
    assert "⏰ Remind me" in chat.last.button_texts
    assert "look after this at home" in outcome
    episodes = await bot_app.bot_data.services.finished_checks.for_user(chat.user.id)
    assert [(e.flow_id, e.level) for e in episodes] == [("twitch", "self_care")]
    assert episodes[0].answers["location"] == ("eyelid",)
    await check(chat, keep=None)  # no second consent question
    assert len(await bot_app.bot_data.services.finished_checks.for_user(chat.user.id)) == 2


async def test_without_consent_the_check_works_but_nothing_is_kept(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    outcome = await check(chat, keep=False)
    assert "look after this at home" in outcome
    assert chat.last.button_texts == ["🔁 Start again", "👍 It helped", "👎 It did not help"], (
        "no reminder without consent"
    )
    services = bot_app.bot_data.services
    assert await services.finished_checks.for_user(chat.user.id) == []
    data = await services.privacy.export(chat.user.id)
    assert set(data) == {"users"}


async def test_privacy_explains_and_lets_the_user_change_their_mind(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await check(chat, keep=False)
    page = (await chat.send("/privacy")).last
    assert "180 days" in page.text
    assert "/mydata" in page.text
    assert "/forget" in page.text
    assert "may not keep your checks" in page.text
    assert page.button_texts == ["✅ Keep my checks"]
    page = (await chat.tap("✅ Keep my checks")).last
    assert "may keep your checks" in page.text
    assert page.button_texts == ["🙅 Stop keeping my checks"]
    await check(chat, keep=None)
    assert "⏰ Remind me" in chat.last.button_texts


async def test_mydata_shows_everything_readably_and_as_json(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    assert "keep nothing" in (await chat.send("/mydata")).last.text
    await check(chat, keep=True)
    reply = await chat.send("/mydata", at_least=2)
    summary, document = reply.messages
    lines = summary.text.splitlines()
    assert lines[0] == "📋 What I keep about you"
    assert "• Your Telegram is in: English." in lines
    assert "• Time zone: not chosen (I use UTC)." in lines
    assert any(line.startswith("• May I keep your checks: yes (you said so on ") for line in lines)
    assert "Checks you finished (1)" in lines
    # With the release of the content that gave the advice (content/release.yaml).
    assert any(
        line.endswith(f": ⚡ Muscle twitching, Self-care · version {VERSION} of the advice")
        for line in lines
    )
    assert "   Where is the twitch? 👁️ Eyelid" in lines
    # Written for a person: no raw field names or ids.
    for raw in ("answers", "attempts", "message_id", "blocked", "{", "chat_id"):
        assert raw not in summary.text
    assert document.document_name == "my-data.json"
    assert document.document is not None
    data = json.loads(document.document)
    assert data["users"][0]["user_id"] == chat.user.id
    assert data["episodes"][0]["level"] == "self_care"


async def test_forget_deletes_every_row_after_confirmation(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await check(chat, keep=True)
    await chat.send("/twitch")
    await chat.tap("🩺 Check my symptoms")  # a triage left running
    db = bot_app.bot_data.services.db
    # The rows hold the user's pseudonym, never their Telegram id.
    pseudonym = db.pseudonym(chat.user.id)
    assert await rows_mentioning(db, pseudonym)
    assert await rows_mentioning(db, chat.user.id) == {}
    kept = (await chat.send("/forget")).last
    assert "cannot be undone" in kept.text
    assert (await chat.tap("↩️ No, keep it")).last.text.startswith("OK, I did not delete")
    assert await rows_mentioning(db, pseudonym)
    await chat.send("/forget")
    done = (await chat.tap("🗑️ Yes, delete it all")).last
    assert "deleted everything" in done.text
    assert await rows_mentioning(db, pseudonym) == {}


async def test_buttons_of_a_forgotten_user_expire_calmly(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/twitch")
    await chat.tap("🩺 Check my symptoms")
    await chat.tap(NONE)
    question = (await chat.tap("✅ Yes, keep them")).last
    await chat.send("/forget")
    await chat.tap("🗑️ Yes, delete it all")
    reply = await chat.press(question.button("👁️ Eyelid").callback_data or "", question.message_id)
    assert reply.callback_answer is not None
    assert "expired" in reply.callback_answer["text"]


async def test_retention_deletes_checks_older_than_180_days(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await check(chat, keep=True)
    services = bot_app.bot_data.services
    old = services.clock.now() - timedelta(days=181)
    key = await UserKeys(services.db).get_or_make(chat.user.id)
    async with services.db.transaction() as conn:
        await conn.execute(
            "INSERT INTO episodes (user_id, flow_id, answers, level, created_at)"
            " VALUES (?, 'spasm', ?, 'doctor', ?)",
            (key.user_id, key.seal("episodes.answers", "{}"), int(old.timestamp())),
        )
    assert len(await services.finished_checks.for_user(chat.user.id)) == 2
    assert bot_app.job_queue is not None
    (job,) = bot_app.job_queue.get_jobs_by_name("retention")
    await job.run(bot_app)  # the daily job, run now
    remaining = await services.finished_checks.for_user(chat.user.id)
    assert [e.flow_id for e in remaining] == ["twitch"]


async def test_privacy_commands_in_a_group_point_to_a_private_chat(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    group = ChatSession(chat.api, chat.user, chat.api.group_chat(-100777))
    for command in ("/mydata", "/forget", "/privacy"):
        reply = (await group.send(command)).last
        assert "private chat" in reply.text
        assert reply.buttons == ()


async def test_stopping_keeping_checks_says_what_is_still_kept_and_offers_to_delete(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    services = bot_app.bot_data.services
    await check(chat, keep=True)
    await check(chat, keep=None)
    await chat.send("/privacy")
    reply = await chat.tap("🙅 Stop keeping my checks")
    offer = reply.last
    assert offer.text.startswith("From now on I keep no new checks. I still have 2 past check(s)")
    assert offer.button_texts == ["🗑️ Delete my past checks", "↩️ Keep them"]
    assert (await chat.tap("🗑️ Delete my past checks")).last.text == (
        "Done. I deleted your past checks and their reminders."
    )
    assert await services.finished_checks.for_user(chat.user.id) == []
    record = await services.users.get(chat.user.id)
    assert record is not None
    assert record.keep_checks is False


async def test_stopping_with_no_past_checks_offers_nothing_to_delete(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/privacy")
    reply = await chat.tap("🙅 Stop keeping my checks")
    assert all("past check" not in m.text for m in reply.messages)


async def test_mydata_before_any_answer_on_keeping_has_one_full_stop(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/settings")
    await chat.tap("London")
    summary = (await chat.send("/mydata", at_least=2)).messages[0]
    assert "• May I keep your checks: you have not said yet." in summary.text.splitlines()
    assert ".." not in summary.text


async def test_privacy_and_forget_name_the_diary_and_everything_else_kept(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    page = (await chat.send("/privacy")).last.text
    what_i_keep = page.split("What I keep:", 1)[1].split("Why:", 1)[0]
    # One phrase for each table that holds something about a person (tgbot/storage/migrations.py).
    for kept in (
        "user id, chat id and Telegram's language",  # users
        "the language and time zone you pick",  # users
        "whether I may keep your checks",  # users
        "While a check is under way, I keep its answers",  # triage_sessions
        "each check you finish",  # episodes
        "the reminders and evening check-ins you ask for",  # reminders
        "your diary: for each day you log, how much, where and what came before it",
        "I keep that you rated it, not how",  # vote_receipts
        "If you write questions for your doctor (/questions), I keep them",  # users
    ):
        assert kept in what_i_keep, kept
    assert "checks, diary days and old reminders are deleted after 180 days" in page
    confirm = (await chat.send("/forget")).last.text
    assert (
        "your settings, checks, diary, reminders, evening check-ins and questions for your doctor"
    ) in (" ".join(confirm.split()))


async def test_log_before_consent_offers_the_consent_and_goes_on_to_the_day(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    asked = (await chat.send("/log")).last
    assert asked.text.startswith("I can keep a diary only if you let me keep your checks")
    assert asked.button_texts == ["✅ Allow it and log today"]
    reply = await chat.tap("✅ Allow it and log today", asked)
    assert reply.messages[0].text.startswith("Thank you. You can change this at any time")
    day = reply.last
    assert day.text == "📓 ⚡ Muscle twitching: how much today?"
    assert day.button_texts[:3] == ["😌 None today", "🙂 A little", "😣 A lot"]
    saved = (await chat.tap("😌 None today", day)).last
    assert saved.text.startswith("✅ Saved: none today.")
    record = await bot_app.bot_data.services.users.get(chat.user.id)
    assert record is not None
    assert record.keep_checks is True


async def test_text_typed_on_the_consent_screen_names_only_its_buttons(
    bot_app: BotApplication, chat: ChatSession
) -> None:
    await chat.send("/twitch")
    await chat.tap("🩺 Check my symptoms")
    consent = (await chat.tap(NONE)).last
    assert "Before the next question" in consent.text
    reply = await chat.send("what happens with my data?")
    # The screen comes again below (the one above loses its buttons).
    (again,) = [m for m in reply.messages if not m.edited]
    assert "Cancel" not in again.text
    assert "Tap one of the two answers below to go on." in again.text
    assert (
        again.button_texts == consent.button_texts == ["✅ Yes, keep them", "🙅 No, keep nothing"]
    )
