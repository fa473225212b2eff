"""The two-screen web mode in a real browser (Chromium via Playwright), on 127.0.0.1 only."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browsing import needs_chromium

pytestmark = needs_chromium

ATTACK = '<script>window.pwned = 1</script><img src="nothing" onerror="window.pwned = 2">Is it ripe?'


class Server:
    def __init__(self, pack: Path, log: Path):
        self.log = log
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tension_points", "woz", "serve", str(pack), "--port", "0", "--log", str(log)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.lines = []
        while not any(line.startswith("Wizard's screen:") for line in self.lines):
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("server did not start: " + self.process.stderr.read())
            self.lines.append(line.strip())
        self.user_url = next(l for l in self.lines if l.startswith("User's screen:")).split()[-1]
        self.wizard_url = next(l for l in self.lines if l.startswith("Wizard's screen:")).split()[-1]
        self.base = self.user_url.rstrip("/")
        self.token = self.wizard_url.split("token=")[1]

    def stop(self) -> tuple[int, str]:
        self.process.send_signal(signal.SIGINT)
        out, _ = self.process.communicate(timeout=15)
        return self.process.returncode, out


@pytest.fixture
def server(pack_data, write_pack, tmp_path):
    running = Server(write_pack(pack_data), tmp_path / "web.jsonl")
    yield running
    if running.process.poll() is None:
        running.stop()


@pytest.fixture
def context(browser, server):
    """A browser context that records every request it makes."""
    ctx = browser.new_context()
    ctx.set_default_timeout(10_000)
    ctx.requested = []
    ctx.on("request", lambda request: ctx.requested.append(request.url))
    yield ctx
    ctx.close()


def post(url: str, body: bytes, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_it_listens_on_127_0_0_1_and_prints_both_addresses(server):
    assert server.user_url.startswith("http://127.0.0.1:")
    assert server.wizard_url.startswith(server.base + "/wizard?token=")
    assert len(server.token) >= 20


def test_user_asks_wizard_answers_user_sees_the_reply(server, context):
    user = context.new_page()
    wizard = context.new_page()
    user.goto(server.user_url)
    wizard.goto(server.wizard_url)

    user.get_by_role("heading", name="Is the banana ripe?").wait_for()
    assert user.locator("#user-sees").inner_text() == "A yellow banana."
    assert wizard.locator("#waiting").inner_text() == "Waiting for the user's question…"

    user.get_by_label("Your question to the product").fill("Can I eat this one today?")
    user.get_by_role("button", name="Ask").click()
    user.get_by_text("Asked: waiting for the product's answer…").wait_for()

    wizard.locator("#question-text").get_by_text("Can I eat this one today?").wait_for()
    assert wizard.locator("#fields").inner_text().split() == ["Colour", "yellow"]
    assert "banana." not in wizard.content(), "the wizard never sees what the user sees"
    wizard.get_by_label("ripe", exact=True).check()
    wizard.get_by_label("Confidence, 0 to 100 (optional)").fill("80")
    wizard.get_by_label("Information you wished you had (optional)").fill("a squeeze test")
    wizard.get_by_role("button", name="Send answer").click()

    reply = user.locator("#answers li").first
    reply.get_by_text("The product answered: ripe (Eat it today.), confidence 80%").wait_for()
    assert user.locator("#progress").inner_text() == "Round 1 of 2 · item 2 of 24"
    answer = [json.loads(line) for line in server.log.read_text().splitlines()][-1]
    assert (answer["label"], answer["wish"], answer["truth"], answer["correct"]) == ("ripe", "a squeeze test", "ripe", True)

    user.reload()
    user.locator("#answers li").first.get_by_text("You asked: Can I eat this one today?").wait_for()
    assert context.requested and all(url.startswith(server.base + "/") for url in context.requested)


def test_a_script_typed_by_the_user_shows_as_text_on_both_screens(server, context):
    user = context.new_page()
    wizard = context.new_page()
    user.goto(server.user_url)
    wizard.goto(server.wizard_url)
    user.get_by_label("Your question to the product").fill(ATTACK)
    user.get_by_role("button", name="Ask").click()

    wizard.locator("#question-text").get_by_text(ATTACK).wait_for()
    assert wizard.locator("#question-text").inner_text() == ATTACK
    wizard.get_by_label("unripe", exact=True).check()
    wizard.get_by_label("Information you wished you had (optional)").fill("<b>bold?</b>")
    wizard.get_by_role("button", name="Send answer").click()

    user.locator("#answers li").first.get_by_text("You asked: " + ATTACK).wait_for()
    for page in (user, wizard):
        assert page.evaluate("window.pwned") is None
        assert page.locator("main script, main img, main b").count() == 0
    assert all(url.startswith(server.base + "/") for url in context.requested)
    assert not any(url.endswith("/nothing") for url in context.requested)


def test_the_wizard_screen_needs_its_token(server, context):
    page = context.new_page()
    for url in (server.base + "/wizard", server.base + "/wizard?token=wrong", server.base + "/wizard?token="):
        response = page.goto(url)
        assert response.status == 403
        assert "token" in page.content()
    response = page.goto(server.wizard_url)
    assert response.status == 200
    api = page.request.get(server.base + "/api/wizard/state")
    assert api.status == 403
    assert post(server.base + "/api/wizard/answer", b'{"label": "ripe"}')[0] == 403
    assert post(server.base + "/api/wizard/answer", b'{"label": "ripe"}', {"X-Woz-Token": "nope"})[0] == 403


def test_an_oversized_request_is_refused(server):
    status, body = post(server.base + "/api/user/ask", json.dumps({"text": "x" * 20_000}).encode())
    assert status == 413
    assert body == {"error": "request too large (at most 8192 bytes)"}
    assert not any('"question"' in line for line in server.log.read_text().splitlines())


def test_pages_carry_a_strict_content_security_policy(server, context):
    response = context.new_page().goto(server.user_url)
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_ctrl_c_ends_cleanly_and_a_restart_keeps_the_session(server, pack_data, write_pack):
    assert post(server.base + "/api/user/ask", b'{"text": "ripe?"}') == (200, {"ok": True})
    status, output = server.stop()
    assert status == 0
    assert f"Stopped. Session log: {server.log}" in output
    events = [json.loads(line) for line in server.log.read_text().splitlines()]
    assert events[-1]["event"] == "pause"

    again = Server(write_pack(pack_data), server.log)
    try:
        assert any("Resuming the session in" in line for line in again.lines)
        with urllib.request.urlopen(
            urllib.request.Request(again.base + "/api/wizard/state", headers={"X-Woz-Token": again.token}), timeout=10
        ) as response:
            state = json.loads(response.read())
        assert state["question"]["text"] == "ripe?", "the pending question survives the restart"
    finally:
        again.stop()
