"""``tension-points woz serve``, the room running one Wizard of Oz game, as a facilitator starts it:
the links it prints (each lets a device in and seats it), the same links after a restart, a
pause in every log and the resume and debrief commands on stop, screens woken the moment the
session changes, IPv6, and one line and exit 2 for bad input. On 127.0.0.1 (and ::1) only, but
for one test that listens on every interface and talks to the printed address from this machine."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest

from room.test_events import read_events
from tension_points.room.network import interface_addresses
from tension_points.woz.log import read_log

SHIPPED = "support-ticket-triage"


def woz(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tension_points", "woz", *map(str, args)], capture_output=True, text=True, timeout=60, cwd=cwd)


def events_of(log: Path) -> list[str]:
    return [e["event"] for e in read_log(log)]


def test_it_prints_a_link_per_seat_and_the_facilitators_screen_on_127_0_0_1(woz_servers, fruit, tmp_path):
    server = woz_servers(fruit, tmp_path / "web.jsonl", "--port", "0")
    assert server.lines[0] == f"Logging to {tmp_path / 'web.jsonl'}."
    links = [server.url(role) for role in ("user", "wizard", "observer")]
    assert all(link.startswith(f"{server.origin}/w/") for link in links) and server.origin.startswith("http://127.0.0.1:")
    assert len({link.rsplit("/", 1)[1] for link in links}) == 3 and all(len(link.rsplit("/", 1)[1]) >= 20 for link in links)
    assert server.url("facilitator") == f"{server.origin}/f/woz/game/1/?token={server.token}"
    assert not any("plain HTTP" in line for line in server.lines)


def test_a_seats_link_lets_a_device_in_and_seats_it_in_one_step(woz_servers, fruit, tmp_path):
    server = woz_servers(fruit, tmp_path / "web.jsonl", "--port", "0")
    with server.seated("wizard") as wizard, server.seated("user") as user, httpx.Client(timeout=10) as stranger:
        landing = wizard.get(server.url("wizard"), follow_redirects=True)
        assert landing.url.path == "/p/woz/game/1/wizard" and "Wizard's screen" in landing.text
        assert wizard.get(f"{server.api()}/wizard/state").json()["total"] == 24
        # A seat's link opens that seat only; a device without a link is not in at all.
        assert user.get(f"{server.api()}/wizard/state").status_code == 403
        assert stranger.get(f"{server.api()}/wizard/state").status_code == 401
        wrong = stranger.get(f"{server.origin}/w/not-a-link-of-this-game")
        assert wrong.status_code == 404 and "not a link of this game" in wrong.text
        # One browser may open several seats' links (a facilitator trying the game alone): it holds them all.
        assert user.get(server.url("observer"), follow_redirects=False).status_code == 303
        assert user.get(f"{server.api()}/observer/state").status_code == 200
        assert user.get(f"{server.api()}/user/state").status_code == 200
        # The facilitator's screen and its actions need the room's token.
        assert wizard.post(f"{server.origin}/f/woz/game/1/api/facilitator/release", json={"round": 1}).status_code == 401
        server.release(1)
        assert wizard.get(f"{server.api()}/wizard/state").json()["awaiting_release"] is None


def test_the_same_log_gives_the_same_links_and_stopping_pauses_and_says_how_to_go_on(woz_servers, fruit, tmp_path):
    server = woz_servers(fruit, tmp_path / "web.jsonl", "--port", "0")
    before = {role: server.url(role) for role in ("user", "wizard", "observer")}
    room_file = tmp_path / "web.room.sqlite"
    assert stat.S_IMODE(os.stat(room_file).st_mode) == 0o600, "the links' secrets are the owner's only"
    with server.seated("user") as user:
        server.release(1)
        assert user.post(f"{server.api()}/user/ask", json={"text": "ripe?"}).status_code == 200
    code, output, errors = server.stop()
    port = server.origin.rsplit(":", 1)[1]
    assert code == 0 and "Traceback" not in errors
    assert f"Stopped. Session log: {tmp_path / 'web.jsonl'}" in output
    assert f"To resume: tension-points woz serve {fruit} --log {tmp_path / 'web.jsonl'} --port {port}" in output
    assert f"Debrief: tension-points woz debrief {tmp_path / 'web.jsonl'}" in output
    assert events_of(tmp_path / "web.jsonl")[-1] == "pause"
    again = woz_servers(fruit, tmp_path / "web.jsonl", "--port", "0")
    assert again.lines[0] == f"Resuming the session in {tmp_path / 'web.jsonl'} (0 of 24 answers so far)."
    assert {role: again.url(role).replace(again.origin, server.origin) for role in before} == before
    with again.seated("wizard") as wizard:
        assert wizard.get(f"{again.api()}/wizard/state").json()["question"]["text"] == "ripe?"  # the question survived
    again.stop()
    assert woz("debrief", tmp_path / "web.jsonl").stdout.count("paused") >= 1


def test_stopped_by_sigterm_it_pauses_and_says_how_to_go_on_as_with_ctrl_c(woz_servers, fruit, tmp_path):
    server = woz_servers(fruit, tmp_path / "web.jsonl", "--port", "0")
    assert httpx.get(server.url("facilitator"), timeout=10).status_code == 303  # serving (the token goes to a cookie), not still starting
    code, output, errors = server.stop(signal.SIGTERM)
    assert code == 0 and "Traceback" not in errors
    assert f"To resume: tension-points woz serve {fruit} --log {tmp_path / 'web.jsonl'}" in output
    assert f"Debrief: tension-points woz debrief {tmp_path / 'web.jsonl'}" in output
    assert events_of(tmp_path / "web.jsonl")[-1] == "pause"


def test_a_screen_is_woken_the_moment_its_session_changes(woz_servers, fruit, tmp_path):
    """The wizard's screen holds an event stream; the user's question reaches it at once (not at a
    poll's next turn), and only the group's own events come. Stopping the server with the stream
    open ends it cleanly: no traceback on the facilitator's terminal."""
    server = woz_servers(fruit, tmp_path / "day.jsonl", "--port", "0", "--groups", "2")
    server.release(1, group=1)
    server.release(1, group=2)
    with server.seated("wizard", 1) as wizard, server.seated("user", 1) as user, server.seated("user", 2) as other:
        cookie = "; ".join(f"{k}={v}" for k, v in wizard.cookies.items())
        host, port = server.origin.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as stream:
            stream.sendall(f"GET /p/woz/game/1/api/wizard/events HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n\r\n".encode())
            first = read_event(stream)
            assert first["type"] == "woz" and first["group"] == 1
            other.post(f"{server.api(2)}/user/ask", json={"text": "group 2 asks"})  # another group: not this screen's
            asked = time.monotonic()
            user.post(f"{server.api(1)}/user/ask", json={"text": "ripe?"})
            woken = read_event(stream)
            woke_after = time.monotonic() - asked
            code, _, errors = server.stop()
    assert code == 0 and "Traceback" not in errors and "Error" not in errors, errors
    assert woken["group"] == 1 and woken["version"] > first["version"]
    assert woke_after < 1.0, f"the screen heard of the question {woke_after:.2f} s after it was asked"


def read_event(sock: socket.socket) -> dict:
    ((_, data),) = read_events(sock, 1)
    return data


def test_over_ipv6_loopback_the_links_are_bracketed_and_answer(woz_servers, fruit, tmp_path):
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    server = woz_servers(fruit, tmp_path / "six.jsonl", "--host", "::1", "--port", "0")
    assert server.origin.startswith("http://[::1]:")
    with server.seated("observer") as observer:
        assert observer.get(f"{server.api()}/observer/state").json()["total"] == 24


@pytest.mark.skipif(not interface_addresses(), reason="this machine has no network address besides loopback")
def test_on_all_interfaces_it_prints_the_address_other_devices_can_use(woz_servers, fruit, tmp_path):
    server = woz_servers(fruit, tmp_path / "lan.jsonl", "--host", "0.0.0.0", "--port", "0")
    assert server.origin.split("//")[1].rsplit(":", 1)[0] == interface_addresses()[0]
    assert any("Listening beyond this computer, over plain HTTP" in line for line in server.lines)
    with server.seated("user") as user:
        assert user.get(f"{server.api()}/user/state").json()["total"] == 24, "the printed address answers"


@pytest.mark.parametrize(("args", "message"), [
    (["--groups", "0"], "--groups 0: choose 1 to 20"),
    (["--items", "99"], "--items 99: the pack has 12 items; choose 1 to 12"),
    (["--port", "70000"], "--port 70000: not a port number (0 to 65535)"),
    (["--host", "example.org"], "--host example.org: give an address of this machine"),
])
def test_bad_options_are_one_line_and_no_log_is_started(fruit, tmp_path, args, message):
    result = woz("serve", fruit, "--log", tmp_path / "s.jsonl", *args)
    assert result.returncode == 2 and result.stderr.startswith("tension-points: error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "s.jsonl").exists() and not (tmp_path / "s.room.sqlite").exists()


def test_a_damaged_room_file_beside_the_log_is_one_line_and_no_log_is_started(fruit, tmp_path):
    (tmp_path / "s.room.sqlite").write_text("not a room", encoding="utf-8")
    result = woz("serve", fruit, "--log", tmp_path / "s.jsonl", "--port", "0")
    assert result.returncode == 2
    assert result.stderr.strip() == f"tension-points: error: {tmp_path / 's.room.sqlite'}: not a room file (not an SQLite database); give a new file name to start a room"
    assert not (tmp_path / "s.jsonl").exists()
    assert (tmp_path / "s.room.sqlite").read_text(encoding="utf-8") == "not a room"
