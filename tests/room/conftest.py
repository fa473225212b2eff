"""Fixtures for the live room (the helpers are in room_fixtures.py)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from room import room_fixtures
from room.room_fixtures import COURSE, Server, WozServer, start_server, stop_server
from tension_points.course import load_course


@pytest.fixture(scope="session")
def course():
    return load_course(COURSE)


@pytest.fixture
def room_client(tmp_path, course):
    with room_fixtures.room_client(course, tmp_path / "room.sqlite") as client:
        yield client


@pytest.fixture
def servers():
    """Start real room servers; every one still running at the end is stopped."""
    started: list[Server] = []

    def start(room_file: Path, *extra: str, port: int = 0) -> Server:
        server = start_server(room_file, *extra, port=port)
        started.append(server)
        return server

    yield start
    for server in started:
        with contextlib.suppress(Exception):
            stop_server(server)


@pytest.fixture
def woz_servers():
    """Start ``tension-points woz serve`` with ``woz_servers(pack, log, *args)``; every one still running is stopped."""
    started: list[WozServer] = []

    def start(*args) -> WozServer:
        started.append(WozServer(*args))
        return started[-1]

    yield start
    for server in started:
        if server.process.poll() is None:
            with contextlib.suppress(Exception):
                server.stop()


@pytest.fixture
def fruit(tmp_path):
    """The Wizard of Oz tests' small pack (twelve bananas), written as a file: a pack that is not shipped."""
    import yaml

    from woz.woz_fixtures import fruit_pack

    path = tmp_path / "fruit.yaml"
    path.write_text(yaml.safe_dump(fruit_pack(), sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def facilitator(server):
    """The facilitator's console buttons for the module's ``server``: facilitator(action="open", activity=...)."""
    with server.facilitator() as client:
        def act(**body):
            response = client.post("/f/api/activity", json=body)
            assert response.status_code == 200, response.text
        yield act
