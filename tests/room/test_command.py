"""``tension-points room`` as a facilitator starts it: what it prints, and one line and exit 2 for bad input."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
import shutil
import signal
import socket
import stat
import subprocess
import time
from pathlib import Path

import pytest

from tension_points.course import load_course
from tension_points.plan.ready import ready_agenda
from tension_points.room.catalogue import agenda_items
from tension_points.room.network import interface_addresses

from room.room_fixtures import COURSE, open_room, room_command


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_on_loopback_it_prints_the_links_and_no_network_warning(tmp_path, servers):
    server = servers(tmp_path / "room.sqlite")
    text = "\n".join(server.output)
    assert "warning" not in text
    assert f"Participants: http://127.0.0.1:{server.port}/ with the code {server.code}" in text
    assert f"http://127.0.0.1:{server.port}/f/?token=" in text


def test_opened_to_the_network_it_warns_and_prints_the_real_interface_address(tmp_path, servers):
    server = servers(tmp_path / "room.sqlite", "--host", "0.0.0.0")
    warnings = [line for line in server.output if line.startswith("warning: plain HTTP")]
    assert len(warnings) == 1 and "same Wi-Fi" in warnings[0]
    join = server.line(r"Participants join at: http://(\S+):(\d+)/ with the code ([A-Z0-9]{6})")
    addresses = interface_addresses()
    assert addresses, "this machine has a network interface besides loopback"
    assert join.group(1) == addresses[0]
    assert join.group(1) not in ("127.0.0.1", "0.0.0.0")
    # The projector shows the same address, in the join link and the QR code's title.
    with server.facilitator() as facilitator:
        projector = facilitator.get("/f/projector").text
    assert f"http://{addresses[0]}:{join.group(2)}/j/{join.group(3)}" in projector


def test_a_port_in_use_gets_one_line_and_no_room_file(tmp_path):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        result = run(room_command(tmp_path / "new.sqlite", "--port", str(port)))
    finally:
        taken.close()
    line = one_error_line(result)
    assert f"--port {port}: port {port} on 127.0.0.1 is in use" in line
    assert not (tmp_path / "new.sqlite").exists()


def test_a_malformed_room_file_gets_one_line_and_stays_as_it_was(tmp_path):
    notes = tmp_path / "notes.sqlite"
    notes.write_text("my workshop notes\n")
    line = one_error_line(run(room_command(notes, "--port", "0")))
    assert str(notes) in line and "not a room file" in line
    assert notes.read_text() == "my workshop notes\n"
    line = one_error_line(run([*room_command(notes)[:4], "export", "--room", str(notes)]))
    assert "not a room file" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]


def test_a_room_whose_activity_the_course_no_longer_has_gets_one_line(tmp_path, servers):
    room_file = tmp_path / "room.sqlite"
    server = servers(room_file)
    from room.room_fixtures import stop_server

    stop_server(server)
    changed = tmp_path / "course"
    shutil.copytree(COURSE, changed)
    page = changed / "modules" / "01-opening.md"
    page.write_text(page.read_text().replace("id: opening-whose-job", "id: opening-whose-role"))
    before = room_file.read_bytes()
    command = room_command(room_file, "--port", "0")
    command[command.index("--course") + 1] = str(changed)
    line = one_error_line(run(command))
    assert "opening-whose-job" in line and str(room_file) in line
    assert room_file.read_bytes() == before


def test_a_live_spec_of_an_unknown_kind_gets_one_line_naming_the_file(tmp_path):
    changed = tmp_path / "course"
    shutil.copytree(COURSE, changed)
    page = changed / "modules" / "02-handoffs.md"
    page.write_text(page.read_text().replace("live: {kind: wordcloud}", "live: {kind: quiz}"))
    command = room_command(tmp_path / "room.sqlite", "--port", "0")
    command[command.index("--course") + 1] = str(changed)
    line = one_error_line(run(command))
    assert "02-handoffs.md" in line
    assert not (tmp_path / "room.sqlite").exists()


def test_three_hundred_phones_connecting_at_once_are_all_answered(tmp_path, servers):
    server = servers(tmp_path / "room.sqlite")

    async def one() -> bytes:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        status = await reader.readline()
        writer.close()
        return status

    async def all_at_once():
        return await asyncio.gather(*(one() for _ in range(300)), return_exceptions=True)

    # In a thread of its own: Playwright's browser tests leave an event loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        results = pool.submit(asyncio.run, all_at_once()).result(timeout=60)
    assert [r for r in results if not (isinstance(r, bytes) and r.startswith(b"HTTP/1.1 200"))] == []


def test_export_writes_the_record_three_ways_and_never_overwrites(tmp_path, servers):
    room_file = tmp_path / "room.sqlite"
    server = servers(room_file)
    with server.facilitator() as facilitator, server.http() as http:
        facilitator.post("/f/api/activity", json={"action": "open", "activity": "opening-whose-job"})
        for n, (role, choice) in enumerate([("data-scientist", 0), ("data-engineer", 1), ("data-engineer", 1)]):
            joined = http.post("/join", json={"code": server.code, "role": role, "nickname": f"Person {n}"})
            cookie = joined.headers["set-cookie"].split(";")[0]
            http.cookies.clear()
            stored = http.post("/p/api/answer", json={"activity": "opening-whose-job", "key": f"export-{n:04d}", "choices": [choice]}, headers={"cookie": cookie})
            assert stored.json()["stored"]
        facilitator.post("/f/api/activity", json={"action": "open", "activity": "handoffs-wall"})
        stored = http.post("/p/api/answer", json={"activity": "handoffs-wall", "key": "export-wall", "text": "<script>alert(1)</script> | a pipe"}, headers={"cookie": cookie})
        assert stored.json()["stored"]
    export = [*room_command(room_file)[:4], "export", "--room", str(room_file), "--course", str(COURSE)]
    first = run(export)
    assert first.returncode == 0, first.stderr
    names = sorted(p.name for p in tmp_path.iterdir() if "export" in p.name)
    assert names == ["room-export.html", "room-export.json", "room-export.md"]
    for name in names:  # the answers are the facilitator's alone, like the room file
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    record = json.loads((tmp_path / "room-export.json").read_text())
    poll, wall = record["activities"]
    assert wall["answers"][0]["answer"]["text"] == "<script>alert(1)</script> | a pipe"
    page = (tmp_path / "room-export.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; | a pipe" in page
    assert poll["results"]["counts"] == {"all": [1, 2, 0], "data-scientist": [1, 0, 0], "data-engineer": [0, 2, 0]}
    markdown = (tmp_path / "room-export.md").read_text()
    assert "| Option | All | Data scientist | Data engineer |" in markdown
    assert "| An engineer | 2 | 0 | 2 |" in markdown
    # Escaped for Markdown, not HTML: read as text it is what was typed; rendered, it is that text too.
    assert "| \\<script\\>alert(1)\\</script\\> \\| a pipe | Data engineer | 0 |  |" in markdown
    assert "&lt;" not in markdown and "&amp;" not in markdown
    markdown_it = pytest.importorskip("markdown_it")
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt; | a pipe</td>" in markdown_it.MarkdownIt("commonmark").enable("table").render(markdown)
    assert "Person 0" not in markdown + (tmp_path / "room-export.html").read_text()  # nicknames stay out
    second = run(export)
    assert "room-export-2.md" in second.stdout
    assert json.loads((tmp_path / "room-export.json").read_text()) == record


def test_the_command_lists_the_room_and_its_export():
    listing = run(room_command(COURSE)[:3] + ["--help"])
    assert listing.returncode == 0 and "room" in listing.stdout and "live workshop room" in listing.stdout
    room_help = run([*room_command(COURSE)[:4], "--help"])
    assert "--host" in room_help.stdout and "export" in room_help.stdout


def test_a_ready_agenda_runs_in_the_room_as_the_planner_prints_it(tmp_path, servers):
    kit = Path(__file__).resolve().parents[2]
    server = servers(tmp_path / "room.sqlite", "--agenda", "full-day", "--course", str(kit))
    with server.facilitator() as facilitator:
        shown = facilitator.get("/f/api/state").json()["agenda"]
    planned = agenda_items(ready_agenda("full-day").plan(list(load_course(kit).modules)))
    assert [(i["title"], i["kind"], i["minutes"], i["offset"]) for i in shown] == \
        [(i["title"], i["kind"], i["minutes"], i["offset"]) for i in planned]
    assert [i["minutes"] for i in shown if i["kind"] == "lunch"] == [45]  # the ready full day's lunch


def test_the_room_places_lunch_as_the_planner_does_for_the_same_lunch_time(tmp_path, servers):
    kit = Path(__file__).resolve().parents[2]
    server = servers(tmp_path / "room.sqlite", "--agenda", "full-day", "--lunch-at", "13:30", "--course", str(kit))
    with server.facilitator() as facilitator:
        shown = facilitator.get("/f/api/state").json()["agenda"]
    ready = ready_agenda("full-day")
    planned = agenda_items(ready.plan(list(load_course(kit).modules), lunch_at=13 * 60 + 30))
    assert [(i["kind"], i["offset"]) for i in shown] == [(i["kind"], i["offset"]) for i in planned]
    usual = agenda_items(ready.plan(list(load_course(kit).modules)))
    assert [i["offset"] for i in shown if i["kind"] == "lunch"] != [i["offset"] for i in usual if i["kind"] == "lunch"]


def test_a_room_keeps_an_optional_segment_as_plan_keep_does(tmp_path, servers):
    kit = Path(__file__).resolve().parents[2]
    server = servers(tmp_path / "room.sqlite", "--agenda", "full-day", "--keep", "How to use this kit", "--course", str(kit))
    with server.facilitator() as facilitator:
        shown = facilitator.get("/f/api/state").json()["agenda"]
    modules = list(load_course(kit).modules)
    planned = agenda_items(ready_agenda("full-day").plan(modules, keep=["opening-using-the-kit"]))
    assert [(i["title"], i["kind"], i["minutes"], i["offset"]) for i in shown] == \
        [(i["title"], i["kind"], i["minutes"], i["offset"]) for i in planned]
    assert "How to use this kit" in [i["title"] for i in shown]
    assert "How to use this kit" not in [i["title"] for i in agenda_items(ready_agenda("full-day").plan(modules))]


def test_a_keep_the_room_cannot_plan_gets_one_line_and_no_room_file(tmp_path):
    kit = Path(__file__).resolve().parents[2]
    line = one_error_line(run(room_command(tmp_path / "new.sqlite", "--agenda", "taster", "--keep", "silos-one-bridge",
                                           "--keep", "silos-wrap-up", "--course", str(kit))))
    assert "1 h 30 min is too short for opening, silos, closing with" in line and "or leave out a --keep" in line
    line = one_error_line(run(room_command(tmp_path / "new.sqlite", "--keep", "a-nap", "--course", str(kit))))
    assert "--keep: no optional segment 'a-nap', by id or title" in line
    assert not (tmp_path / "new.sqlite").exists()


@pytest.mark.parametrize("args, message", [
    (["--agenda", "full-day", "--lunch-at", "noon"], "--lunch-at 'noon': expected HH:MM, e.g. 12:30"),
    (["--agenda", "full-day", "--lunch-at", "18:00"], "--lunch-at 18:00 is outside the workshop, 09:00 to 17:00"),
    (["--minutes", "480", "--lunch-at", "12:30"], "--lunch-at: give the room's --start too"),
])
def test_a_lunch_time_the_room_cannot_keep_gets_one_line(tmp_path, args, message):
    assert message in one_error_line(run(room_command(tmp_path / "new.sqlite", *args)))
    assert not (tmp_path / "new.sqlite").exists()


def test_a_ready_agenda_with_a_length_or_an_unknown_id_gets_one_line(tmp_path):
    line = one_error_line(run(room_command(tmp_path / "new.sqlite", "--agenda", "half-day", "--minutes", "90")))
    assert "--agenda: a ready agenda sets its own length, modules and breaks; leave out --minutes" in line
    line = one_error_line(run(room_command(tmp_path / "new.sqlite", "--agenda", "all-week")))
    assert "no ready agenda 'all-week' (ready agendas: taster, half-day, full-day)" in line
    assert not (tmp_path / "new.sqlite").exists()


def test_ctrl_c_with_every_kind_of_screen_open_stops_at_once_without_a_traceback(tmp_path, servers):
    """A phone, the console and the projector each hold an event stream that never ends by
    itself; Ctrl-C used to wait out uvicorn's grace period and print a cancelled task for each."""
    server = servers(tmp_path / "room.sqlite")
    with server.http() as client:
        cookie = client.post("/join", json={"code": server.code, "role": "data-scientist"}).headers["set-cookie"].split(";")[0]
    streams = []
    for path, credential in (("/p/api/events", f"Cookie: {cookie}"), ("/f/api/events", f"Authorization: Bearer {server.token}"),
                             ("/f/api/projector-events", f"Authorization: Bearer {server.token}")):
        stream = socket.create_connection(("127.0.0.1", server.port), timeout=10)
        stream.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n{credential}\r\n\r\n".encode())
        assert stream.recv(4096).startswith(b"HTTP/1.1 200 OK")
        streams.append(stream)
    asked = time.monotonic()
    server.process.send_signal(signal.SIGINT)
    code = server.process.wait(15)
    stopped_after = time.monotonic() - asked
    said = server.process.stdout.read()
    for stream in streams:
        stream.close()
    assert code == 130 and said.strip().splitlines()[-1] == "tension-points: interrupted", said
    assert not re.search(r"Traceback|Error|Exception|Cancel", said), said
    assert stopped_after < 3, f"{stopped_after:.1f} s to stop"


def test_export_into_a_new_folder_makes_it_and_gives_the_minutes_the_screens_counted(tmp_path, course):
    """A 55-minute room fits the 8-minute wall to 6: the agenda, the projector and the record say 6."""
    room = open_room(course, tmp_path / "room.sqlite", minutes=55)
    [fitted] = [item["minutes"] for item in room.store.agenda if item["segment_id"] == "handoffs-wall"]
    assert fitted == 6
    room.open_activity("handoffs-wall")
    room.store.close()
    folder = tmp_path / "records" / "today"  # neither exists yet
    result = run([*room_command(tmp_path / "room.sqlite")[:4], "export", "--room", str(tmp_path / "room.sqlite"), "--course", str(COURSE), "-o", str(folder)])
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["room-export.html", "room-export.json", "room-export.md"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    wall = next(a for a in json.loads((folder / "room-export.json").read_text())["activities"] if a["id"] == "handoffs-wall")
    assert wall["minutes"] == 6
    assert "Hand-offs: a topic for the room's tests · Open prompt · silent brainstorm · 6 min" in (folder / "room-export.md").read_text().splitlines()


def test_export_into_a_path_that_is_a_file_says_so_and_writes_nothing(tmp_path, course):
    room = open_room(course, tmp_path / "room.sqlite")
    room.store.close()
    (tmp_path / "taken").write_text("mine")
    result = run([*room_command(tmp_path / "room.sqlite")[:4], "export", "--room", str(tmp_path / "room.sqlite"), "--course", str(COURSE), "-o", str(tmp_path / "taken")])
    assert result.returncode == 2 and result.stderr.strip() == f"tension-points: error: {tmp_path / 'taken'}: not a folder"
    assert (tmp_path / "taken").read_text() == "mine"
