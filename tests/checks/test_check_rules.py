"""The rules of a check's life, one test each, on the use cases alone (tgbot/checks): what
each tap shows next and what the database keeps. The e2e tests show the same on the wire."""

from __future__ import annotations

from datetime import timedelta

from tests.checks.conftest import CHAT, MESSAGE, USER, Harness
from tgbot.checks import (
    Ask,
    AskConsent,
    Cancelled,
    ConsentNoted,
    Expired,
    Finished,
    PickFirst,
    Screen,
    Stale,
    Tap,
    Why,
)
from tgbot.core.clock import PinnedClock
from tgbot.core.triage import Level
from tgbot.storage import FinishedCheck, FinishedCheckRepository


def tap(ask: Ask, user: int = USER, message: int | None = MESSAGE) -> Tap:
    return Tap(ask.check_id, user, message, ask.question.id)


def asked(screen: Screen) -> Ask:
    assert isinstance(screen, Ask), screen
    return screen


async def started(h: Harness, flow: str = "twitch") -> Ask:
    ask = await h.checks.start(USER, CHAT, flow)
    await h.checks.sent(ask, MESSAGE)
    return ask


async def past_consent(h: Harness, keep: bool) -> Ask:
    """The first check: no emergency sign, then the one-time consent question answered."""
    first = await started(h)
    consent = await h.checks.answer(tap(first), "none")
    assert isinstance(consent, AskConsent)
    noted = await h.checks.consent(Tap(first.check_id, USER, MESSAGE), keep)
    assert isinstance(noted, ConsentNoted)
    assert noted.then is not None
    return noted.then


async def to_the_end(h: Harness, ask: Ask) -> Finished:
    """Answer every question with its first harmless option ("none" where there is one)."""
    screen: Screen = ask
    while isinstance(screen, Ask):
        question = screen.question
        harmless = [o for o in question.options if o.level is None] or list(question.options)
        none = question.option("none")
        option = none if none is not None else harmless[0]
        screen = await h.checks.answer(tap(screen), option.id)
        if isinstance(screen, Ask) and screen.question.id == question.id:
            screen = await h.checks.done(tap(screen))
    assert isinstance(screen, Finished), screen
    return screen


async def test_a_check_starts_at_the_safety_question(harness: Harness) -> None:
    ask = await started(harness)
    assert ask.question.id == "emergency_signs"
    assert ask.at[0] == 1
    assert not ask.can_go_back
    assert ask.answers == {}


async def test_consent_is_asked_once_right_after_the_safety_question(harness: Harness) -> None:
    location = await past_consent(harness, keep=True)
    assert location.question.id == "location"
    again = await started(harness)
    assert asked(await harness.checks.answer(tap(again), "none")).question.id == "location"


async def test_nothing_is_kept_without_consent(harness: Harness) -> None:
    finished = await to_the_end(harness, await past_consent(harness, keep=False))
    assert finished.finished_check_id is None
    assert await FinishedCheckRepository(harness.store).for_user(USER) == []


async def test_a_check_is_kept_with_consent(harness: Harness) -> None:
    finished = await to_the_end(harness, await past_consent(harness, keep=True))
    (kept,) = await FinishedCheckRepository(harness.store).for_user(USER)
    assert finished.finished_check_id == kept.episode_id
    assert kept.level == finished.outcome.level.value


async def test_an_emergency_sign_ends_the_check_at_once(harness: Harness) -> None:
    first = await started(harness)
    finished = await harness.checks.answer(tap(first), "breathing")
    assert isinstance(finished, Finished)
    assert finished.outcome.level is Level.EMERGENCY


async def test_a_double_tap_shows_where_the_check_is(harness: Harness) -> None:
    location = await past_consent(harness, keep=True)
    duration = asked(await harness.checks.answer(tap(location), "eyelid"))
    stale = await harness.checks.answer(tap(location), "face")
    assert isinstance(stale, Stale)
    assert stale.now is not None
    assert stale.now.question.id == duration.question.id == "duration"
    assert stale.now.answers == {"emergency_signs": ("none",), "location": ("eyelid",)}


async def test_only_the_tapper_on_the_live_message_is_served(harness: Harness) -> None:
    first = await started(harness)
    assert isinstance(await harness.checks.answer(tap(first, user=USER + 1), "none"), Expired)
    assert isinstance(await harness.checks.answer(tap(first, message=MESSAGE + 1), "none"), Expired)
    assert isinstance(await harness.checks.answer(tap(first), "no_such_option"), Expired)


async def test_back_drops_the_last_answer_and_keeps_it_marked(harness: Harness) -> None:
    location = await past_consent(harness, keep=True)
    duration = asked(await harness.checks.answer(tap(location), "calf"))
    back = asked(await harness.checks.back(tap(duration)))
    assert back.question.id == "location"
    assert back.ticked == ("calf",)
    assert "location" not in back.answers
    assert back.at[0] == location.at[0]
    assert asked(await harness.checks.answer(tap(back), "eyelid")).answers["location"] == (
        "eyelid",
    )


async def test_ticks_wait_for_done(harness: Harness) -> None:
    first = await started(harness)
    assert isinstance(await harness.checks.done(tap(first)), PickFirst)
    location = await past_consent(harness, keep=True)
    duration = asked(await harness.checks.answer(tap(location), "eyelid"))
    symptoms = asked(await harness.checks.answer(tap(duration), "days"))
    ticked = asked(await harness.checks.answer(tap(symptoms), "weakness"))
    assert ticked.question.id == "symptoms"
    assert ticked.ticked == ("weakness",)
    two = asked(await harness.checks.answer(tap(ticked), "stiffness"))
    assert two.ticked == ("weakness", "stiffness")
    assert asked(await harness.checks.answer(tap(two), "weakness")).ticked == ("stiffness",)
    triggers = asked(await harness.checks.done(tap(two)))
    assert triggers.answers["symptoms"] == ("stiffness",)
    assert triggers.ticked == ()


async def test_why_leaves_the_check_as_it_was(harness: Harness) -> None:
    first = await started(harness)
    why = await harness.checks.why(tap(first))
    assert isinstance(why, Why)
    assert why.question.id == "emergency_signs"
    assert isinstance(await harness.checks.answer(tap(first), "none"), AskConsent)


async def test_cancel_ends_the_check_and_its_buttons(harness: Harness) -> None:
    first = await started(harness)
    cancelled = await harness.checks.cancel(Tap(first.check_id, USER, MESSAGE))
    assert cancelled == Cancelled("twitch")
    assert isinstance(await harness.checks.answer(tap(first), "none"), Expired)


async def test_an_outcome_is_shown_again_until_it_is_on_screen(harness: Harness) -> None:
    first = await started(harness)
    finished = await harness.checks.answer(tap(first), "seizure")
    assert isinstance(finished, Finished)
    again = await harness.checks.answer(tap(first), "seizure")
    assert isinstance(again, Finished)
    assert again.again
    assert again.outcome == finished.outcome
    await harness.checks.shown(again)
    assert isinstance(await harness.checks.answer(tap(first), "seizure"), Expired)


async def test_a_new_check_replaces_the_running_one(harness: Harness) -> None:
    first = await started(harness)
    second = await started(harness, "spasm")
    assert isinstance(await harness.checks.answer(tap(first), "none"), Expired)
    assert isinstance(await harness.checks.answer(tap(second), "none"), AskConsent)


async def test_check_again_keeps_what_cannot_have_changed(
    harness: Harness, clock: PinnedClock
) -> None:
    answers: dict[str, tuple[str, ...]] = {
        "emergency_signs": ("none",),
        "location": ("eyelid",),
        "duration": ("days",),
    }
    then = clock.now() - timedelta(days=10)
    finished = FinishedCheck(1, USER, "twitch", answers, "self_care", then, None)
    ask = await harness.checks.check_again(USER, CHAT, finished, None)
    assert ask.question.id == "emergency_signs"
    assert ask.answers == {"location": ("eyelid",), "duration": ("one_two_weeks",)}
    await harness.checks.sent(ask, MESSAGE)
    consent = await harness.checks.answer(tap(ask), "none")
    assert isinstance(consent, AskConsent)


async def test_typed_details_are_offered_first_but_not_for_the_safety_question(
    harness: Harness,
) -> None:
    harness.typed.remember(USER, "twitch", {"location": ("calf",), "emergency_signs": ("seizure",)})
    first = await started(harness)
    assert first.offered == ()
    consent = await harness.checks.answer(tap(first), "none")
    assert isinstance(consent, AskConsent)
    noted = await harness.checks.consent(Tap(first.check_id, USER, MESSAGE), True)
    assert isinstance(noted, ConsentNoted)
    assert noted.then is not None
    assert noted.then.offered == ("calf",)
    assert noted.then.answers.get("location") is None


async def test_a_tap_reads_once_writes_once_and_walks_the_flow_twice(harness: Harness) -> None:
    location = await past_consent(harness, keep=True)
    harness.counts.reset()
    await harness.checks.answer(tap(location), "eyelid")
    # The running check, then the user's key that opens its sealed answers (never cached, so
    # a /forget on another worker counts at once); one write.
    assert harness.counts.statements == ["read", "read", "write"]
    assert harness.counts.walks == 2


async def test_the_last_tap_reads_once_then_keeps_and_ends(harness: Harness) -> None:
    first = await started(harness)
    harness.counts.reset()
    finished = await harness.checks.answer(tap(first), "seizure")
    assert isinstance(finished, Finished)
    await harness.checks.shown(finished)
    assert harness.counts.statements == ["read", "read", "transaction", "write"]
    assert harness.counts.walks == 2
