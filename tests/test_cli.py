"""The `tension-points` command: one entry point for the kit's tools."""

from __future__ import annotations

import subprocess
import sys


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tension_points", *args], capture_output=True, text=True)


def test_help_lists_the_tools():
    result = run("--help")
    assert result.returncode == 0
    for command in ("exercises", "doctor", "audit", "woz", "plan"):
        assert command in result.stdout


def test_no_command_prints_help_and_fails():
    result = run()
    assert result.returncode == 2
    assert "usage: tension-points" in result.stdout
