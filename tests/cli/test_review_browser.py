"""The sign-off page in a real browser (issue 28, part 6): ``python bot.py content review`` runs
on a temporary copy of content/, headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by Selenium through /usr/bin/chromedriver: nothing is downloaded)
gives the reviewer's name and registration once, picks Spanish, sees the safety-critical texts
first, approves one text and flags another with a comment. The test reads signoff.yaml back,
changes the approved text's English and sees it go stale, on the page and in ``content check``."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tgbot.cli.main import main
from tgbot.config import DEFAULT_CONTENT_DIR
from tgbot.core.signoff import Category, review_texts, sha256, signoff_path

from .test_report_browser import browser_paths

BOT = Path(__file__).resolve().parents[2] / "bot.py"
REVIEWER, REGISTRATION = "Dr Ana Revisora", "CMP 28/281234"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(DEFAULT_CONTENT_DIR, root)
    return root


@pytest.fixture
def review_url(content: Path) -> Iterator[str]:
    """The review page of `content`, on a free port of 127.0.0.1, as the command prints it."""
    process = subprocess.Popen(
        [sys.executable, str(BOT), "content", "review", "--content", str(content), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.append(process.stdout.readline()), daemon=True)  # type: ignore[union-attr]
    reader.start()
    reader.join(timeout=30)
    try:
        assert lines, "the review page printed no address within 30 s"
        found = re.search(r"http://127\.0\.0\.1:\d+/", lines[0])
        assert found, lines[0]
        yield found.group(0)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            assert process.wait(timeout=15) == 0
        finally:
            if process.poll() is None:
                process.kill()


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    chromium, driver_path = browser_paths()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"):
        options.add_argument(argument)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    # The driver's path is given: Selenium Manager is not asked to find or download one.
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def block(browser: WebDriver, text_id: str) -> WebElement:
    return browser.find_element(By.CSS_SELECTOR, f'div.text[data-id="{text_id}"]')


def submit(browser: WebDriver, button: WebElement) -> None:
    """Press a form's button and wait for the page it posts to: a click can return before
    the old page goes, and what is read from it then goes stale under the reader."""
    button.click()
    WebDriverWait(browser, 30).until(expected_conditions.staleness_of(button))


@pytest.mark.timeout(180)
def test_a_clinician_approves_and_flags_texts_and_a_changed_text_goes_stale(
    content: Path, review_url: str, browser: WebDriver, capsys: pytest.CaptureFixture[str]
) -> None:
    browser.get(review_url)
    browser.find_element(By.ID, "reviewer-name").send_keys(REVIEWER)
    browser.find_element(By.ID, "reviewer-registration").send_keys(REGISTRATION)
    submit(browser, browser.find_element(By.ID, "reviewer-save"))
    browser.find_element(By.ID, "language-es").click()
    assert browser.current_url.endswith("/language/es")
    assert REVIEWER in browser.find_element(By.TAG_NAME, "header").text, "asked once, kept"

    headings = [h.text for h in browser.find_elements(By.TAG_NAME, "h2")]
    assert headings[0] == Category.EMERGENCY_QUESTIONS.value
    assert headings[-1] == Category.OTHER.value
    blocks = browser.find_elements(By.CSS_SELECTOR, "div.text")
    critical = ["critical" in b.get_attribute("class").split() for b in blocks]  # type: ignore[union-attr]
    assert critical == sorted(critical, reverse=True), "safety-critical texts come first"
    texts = review_texts(content, "es")
    assert len(blocks) == len(texts)

    first, second = texts[0], texts[1]
    assert first.safety_critical
    shown = block(browser, first.id)
    assert shown.find_element(By.CSS_SELECTOR, ".english").text == first.english.strip()
    assert shown.find_element(By.CSS_SELECTOR, ".translated").text == first.translated.strip()
    assert "NHS" in shown.find_element(By.CSS_SELECTOR, ".sources").text
    assert shown.get_attribute("data-status") == "unsigned"

    submit(browser, shown.find_element(By.CSS_SELECTOR, "button.approve"))
    assert block(browser, first.id).get_attribute("data-status") == "signed"
    comment = "«hablas trabado» is colloquial: «tienes dificultad para hablar»"
    block(browser, second.id).find_element(By.NAME, "comment").send_keys(comment)
    submit(browser, block(browser, second.id).find_element(By.CSS_SELECTOR, "button.flag"))
    flagged = block(browser, second.id)
    assert flagged.get_attribute("data-status") == "flagged"
    assert comment in flagged.text
    assert (
        "safety-critical 1 signed / 0 stale / 1 flagged"
        in browser.find_element(By.ID, "coverage").text
    )

    written = yaml.safe_load(signoff_path(content, "es").read_text(encoding="utf-8"))
    today = datetime.now(UTC).date().isoformat()
    assert written == {
        "language": "es",
        "texts": {
            first.id: {
                "status": "approved",
                "reviewer": REVIEWER,
                "registration": REGISTRATION,
                "date": today,
                "english_sha256": sha256(first.english),
                "translation_sha256": sha256(first.translated),
            },
            second.id: {
                "status": "flagged",
                "reviewer": REVIEWER,
                "registration": REGISTRATION,
                "date": today,
                "english_sha256": sha256(second.english),
                "translation_sha256": sha256(second.translated),
                "comment": comment,
            },
        },
    }
    assert not signoff_path(DEFAULT_CONTENT_DIR, "es").exists(), "the repository's is untouched"

    english_file = content / first.id.partition("#")[0]
    source = english_file.read_text(encoding="utf-8")
    assert source.count(first.english) == 1
    english_file.write_text(
        source.replace(first.english, first.english + " Call now."), encoding="utf-8"
    )
    browser.refresh()
    assert block(browser, first.id).get_attribute("data-status") == "stale"
    assert (
        "safety-critical 0 signed / 1 stale / 1 flagged"
        in browser.find_element(By.ID, "coverage").text
    )

    capsys.readouterr()
    assert main(["content", "check", "--content", str(content)]) == 0
    printed = capsys.readouterr().out
    assert "sign-off es: safety-critical 0 signed / 1 stale / 1 flagged / " in printed
    assert re.search(r"language es: (\d+) of \1 texts, NOT reviewed by a clinician", printed)
