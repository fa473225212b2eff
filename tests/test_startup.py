"""The course build and the commands do not pay for imports the kit never uses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

LOADED_AFTER = """
import runpy, sys
{setup}
import jsonschema
jsonschema.validate({{"a": 1}}, {{"type": "object", "properties": {{"a": {{"type": "integer"}}}}}})
try:
    jsonschema.validate({{"a": "x"}}, {{"type": "object", "properties": {{"a": {{"type": "integer"}}}}}})
except jsonschema.ValidationError:
    print("still validates")
print("rfc3987_syntax loaded:", sys.modules.get("rfc3987_syntax") is not None)
"""


def run(setup: str) -> str:
    return subprocess.run([sys.executable, "-c", LOADED_AFTER.format(setup=setup)], cwd=REPO, capture_output=True,
                          text=True, check=True).stdout


def test_reading_the_sphinx_configuration_keeps_jsonschema_from_loading_rfc3987_syntax() -> None:
    out = run("runpy.run_path('conf.py')")
    assert "still validates" in out
    assert "rfc3987_syntax loaded: False" in out


def test_the_command_line_keeps_jsonschema_from_loading_rfc3987_syntax() -> None:
    assert "rfc3987_syntax loaded: False" in run("import tension_points.cli")
