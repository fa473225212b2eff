"""``tension-points room`` as a facilitator starts it: what it prints, and one line and exit 2 for bad input."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import shutil
import socket
import subprocess

from tension_points.room.network import interface_addresses

from room.room_fixtures import COURSE, room_command


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
    record = json.loads((tmp_path / "room-export.json").read_text())
    poll, wall = record["activities"]
    assert wall["answers"][0]["answer"]["text"] == "<script>alert(1)</script> | a pipe"
    page = (tmp_path / "room-export.html").read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; | a pipe" in page
    assert poll["results"]["counts"] == {"all": [1, 2, 0], "data-scientist": [1, 0, 0], "data-engineer": [0, 2, 0]}
    markdown = (tmp_path / "room-export.md").read_text()
    assert "| Option | All | Data scientist | Data engineer |" in markdown
    assert "| An engineer | 2 | 0 | 2 |" in markdown
    assert "| &lt;script&gt;alert(1)&lt;/script&gt; \\| a pipe | Data engineer | 0 |  |" in markdown
    assert "Person 0" not in markdown + (tmp_path / "room-export.html").read_text()  # nicknames stay out
    second = run(export)
    assert "room-export-2.md" in second.stdout
    assert json.loads((tmp_path / "room-export.json").read_text()) == record


def test_the_command_lists_the_room_and_its_export():
    listing = run(room_command(COURSE)[:3] + ["--help"])
    assert listing.returncode == 0 and "room" in listing.stdout and "live workshop room" in listing.stdout
    room_help = run([*room_command(COURSE)[:4], "--help"])
    assert "--host" in room_help.stdout and "export" in room_help.stdout
