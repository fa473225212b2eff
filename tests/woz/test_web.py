"""`woz serve` in a real browser (Chromium via Playwright) and over raw HTTP, on 127.0.0.1 only
(one test binds 0.0.0.0 to check the address it prints, and talks to it from this machine)."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import stat
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browsing import needs_chromium

from tension_points.woz.web import network_addresses

pytestmark = needs_chromium

ATTACK = '<script>window.pwned = 1</script><img src="nothing" onerror="window.pwned = 2">Is it ripe?'
SCREEN = re.compile(r"^\s*(User|Wizard|Observer|Facilitator)'s screen:\s+(\S+)$")
SHIPPED_PACK = "support-ticket-triage"


class Server:
    """`tension-points woz serve` in a subprocess; its printed addresses, per group (None: one group)."""

    def __init__(self, pack: Path | str, log: Path, *extra: str):
        self.pack, self.log, self.extra = pack, log, extra
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tension_points", "woz", "serve", str(pack), "--log", str(log), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        self.lines: list[str] = []
        self.screens: dict[int | None, dict[str, str]] = {}
        group = None
        while not self.lines or not self.lines[-1].startswith("Press Ctrl-C"):
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("server did not start: " + self.process.stderr.read())
            self.lines.append(line.rstrip("\n"))
            if match := re.match(r"^Group (\d+) \(log", line):
                group = int(match.group(1))
            if match := SCREEN.match(line.rstrip("\n")):
                self.screens.setdefault(group, {})[match.group(1).lower()] = match.group(2)

    def url(self, role: str, group: int | None = None) -> str:
        return self.screens[group][role]

    def token(self, role: str, group: int | None = None) -> str:
        return self.url(role, group).split("token=")[1]

    def api(self, group: int | None = None) -> str:
        return self.url("user", group) + "api"

    @property
    def origin(self) -> str:
        return re.match(r"^http://[^/]+", self.url("user", next(iter(self.screens)))).group(0)

    def stop(self) -> tuple[int, str, str]:
        self.process.send_signal(signal.SIGINT)
        out, err = self.process.communicate(timeout=15)
        return self.process.returncode, out, err

    def restart(self) -> "Server":
        self.stop()
        return Server(self.pack, self.log, *self.extra)


@pytest.fixture
def fruit(pack_data, write_pack):
    return write_pack(pack_data)


@pytest.fixture
def servers():
    """Start servers with ``servers(pack, log, *args)``; every one still running is stopped at the end."""
    started: list[Server] = []

    def start(*args) -> Server:
        started.append(Server(*args))
        return started[-1]

    yield start
    for server in started:
        if server.process.poll() is None:
            server.stop()


@pytest.fixture
def server(servers, fruit, tmp_path):
    return servers(fruit, tmp_path / "web.jsonl", "--port", "0")


@pytest.fixture
def context(browser):
    """A browser context that records every request it makes; more with ``context.new()``."""
    made = []

    def new(**options):
        ctx = browser.new_context(**options)
        ctx.set_default_timeout(10_000)
        ctx.requested = []
        ctx.on("request", lambda request: ctx.requested.append(request.url))
        made.append(ctx)
        return ctx

    first = new()
    first.new = new
    yield first
    for ctx in made:
        ctx.close()


def post(url: str, body: dict | bytes, token: str | None = None) -> tuple[int, dict]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": "application/json", **({"X-Woz-Token": token} if token else {})}
    request = urllib.request.Request(url, data=data, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def get(url: str, token: str | None = None) -> dict:
    request = urllib.request.Request(url, headers={"X-Woz-Token": token} if token else {})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def release(server: Server, round_number: int, group: int | None = None) -> None:
    assert post(server.api(group) + "/facilitator/release", {"round": round_number}, server.token("facilitator", group)) == (200, {"ok": True})


def events(log: Path) -> list[dict]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def raw_request(server: Server, head: str, body: bytes = b"") -> str:
    host, port = server.origin.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        connection.shutdown(socket.SHUT_WR)
        reply = b""
        while chunk := connection.recv(65536):
            reply += chunk
    return reply.decode("utf-8", "replace")


# -- addresses, tokens, limits -------------------------------------------------------

def test_it_listens_on_127_0_0_1_and_prints_every_screen(server):
    user = server.url("user")
    assert user.startswith("http://127.0.0.1:") and user.endswith("/")
    for role in ("wizard", "observer", "facilitator"):
        assert server.url(role) == f"{user}{role}?token={server.token(role)}"
        assert len(server.token(role)) >= 20
    assert len({server.token(role) for role in ("wizard", "observer", "facilitator")}) == 3


def test_every_screen_but_the_users_needs_its_own_token(server, context):
    page = context.new_page()
    base = server.url("user")
    for role in ("wizard", "observer", "facilitator"):
        for url in (base + role, base + role + "?token=wrong", base + role + "?token="):
            response = page.goto(url)
            assert response.status == 403
            assert "token" in page.content()
        assert page.goto(server.url(role)).status == 200
        assert page.request.get(server.api() + f"/{role}/state").status == 403
    other = server.token("observer")
    assert post(server.api() + "/wizard/answer", {"label": "ripe", "round": 1, "item": "f01"}, other)[0] == 403
    assert post(server.api() + "/facilitator/release", {"round": 1}, server.token("wizard"))[0] == 403
    assert post(server.api() + "/observer/note", {"text": "hi"})[0] == 403


@pytest.mark.parametrize(
    "headers, body, status",
    [
        ("Content-Length: -1", b'{"text": "ripe?"}', "400"),
        ("Content-Length: -5", b"", "400"),
        ("Content-Length: abc", b"{}", "400"),
        ("Content-Length: 4\nContent-Length: 5", b"{}", "400"),
        ("", b'{"text": "ripe?"}', "411"),
        ("Transfer-Encoding: chunked", b"5\r\n{}\r\n0\r\n\r\n", "411"),
        ("Content-Length: 50000000", b"{}", "413"),
        ("Content-Length: 40", b'{"text": "ripe?"}', "400"),  # shorter than announced (the client stops)
    ],
)
def test_a_bad_content_length_gets_a_4xx_never_a_traceback(server, headers, body, status):
    head = f"POST /api/user/ask HTTP/1.1\nHost: {server.origin[7:]}\nContent-Type: application/json\n"
    reply = raw_request(server, head + (headers + "\n" if headers else ""), body)
    assert reply.startswith(f"HTTP/1.0 {status} "), reply[:200]
    code, output, errors = server.stop()
    assert code == 0
    assert "Traceback" not in errors and "internal error" not in errors
    assert not any(e["event"] == "question" for e in events(server.log))


def test_deeply_nested_json_is_refused_before_it_is_parsed(server):
    status, body = post(server.api() + "/user/ask", b'{"text": ' + b"[" * 3000 + b"]" * 3000 + b"}")
    assert (status, body) == (400, {"error": "JSON nested too deeply (at most 4 levels)"})
    status, body = post(server.api() + "/user/ask", json.dumps({"text": "x" * 20_000}).encode())
    assert (status, body) == (413, {"error": "request too large (at most 8192 bytes)"})
    code, _, errors = server.stop()
    assert code == 0 and "Traceback" not in errors


def test_pages_carry_a_strict_content_security_policy(server, context):
    for role in ("user", "wizard", "observer", "facilitator"):
        response = context.new_page().goto(server.url(role))
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src 'self'" in policy and "connect-src 'self'" in policy
        assert response.headers["x-content-type-options"] == "nosniff"


def test_tokens_survive_a_restart_of_the_same_log_and_are_kept_private(server):
    before = {role: server.token(role) for role in ("wizard", "observer", "facilitator")}
    tokens = server.log.with_name("web.tokens.json")
    assert stat.S_IMODE(os.stat(tokens).st_mode) == 0o600
    code, output, _ = server.stop()
    assert code == 0
    port = server.url("user").split(":")[2].rstrip("/")
    assert f"To resume: tension-points woz serve {server.pack} --log {server.log} --port {port}" in output
    again = Server(server.pack, server.log, "--port", "0")
    try:
        assert {role: again.token(role) for role in before} == before
        assert get(again.api() + "/wizard/state", before["wizard"])["total"] == 24
    finally:
        again.stop()


@pytest.mark.skipif(not network_addresses(), reason="this machine has no network address besides loopback")
def test_on_all_interfaces_it_prints_the_address_other_devices_can_use(servers, fruit, tmp_path):
    server = servers(fruit, tmp_path / "lan.jsonl", "--host", "0.0.0.0", "--port", "0")
    user = server.url("user")
    assert not user.startswith(("http://127.", "http://0.0.0.0", "http://localhost"))
    assert user.split("/")[2].split(":")[0] == network_addresses()[0]
    assert any("Listening beyond this computer, over plain HTTP" in line for line in server.lines)
    assert get(user + "api/user/state")["total"] == 24, "the printed address answers"


def test_a_screen_that_already_has_the_latest_state_waits_for_the_next_change(server):
    version = get(server.api() + "/user/state")["version"]
    replies = []
    waiting = threading.Thread(target=lambda: replies.append((get(server.api() + f"/user/state?since={version}"), time.monotonic())))
    waiting.start()
    time.sleep(1.0)
    assert not replies, "nothing changed: the request is held"
    changed_at = time.monotonic()
    release(server, 1)
    waiting.join(timeout=10)
    state, answered_at = replies[0]
    assert state["version"] > version and state["awaiting_release"] is None
    assert answered_at - changed_at < 2, "the held request answers as soon as the session changes"


# -- the screens, in the browser ---------------------------------------------------------

def test_user_asks_wizard_answers_user_sees_the_reply(server, context):
    user = context.new_page()
    wizard = context.new_page()
    facilitator = context.new_page()
    user.goto(server.url("user"))
    wizard.goto(server.url("wizard"))
    facilitator.goto(server.url("facilitator"))

    user.get_by_role("heading", name="Is the banana ripe?").wait_for()
    user.get_by_text("Waiting for the facilitator to start round 1: Colour only.").wait_for()
    assert user.locator("#ask-form").is_hidden()
    wizard.get_by_text("Waiting for the facilitator to start round 1.").wait_for()
    facilitator.get_by_role("button", name="Start round 1").click()

    user.get_by_label("Your question to the product").fill("Can I eat this one today?")
    user.get_by_role("button", name="Ask").click()
    user.get_by_text("Asked: waiting for the product's answer…").wait_for()
    assert user.locator("#user-sees").inner_text() == "A yellow banana."

    wizard.locator("#question-text").get_by_text("Can I eat this one today?").wait_for()
    assert wizard.locator("#fields").inner_text().split() == ["Colour", "yellow"]
    assert "banana." not in wizard.content(), "the wizard never sees what the user sees"
    wizard.locator("body").press("1")  # number keys choose a label
    assert wizard.get_by_label("ripe", exact=True).is_checked()
    wizard.get_by_label("Confidence, 0 to 100 (optional)").fill("80")
    wizard.get_by_label("Information you wished you had (optional)").fill("a squeeze test 2")
    assert wizard.get_by_label("ripe", exact=True).is_checked(), "digits typed into a box are text, not shortcuts"
    wizard.get_by_role("button", name="Send answer").click()

    reply = user.locator("#answers li").first
    reply.get_by_text("The product answered: ripe (Eat it today.), confidence 80%").wait_for()
    assert user.locator("#progress").inner_text() == "Round 1 of 2 · item 2 of 24"
    answer = [e for e in events(server.log) if e["event"] == "answer"][-1]
    assert (answer["item"], answer["label"], answer["wish"], answer["truth"], answer["correct"]) == (
        "f01", "ripe", "a squeeze test 2", "ripe", True)

    user.reload()
    user.locator("#answers li").first.get_by_text("You asked: Can I eat this one today?").wait_for()
    assert context.requested and all(url.startswith(server.origin + "/") for url in context.requested)


def test_a_script_typed_by_the_user_shows_as_text_on_every_screen(server, context):
    release(server, 1)
    user, wizard, observer = (context.new_page() for _ in range(3))
    user.goto(server.url("user"))
    wizard.goto(server.url("wizard"))
    observer.goto(server.url("observer"))
    user.get_by_label("Your question to the product").fill(ATTACK)
    user.get_by_role("button", name="Ask").click()

    wizard.locator("#question-text").get_by_text(ATTACK).wait_for()
    assert wizard.locator("#question-text").inner_text() == ATTACK
    observer.locator("#question").get_by_text(ATTACK).wait_for()
    observer.get_by_label("Note (it is timestamped and tied to the item being played)").fill("<b>bold?</b>")
    observer.get_by_role("button", name="Add note").click()
    observer.locator("#notes li").get_by_text("<b>bold?</b>").wait_for()
    wizard.get_by_label("unripe", exact=True).check()
    wizard.get_by_label("Information you wished you had (optional)").fill("<b>bold?</b>")
    wizard.get_by_role("button", name="Send answer").click()

    user.locator("#answers li").first.get_by_text("You asked: " + ATTACK).wait_for()
    for page in (user, wizard, observer):
        assert page.evaluate("window.pwned") is None
        assert page.locator("main script, main img, main b").count() == 0
    assert all(url.startswith(server.origin + "/") for url in context.requested)
    assert not any(url.endswith("/nothing") for url in context.requested)


def test_a_round_across_user_wizard_and_observer_with_a_stale_tab_and_a_restart(servers, fruit, tmp_path, context, cli):
    """Three devices; a second wizard tab falls behind and its answer is refused; the server restarts midway."""
    server = servers(fruit, tmp_path / "room.jsonl", "--port", "0", "--items", "2")
    user_ctx, wizard_ctx, observer_ctx = context, context.new(), context.new()
    user, facilitator = user_ctx.new_page(), user_ctx.new_page()
    wizard, stale = wizard_ctx.new_page(), wizard_ctx.new_page()
    observer = observer_ctx.new_page()
    for page, role in ((user, "user"), (facilitator, "facilitator"), (wizard, "wizard"), (stale, "wizard"), (observer, "observer")):
        page.goto(server.url(role))

    facilitator.get_by_role("button", name="Start round 1").click()
    stale.get_by_text("Waiting for the user's question…").wait_for()
    # From the next change on, this tab stops hearing from the server (a laptop on flaky Wi-Fi).
    stale.route("**/api/wizard/state*", lambda route: route.abort())
    user.get_by_role("button", name="Ask").click()  # the item's usual request, prefilled
    for tab in (wizard, stale):
        tab.locator("#question-text").get_by_text("Is this one ripe?").wait_for()

    wizard.locator("body").press("1")
    wizard.get_by_role("button", name="Send answer").click()
    user.locator("#answers li").first.get_by_text("The product answered: ripe").wait_for()
    user.get_by_label("Your question to the product").fill("And this one?")
    user.get_by_role("button", name="Ask").click()
    wizard.locator("#question-text").get_by_text("And this one?").wait_for()

    assert stale.locator("#question-text").inner_text() == "Is this one ripe?", "the stale tab still shows f01"
    stale.locator("body").press("2")
    stale.get_by_role("button", name="Send answer").click()
    stale.get_by_role("alert").get_by_text(
        "Not recorded: this answer was for round 1, item f01, but it has already been answered; "
        "the current question is round 1, item f02."
    ).wait_for()
    stale.unroute("**/api/wizard/state*")
    stale.locator("#question-text").get_by_text("And this one?").wait_for()

    observer.get_by_label("Note (it is timestamped and tied to the item being played)").fill("wizard squinted at the colour")
    observer.get_by_role("button", name="Add note").click()
    observer.locator("#notes li").get_by_text("round 1, f02: ").wait_for()

    server = server.restart()  # same log, same port? no: --port 0; same tokens, so the same token addresses
    for page, role in ((user, "user"), (wizard, "wizard"), (observer, "observer"), (facilitator, "facilitator")):
        page.goto(server.url(role))
    wizard.locator("#question-text").get_by_text("And this one?").wait_for()  # the pending question survived
    wizard.locator("body").press("1")
    wizard.get_by_role("button", name="Send answer").click()
    wizard.get_by_role("button", name="Undo my last answer (f02: ripe)").click()
    wizard.get_by_text("Took back your answer for item f02: answer it again.").wait_for()
    wizard.locator("#question-text").get_by_text("And this one?").wait_for()
    wizard.locator("body").press("2")
    wizard.get_by_role("button", name="Send answer").click()

    user.get_by_text("Waiting for the facilitator to start round 2: Colour and firmness.").wait_for()
    facilitator.get_by_role("button", name="Start round 2").wait_for()
    observer.locator("#answers li").first.get_by_text("round 1, f02: unripe").wait_for()
    code, output, _ = server.stop()
    assert code == 0

    logged = events(server.log)
    kinds = [e["event"] for e in logged]
    assert kinds.count("resume") == 1 and kinds.count("refused") == 1 and kinds.count("undo") == 1
    standing = [(e["item"], e["label"]) for e in logged if e["event"] in ("answer", "undo")]
    assert standing == [("f01", "ripe"), ("f02", "ripe"), ("f02", "ripe"), ("f02", "unripe")]
    refused = next(e for e in logged if e["event"] == "refused")
    assert (refused["item"], refused["label"]) == ("f01", "unripe"), "the log records what the stale tab really answered"
    note = next(e for e in logged if e["event"] == "note")
    assert (note["round"], note["item"], note["text"]) == (1, "f02", "wizard squinted at the colour")

    report = cli("debrief", server.log).stdout
    assert "2 of 4 answers, paused before the end." in report
    assert "| Round 1: Colour only | Colour | 2 | 2 of 2 (100%) |" in report
    assert "| f01 | Is this one ripe? | A yellow banana. | Colour: yellow | ripe (" in report
    assert "| f02 | And this one? | A green banana. | Colour: green | unripe (" in report
    assert "first answered ripe, taken back" in report
    assert "'unripe' for round 1, f01: it has already been answered" in report
    assert "| round 1, f02 | wizard squinted at the colour |" in report


@pytest.mark.parametrize("skew_ms", [45_000, -3_600_000])
def test_clock_skew_in_the_wizards_browser_changes_nothing_the_log_records(server, context, skew_ms):
    wizard_ctx = context.new()
    wizard_ctx.add_init_script(f"""(() => {{
        const RealDate = Date, skew = {skew_ms};
        class SkewedDate extends RealDate {{
            constructor(...args) {{ if (args.length === 0) super(RealDate.now() + skew); else super(...args); }}
            static now() {{ return RealDate.now() + skew; }}
        }}
        window.Date = SkewedDate;
    }})();""")
    wizard = wizard_ctx.new_page()
    wizard.goto(server.url("wizard"))
    assert abs(wizard.evaluate("Date.now()") / 1000 - time.time() - skew_ms / 1000) < 5, "the skew is in place"
    release(server, 1)
    asked = time.time()
    assert post(server.api() + "/user/ask", {"text": "ripe?"}) == (200, {"ok": True})
    wizard.locator("#question-text").get_by_text("ripe?").wait_for()
    wizard.wait_for_timeout(1200)
    timer = wizard.locator("#timer").inner_text()
    assert "OVER BUDGET" not in timer
    assert int(timer.split(" s since")[0]) <= 3
    wizard.locator("body").press("1")
    wizard.get_by_role("button", name="Send answer").click()
    wizard.get_by_text("Sent: ripe for item f01.", exact=False).wait_for()

    answer = [e for e in events(server.log) if e["event"] == "answer"][-1]
    assert 1.0 <= answer["latency_seconds"] < 5.0
    assert answer["over_budget"] is False
    for event in events(server.log):
        assert abs(parse_unix(event["time"]) - asked) < 30, "every time in the log is the server's"


def parse_unix(value: str) -> float:
    from tension_points.woz.log import parse_time

    return parse_time(value).timestamp()


def test_the_wizards_whole_form_fits_a_1280x800_screen_with_the_richest_shipped_view(servers, tmp_path, context):
    server = servers(SHIPPED_PACK, tmp_path / "ticket.jsonl", "--port", "0", "--items", "1")
    release(server, 1)
    post(server.api() + "/user/ask", {"text": "Where does this go?"})
    get(server.api() + "/wizard/state", server.token("wizard"))
    assert post(server.api() + "/wizard/answer", {"round": 1, "item": "t01", "label": "bug"}, server.token("wizard"))[0] == 200
    release(server, 2)
    post(server.api() + "/user/ask", {"text": "Where does this go?"})
    wizard = context.new(viewport={"width": 1280, "height": 800}).new_page()
    wizard.goto(server.url("wizard"))
    wizard.locator("#question-text").get_by_text("Where does this go?").wait_for()
    assert wizard.locator("#fields dt").count() == 8, "round 2 shows all eight fields"

    for name in ("Send answer", "Undo my last answer (t01: bug)"):
        box = wizard.get_by_role("button", name=name).bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 800 and box["x"] + box["width"] <= 1280, (name, box)
        # Nothing covers it: the element at the button's centre is the button (once the
        # sticky answer panel has settled, hence waiting up to a few seconds).
        wizard.wait_for_function(
            """name => [...document.querySelectorAll('button')].some(b => {
                if (b.textContent.trim() !== name) return false;
                const r = b.getBoundingClientRect();
                const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
                return hit === b || b.contains(hit);
            })""",
            arg=name, timeout=5000,
        )
    assert wizard.evaluate("window.scrollY") == 0
    for key, label in (("3", "billing"), ("4", "how-to"), ("1", "urgent")):
        wizard.locator("body").press(key)
        assert wizard.get_by_label(label, exact=True).is_checked()
    wizard.get_by_role("button", name="Send answer").click()
    wizard.get_by_text("Sent: urgent for item t01.", exact=False).wait_for()


def test_two_groups_play_at_once_each_with_its_own_screens_tokens_and_log(servers, fruit, tmp_path, context, cli):
    server = servers(fruit, tmp_path / "day.jsonl", "--port", "0", "--groups", "2", "--items", "1")
    assert set(server.screens) == {1, 2}
    assert server.url("user", 1).endswith("/group/1/") and server.url("user", 2).endswith("/group/2/")
    assert server.token("wizard", 1) != server.token("wizard", 2)
    assert get(server.api(2) + "/wizard/state", server.token("wizard", 2))["total"] == 2
    assert post(server.api(2) + "/facilitator/release", {"round": 1}, server.token("facilitator", 1))[0] == 403

    pages = {}
    for group in (1, 2):  # each group on its own devices
        for role in ("user", "wizard", "facilitator"):
            pages[group, role] = context.new().new_page()
            pages[group, role].goto(server.url(role, group))
    for group, label in ((1, "1"), (2, "2")):
        pages[group, "facilitator"].get_by_role("button", name="Start round 1").click()
        pages[group, "user"].get_by_role("button", name="Ask").click()
        pages[group, "wizard"].locator("#question-text").get_by_text("Is this one ripe?").wait_for()
        pages[group, "wizard"].locator("body").press(label)
        pages[group, "wizard"].get_by_role("button", name="Send answer").click()
    pages[1, "user"].locator("#answers li").first.get_by_text("The product answered: ripe").wait_for()
    pages[2, "user"].locator("#answers li").first.get_by_text("The product answered: unripe").wait_for()
    code, output, _ = server.stop()
    assert code == 0

    logs = [tmp_path / "day-group-1.jsonl", tmp_path / "day-group-2.jsonl"]
    assert [events(log)[0]["group"] for log in logs] == [1, 2]
    assert [[e["label"] for e in events(log) if e["event"] == "answer"] for log in logs] == [["ripe"], ["unripe"]]
    assert f"To resume: tension-points woz serve {fruit} --log {tmp_path / 'day.jsonl'} --port" in output
    assert f"Debrief: tension-points woz debrief {logs[0]} {logs[1]}" in output
    report = cli("debrief", *logs).stdout
    assert "## Session A: Group 1: day-group-1.jsonl" in report and "## Session B: Group 2: day-group-2.jsonl" in report
    assert "| f01 | ripe | ripe (right) | not answered | unripe (wrong) | not answered |" in report


def test_every_screen_has_no_serious_accessibility_violation_mid_session(server, browser):
    """axe-core on each screen with a question pending (the CSP is bypassed only to inject axe)."""
    axe = Path(__file__).parents[1] / "vendor" / "axe-core" / "axe.min.js"
    release(server, 1)
    post(server.api() + "/user/ask", {"text": "ripe?"})
    ctx = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 800})
    found = []
    try:
        for role in ("user", "wizard", "observer", "facilitator"):
            page = ctx.new_page()
            page.goto(server.url(role))
            page.locator("h1").get_by_text("Is the banana ripe?").wait_for()
            page.add_script_tag(path=str(axe))
            result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            found += [f"{role}: {v['id']} ({v['impact']}): {v['help']}" for v in result["violations"]
                      if v["impact"] in ("serious", "critical")]
    finally:
        ctx.close()
    assert found == [], "\n".join(found)
