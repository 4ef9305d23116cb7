"""``python bot.py chat`` in a pseudo-terminal, driven as a person would: read the screen, type
a command or the number next to a button's label."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from tgbot.config import REPO_ROOT
from tgbot.terminal.chat import PROMPT

TIMEOUT = 15
"""Seconds for one expect: start-up (imports, content, database) takes the longest."""
_BUTTON = re.compile(r"\[(\d+)\] (.+?)(?=   \[\d+\] |$)", re.MULTILINE)


class Terminal:
    """The person at the keyboard: types lines, reads what came back since."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child
        self.buttons: dict[str, int] = {}
        self.screen = ""
        self.output = self._until_prompt()

    def type(self, line: str) -> str:
        self.child.sendline(line)
        self.output = self._until_prompt()
        return self.output

    def press(self, label: str) -> str:
        """Type the number shown next to ``label`` on the latest buttons."""
        assert label in self.buttons, f"no button {label!r}; on screen: {sorted(self.buttons)}"
        return self.type(str(self.buttons[label]))

    def _until_prompt(self) -> str:
        self.child.expect_exact(PROMPT)
        output = str(self.child.before).replace("\r\n", "\n")
        self.screen += output
        found = {label.rstrip(): int(number) for number, label in _BUTTON.findall(output)}
        if found:
            self.buttons = found
        return output


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    # A dumb terminal gets no colour codes, so the screen reads as plain text.
    env.update(TERM="dumb", NO_COLOR="1", PYTHONIOENCODING="utf-8")
    child = pexpect.spawn(
        sys.executable,
        [str(REPO_ROOT / "bot.py"), "chat"],
        cwd=str(REPO_ROOT),
        env=env,
        encoding="utf-8",
        dimensions=(50, 100),
        timeout=TIMEOUT,
    )
    try:
        yield Terminal(child)
    finally:
        if child.isalive():
            child.terminate(force=True)


def test_a_full_triage_then_a_reminder_fast_forwarded_and_answered(terminal: Terminal) -> None:
    assert "no Telegram, no network, a temporary database" in terminal.output
    topic = terminal.type("/twitch")
    assert "🤖 Twitch Triage" in topic
    assert "🩺 Check my symptoms" in terminal.buttons
    question = terminal.press("🩺 Check my symptoms")
    assert "Question 1 of up to 6" in question
    assert "First, a quick safety check." in question
    second = terminal.press("🚫 None of these")
    if "✅ Yes, keep them" in terminal.buttons:
        # Asked once, after the safety question: keeping the answers makes a reminder possible.
        second = terminal.press("✅ Yes, keep them")
        assert "(edited)" in second
    assert "Question 2 of up to 6" in second
    assert "Question 3 of up to 6" in terminal.press("👁️ Eyelid")
    assert "Question 4 of up to 6" in terminal.press("📅 Less than a week")
    assert "Question 5 of up to 6" in terminal.press("🚫 None of these")
    ticked = terminal.press("☕ Coffee, tea or energy drinks")
    assert "🤖 Twitch Triage (edited)" in ticked
    assert "☑️ ☕ Coffee, tea or energy drinks" in terminal.buttons
    outcome = terminal.press("✅ Done")
    assert "You can most likely look after this at home." in outcome
    assert "not a diagnosis" in outcome
    assert set(terminal.buttons) >= {"⏰ Remind me", "🔁 Start again"}

    assert "When should I ask you" in terminal.press("⏰ Remind me")
    assert "OK. I will ask you on" in terminal.press("In 3 days")
    # Four days: a reminder due at night waits for the morning (quiet hours).
    arrived = terminal.type("/wait 4d")
    assert "⏩ 4 days later: it is now " in arrived
    assert "you told me about a twitch in your eyelid. How is it now?" in arrived
    assert "Good to hear it is gone." in terminal.press("✅ Gone")
    assert "Nothing from the bot in that time." in terminal.type("/wait 1w")

    terminal.child.sendline("/quit")
    terminal.child.expect(pexpect.EOF)
    terminal.child.wait()
    assert terminal.child.exitstatus == 0


def test_ctrl_d_leaves_cleanly(terminal: Terminal) -> None:
    terminal.child.sendeof()
    terminal.child.expect(pexpect.EOF)
    terminal.child.wait()
    assert terminal.child.exitstatus == 0


def test_invalid_content_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bot.py"), "chat", "--content", str(tmp_path)],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: content is invalid: {tmp_path}/sources.yaml: file not found"
    ]
