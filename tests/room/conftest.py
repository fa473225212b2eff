"""Fixtures for the live room (the helpers are in room_fixtures.py)."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from room import room_fixtures
from room.room_fixtures import COURSE, Server, start_server, stop_server
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
