"""The report in a real browser, opened from disk: headless Chromium (Debian's ``chromium``
and ``chromium-driver``) clicks from the overview to a flow, takes a screenshot, and the test
checks there were no console errors and no request left the machine."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from tgbot.cli.main import main
from tgbot.config import DEFAULT_CONTENT_DIR

INSTALL = "apt-get install -y chromium chromium-driver"


def browser_paths() -> tuple[str, str]:
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver is None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs Chromium for the report test: {INSTALL}")
        pytest.skip(f"Chromium is not installed: {INSTALL}")
    return chromium, driver


@pytest.mark.usefixtures("cmu_dictionary")
@pytest.mark.timeout(90)
def test_the_report_opens_from_disk_and_clicks_to_a_flow(tmp_path: Path) -> None:
    chromium, driver_path = browser_paths()
    site = tmp_path / "site"
    assert main(["content", "report", str(site), "--content", str(DEFAULT_CONTENT_DIR)]) == 0
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"):
        options.add_argument(argument)
    options.add_argument(f"--user-data-dir={tmp_path / 'profile'}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    browser = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        browser.get((site / "index.html").as_uri())
        browser.find_element(By.PARTIAL_LINK_TEXT, "Muscle twitching").click()
        assert browser.current_url.endswith("/flows/twitch.html")
        diagram = browser.find_element(By.ID, "diagram")
        assert diagram.is_displayed()
        assert browser.find_element(By.ID, "q-emergency_signs").is_displayed()
        screenshot = tmp_path / "flow.png"
        assert browser.save_screenshot(str(screenshot))
        assert screenshot.stat().st_size > 10_000
        # selenium leaves get_log without annotations.
        console: list[dict[str, Any]] = browser.get_log("browser")  # type: ignore[no-untyped-call]
        performance: list[dict[str, Any]] = browser.get_log("performance")  # type: ignore[no-untyped-call]
    finally:
        browser.quit()
    assert [entry for entry in console if entry["level"] in ("SEVERE", "WARNING")] == []
    requested = [
        message["params"]["request"]["url"]
        for message in (json.loads(entry["message"])["message"] for entry in performance)
        if message["method"] == "Network.requestWillBeSent"
    ]
    assert requested, "the performance log saw no request at all"
    assert any(url.startswith("file://") for url in requested)
    # Chromium's own pages (chrome://, data:) never leave the machine; http(s), ws and the rest do.
    local = ("file:", "chrome:", "chrome-untrusted:", "data:", "about:", "blob:")
    assert [url for url in requested if not url.startswith(local)] == []
