"""The rules for the questions for the doctor (tgbot/core/doctor_questions.py)."""

from __future__ import annotations

from tgbot.core.doctor_questions import (
    MAX_CHARACTERS,
    MAX_QUESTIONS,
    Refusal,
    add_question,
    tidy,
)


def test_a_question_is_kept_on_one_tidy_line() -> None:
    assert tidy("  Could it be\n my thyroid?  ") == "Could it be my thyroid?"
    added = add_question((), "Could it be\nmy thyroid?")
    assert added.questions == ("Could it be my thyroid?",)
    assert added.refusal is None


def test_too_long_too_many_and_empty_are_refused_and_nothing_changes() -> None:
    kept = ("Should I stop coffee?",)
    long = add_question(kept, "x" * (MAX_CHARACTERS + 1))
    assert (long.refusal, long.length, long.questions) == (
        Refusal.TOO_LONG,
        MAX_CHARACTERS + 1,
        kept,
    )
    assert add_question(kept, " \n ").refusal is Refusal.EMPTY
    full = tuple(f"Question {n}?" for n in range(MAX_QUESTIONS))
    assert add_question(full, "One more?").refusal is Refusal.FULL
    assert add_question((), "x" * MAX_CHARACTERS).refusal is None


def test_the_same_question_twice_is_kept_once() -> None:
    assert add_question(("Is it my magnesium?",), "Is it my  magnesium?").questions == (
        "Is it my magnesium?",
    )
