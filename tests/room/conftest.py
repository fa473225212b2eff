"""Fixtures for the live room (the helpers are in room_fixtures.py)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from room.room_fixtures import COURSE, RoomClient, Server, open_room, start_server, stop_server
from tension_points.course import load_course
from tension_points.room.app import build_app


@pytest.fixture(scope="session")
def course():
    return load_course(COURSE)


@pytest.fixture
def room_client(tmp_path, course):
    room = open_room(course, tmp_path / "room.sqlite")
    with TestClient(build_app(room)) as client:
        yield RoomClient(room, client)
    room.store.close()


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
