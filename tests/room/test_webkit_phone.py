"""A phone in WebKit, the engine of every iPhone's browser: Debian's WPE WebKit (cog, headless)
driven over WebDriver. It joins from the QR code's link, answers a poll, sends a long word that
must not push the page sideways, puts a refused word right and sends it again, and keeps its
typed text when the activity closes. One server and one WebKit for the file.

WPE's headless window is 800x600 and cannot be resized, so the widths checked here are that
window's; the 375 px checks are Chromium's (test_browser_phone.py)."""

from __future__ import annotations

import shutil

import pytest

from room.room_fixtures import start_server, stop_server
from room.test_browser_phone import others_answer

DRIVER, COG = shutil.which("WPEWebDriver"), shutil.which("cog")
pytestmark = [
    pytest.mark.skipif(not (DRIVER and COG), reason="Debian's wpewebkit-driver and cog are not installed (make test installs them)"),
    # Selenium's own WPE driver still calls its deprecated constructor; nothing here can change that.
    pytest.mark.filterwarnings("ignore:setting remote_server_addr in RemoteConnection:DeprecationWarning"),
]
WAIT = 15


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = start_server(tmp_path_factory.mktemp("webkit") / "room.sqlite")
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def webkit():
    from selenium.webdriver import WPEWebKit
    from selenium.webdriver.wpewebkit.options import Options
    from selenium.webdriver.wpewebkit.service import Service

    options = Options()
    options.binary_location = COG
    options.add_argument("--automation")
    options.add_argument("--platform=headless")
    options.set_capability("browserName", "cog")  # Selenium asks for WebKit's MiniBrowser, which Debian does not ship
    driver = WPEWebKit(options=options, service=Service(executable_path=DRIVER))
    yield driver
    driver.quit()


def until(driver, check, what: str):
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    # A query that races the page redrawing itself (WebKit's driver then raises) is asked again
    # until the deadline: only a page that never shows it fails.
    try:
        return WebDriverWait(driver, WAIT, ignored_exceptions=(WebDriverException,)).until(lambda d: check(d))
    except Exception:
        raise AssertionError(f"WebKit: {what} (the page said: {driver.find_element('css selector', 'main').text[:400]!r})") from None


def type_into(driver, selector: str, text: str) -> None:
    """Types as a person does. The phone may draw its form afresh while the test types (its draft
    comes back in the new box); the typing is then done again from empty in the box now shown."""
    def typed(d) -> bool:
        box = d.find_element("css selector", selector)
        box.clear()
        box.send_keys(text)
        return d.find_element("css selector", selector).get_attribute("value") == text
    until(driver, typed, f"could not type into {selector}")


def text_of(driver, selector: str) -> str:
    return driver.execute_script("const e = document.querySelector(arguments[0]); return e ? e.textContent : null", selector) or ""


def fits(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= innerWidth")


def test_a_phone_in_webkit_joins_answers_and_keeps_what_it_typed(server, webkit, facilitator):
    driver = webkit
    driver.get(f"{server.base}/j/{server.code}")  # the QR code's link: the code is filled in
    assert driver.find_element("css selector", "#code").get_attribute("value") == server.code
    driver.find_element("css selector", "input[name=role][value=data-engineer]").click()
    driver.find_element("css selector", "#nickname").send_keys("W" * 40)
    driver.find_element("xpath", "//button[normalize-space()='Join']").click()
    until(driver, lambda d: text_of(d, "#connection") == "Connected", "the phone never said Connected")
    assert fits(driver)

    facilitator(action="open", activity="opening-whose-job")
    until(driver, lambda d: text_of(d, "#activity-title") == "Whose job is deployment?", "the poll never reached the phone")
    driver.find_element("xpath", "//label[contains(., 'An engineer')]").click()
    driver.find_element("xpath", "//button[normalize-space()='Send']").click()
    until(driver, lambda d: "An engineer ✓ sent" in text_of(d, "#my-answers"), "the vote was not acknowledged")

    facilitator(action="open", activity="handoffs-wall")
    until(driver, lambda d: text_of(d, "#activity-title") == "One-way hand-offs", "the wall never reached the phone")
    type_into(driver, "#answer-text", "y" * 500)
    driver.find_element("xpath", "//button[normalize-space()='Send']").click()
    until(driver, lambda d: "✓ sent" in text_of(d, "#my-answers"), "the long note was not acknowledged")
    assert fits(driver)
    others_answer(server, "handoffs-wall", lambda n: {"text": f"Note {n}"})  # a wall shows three people or none
    facilitator(action="reveal")
    until(driver, lambda d: len(d.find_elements("css selector", "#results .wall > li")) == 3, "the revealed wall never showed")
    assert fits(driver)

    facilitator(action="open", activity="handoffs-words")
    # The wall's form has a text box too: wait for the word cloud's own before typing.
    until(driver, lambda d: text_of(d, "#activity-title") == "One word for the gap" and d.find_elements("css selector", "#answer-text"),
          "the word cloud's form never showed")
    type_into(driver, "#answer-text", "data quality and ownership")
    driver.find_element("xpath", "//button[normalize-space()='Send']").click()
    until(driver, lambda d: "at most 3 words" in text_of(d, "#my-answers li.problem"), "four words were not refused on the phone")
    driver.find_element("xpath", "//button[@aria-label='Edit and send again: data quality and ownership']").click()
    field = driver.find_element("css selector", "#answer-text")
    assert field.get_attribute("value") == "data quality and ownership"
    field.clear()
    field.send_keys("data ownership")
    driver.find_element("xpath", "//button[normalize-space()='Send']").click()
    until(driver, lambda d: "data ownership ✓ sent" in text_of(d, "#my-answers"), "the corrected words were not acknowledged")

    facilitator(action="open", activity="handoffs-wall")
    until(driver, lambda d: text_of(d, "#activity-title") == "One-way hand-offs", "the wall did not open again")
    type_into(driver, "#answer-text", "Half a thought I had not sent")
    facilitator(action="close")
    until(driver, lambda d: text_of(d, "#activity-phase") == "Closed: no more answers.", "the phone never said Closed")
    kept = driver.find_element("css selector", "#answer-text")
    assert kept.get_attribute("value") == "Half a thought I had not sent"
    assert kept.get_attribute("readonly") is not None
    assert "it was not sent" in text_of(driver, "#kept-note")
