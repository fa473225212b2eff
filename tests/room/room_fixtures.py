"""Helpers for the live room's tests: a small course with every live kind, rooms in memory
behind Starlette's TestClient, and real servers started as a user starts them (a subprocess)."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx
import uvicorn
from starlette.testclient import TestClient

from tension_points.plan.planner import plan
from tension_points.room.http import build_app
from tension_points.room.live import Links, Room
from tension_points.room.catalogue import agenda_items, build_catalogue
from tension_points.room.store import RoomStore

COURSE = Path(__file__).parent / "course"
TEST_HOSTS = {"testserver", "127.0.0.1", "localhost"}
# The browser tests' screen sizes: a phone (375 px wide, touch) and the console's or projector's laptop.
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}


def open_room(course, path: Path, minutes: int = 90, topics: list[str] | None = None) -> Room:
    modules = list(course.modules)
    if path.exists():
        store = RoomStore.open(path)
    else:
        settings = {"minutes": minutes, "modules": ",".join(topics) if topics else None, "start": None}
        store = RoomStore.create(path, agenda_items(plan(modules, minutes, topics)), settings)
    return Room(store, build_catalogue(modules, store.agenda), Links(None, "http://127.0.0.1:8770"), TEST_HOSTS)


@dataclass
class Phone:
    """One participant: the cookie the room gave at join, sent with every request."""

    client: TestClient
    cookie: str
    role: str

    def get(self, url, **kw):
        return self.client.get(url, headers={"cookie": self.cookie, **kw.pop("headers", {})}, **kw)

    def post(self, url, json=None, **kw):
        return self.client.post(url, json=json, headers={"cookie": self.cookie, **kw.pop("headers", {})}, **kw)


@dataclass
class RoomClient:
    """A room behind TestClient, with the facilitator's token at hand."""

    room: Room
    client: TestClient
    phones: list = field(default_factory=list)

    @property
    def token(self) -> str:
        return self.room.store.token

    def facilitator(self, method: str, url: str, json=None):
        return self.client.request(method, url, json=json, headers={"authorization": f"Bearer {self.token}"})

    def act(self, url: str, **body):
        response = self.facilitator("POST", url, json=body)
        assert response.status_code == 200, response.text
        return response.json()

    def join(self, role: str = "data-scientist", nickname: str | None = None, team: str | None = None) -> Phone:
        response = self.client.post("/join", json={"code": self.room.store.join_code, "role": role, "nickname": nickname, "team": team})
        assert response.status_code == 200, response.text
        cookie = response.headers["set-cookie"].split(";")[0]
        self.client.cookies.clear()
        phone = Phone(self.client, cookie, role)
        self.phones.append(phone)
        return phone

    def open(self, activity_id: str):
        return self.act("/f/api/activity", action="open", activity=activity_id)


@contextlib.contextmanager
def serving(room):
    """The room's application on 127.0.0.1, in this process (where the test's kind is registered)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(build_app(room), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


# --- Real servers -------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen
    output: list[str]
    room_file: Path

    def line(self, pattern: str) -> re.Match:
        for line in self.output:
            match = re.search(pattern, line)
            if match:
                return match
        raise AssertionError(f"no line matching {pattern!r} in {self.output}")

    @property
    def port(self) -> int:
        return int(self.line(r"http://127\.0\.0\.1:(\d+)/f/").group(1))

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def token(self) -> str:
        return self.line(r"token=(\S+)").group(1)

    @property
    def code(self) -> str:
        return self.line(r"code ([A-Z0-9]{6})").group(1)

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=10)

    def facilitator(self) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=10, headers={"authorization": f"Bearer {self.token}"})


@contextlib.contextmanager
def room_client(course, path: Path, minutes: int = 90, topics: list[str] | None = None):
    """A room on ``course`` behind Starlette's TestClient, closed afterwards."""
    room = open_room(course, path, minutes, topics)
    with TestClient(build_app(room)) as client:
        yield RoomClient(room, client)
    room.store.close()


def room_command(room_file: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "tension_points", "room", "--course", str(COURSE), "--room", str(room_file), *extra]


def start_server(room_file: Path, *extra: str, port: int = 0) -> Server:
    command = room_command(room_file, "--port", str(port), *extra)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    output: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        output.append(line.rstrip("\n"))
        if line.startswith("Stop with Ctrl-C"):
            return Server(process, output, room_file)
    process.kill()
    raise AssertionError("the room server did not start: " + "\n".join(output))


def stop_server(server: Server, sig=signal.SIGINT) -> None:
    if server.process.poll() is None:
        server.process.send_signal(sig)
        try:
            server.process.wait(10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(5)
    server.process.stdout.close()


# --- `tension-points woz serve`: the room running one Wizard of Oz game ------------------------

SCREEN = re.compile(r"^\s*(User|Wizard|Observer|Facilitator)'s screen:\s+(\S+)$")


class WozServer:
    """``tension-points woz serve`` in a subprocess, and the screens' addresses it printed, per group."""

    def __init__(self, pack: Path | str, log: Path, *extra: str):
        self.pack, self.log, self.extra = pack, log, extra
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tension_points", "woz", "serve", str(pack), "--log", str(log), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[str] = []
        self.screens: dict[int, dict[str, str]] = {}
        group = 1
        while not self.lines or not self.lines[-1].startswith("Press Ctrl-C"):
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("woz serve did not start: " + self.process.stderr.read())
            self.lines.append(line.rstrip("\n"))
            if match := re.match(r"^Group (\d+) \(log", line):
                group = int(match.group(1))
            if match := SCREEN.match(line.rstrip("\n")):
                self.screens.setdefault(group, {})[match.group(1).lower()] = match.group(2)

    def url(self, role: str, group: int = 1) -> str:
        return self.screens[group][role]

    @property
    def origin(self) -> str:
        return re.match(r"^http://[^/]+", self.url("user")).group(0)

    @property
    def token(self) -> str:
        return self.url("facilitator").split("token=")[1]

    def api(self, group: int = 1) -> str:
        return f"{self.origin}/p/woz/game/{group}/api"

    def facilitator(self) -> httpx.Client:
        return httpx.Client(base_url=self.origin, timeout=10, headers={"authorization": f"Bearer {self.token}"})

    @contextlib.contextmanager
    def seated(self, role: str, group: int = 1):
        """A device that opened this seat's link: it is let in and seated, its cookie kept."""
        with httpx.Client(timeout=30) as client:
            answer = client.get(self.url(role, group), follow_redirects=False)
            assert answer.status_code == 303, answer.text
            yield client

    def release(self, round_number: int, group: int = 1) -> None:
        with self.facilitator() as facilitator:
            answer = facilitator.post(f"/f/woz/game/{group}/api/facilitator/release", json={"round": round_number})
        assert answer.status_code == 200, answer.text

    def stop(self, sig=signal.SIGINT) -> tuple[int, str, str]:
        self.process.send_signal(sig)
        out, err = self.process.communicate(timeout=20)
        return self.process.returncode, out, err

    def restart(self, port: str | None = None) -> "WozServer":
        """Stopped and started again with the same command (on ``port``, when given, instead of --port's)."""
        self.stop()
        extra = list(self.extra)
        if port is not None:
            extra[extra.index("--port") + 1] = port
        return WozServer(self.pack, self.log, *extra)
