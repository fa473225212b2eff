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


NOTEBOOK_STACK = ("sqlalchemy", "jupyter_cache", "nbclient")


def test_loading_myst_nb_with_the_sphinx_configuration_leaves_the_notebook_execution_stack_unloaded() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import runpy, sys; runpy.run_path('conf.py'); import myst_nb.sphinx_ext; "
         f"print('loaded:', [name for name in {NOTEBOOK_STACK!r} if name in sys.modules])"],
        cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert "loaded: []" in out


NOTEBOOK_PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
---

# A notebook

```{{code-cell}} ipython3
print({expression})
```
"""

NOTEBOOK_PROJECT_CONF = """
from tension_points.startup import defer_notebook_execution
defer_notebook_execution()
extensions = ["myst_nb"]
nb_execution_mode = "cache"
nb_execution_cache_path = {cache!r}
exclude_patterns = ["_build"]
"""

# A build in a fresh interpreter, as sphinx-build runs one; it says whether it imported the stack.
BUILD = """
import sys
from sphinx.cmd.build import build_main
status = build_main(["-q", "-b", "html", {source!r}, {out!r}])
print("stack loaded:", any(name in sys.modules for name in {stack!r}))
sys.exit(status)
"""


def test_a_notebook_is_executed_when_its_page_is_read_and_a_rebuild_with_nothing_changed_imports_no_execution_stack(tmp_path) -> None:
    source, out = tmp_path / "project", tmp_path / "html"
    source.mkdir()
    (source / "conf.py").write_text(NOTEBOOK_PROJECT_CONF.format(cache=str(tmp_path / "cache")), encoding="utf-8")
    page = source / "index.md"

    def build() -> str:
        run = subprocess.run([sys.executable, "-c", BUILD.format(source=str(source), out=str(out), stack=NOTEBOOK_STACK)],
                             cwd=source, capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        return run.stdout

    page.write_text(NOTEBOOK_PAGE.format(expression="6 * 7"), encoding="utf-8")
    assert "stack loaded: True" in build()
    assert ">42" in (out / "index.html").read_text(encoding="utf-8")
    assert "stack loaded: False" in build()
    page.write_text(NOTEBOOK_PAGE.format(expression="6 * 8"), encoding="utf-8")
    assert "stack loaded: True" in build()
    assert ">48" in (out / "index.html").read_text(encoding="utf-8")


# What the audit, run on a CI runner once per push, has no use for: the other tools (the planner's
# templates and course data) and jsonschema (its checklist is shipped, loaded without validation).
NOT_FOR_THE_AUDIT = ("tension_points.plan.command", "tension_points.course", "tension_points.doctor.command",
                     "tension_points.woz.command", "tension_points.room.command", "jinja2", "jsonschema")


def test_the_audit_imports_neither_the_other_tools_nor_jsonschema_and_still_reports(tmp_path: Path) -> None:
    (tmp_path / "train.py").write_text("import random\nprint(random.random())\n")
    code = ("import runpy, sys\nsys.argv = ['tension-points', 'audit', sys.argv[1], '--format', 'json']\n"
            "try:\n    runpy.run_module('tension_points', run_name='__main__')\nexcept SystemExit:\n    pass\n"
            f"print('loaded:', [name for name in {NOT_FOR_THE_AUDIT!r} if name in sys.modules], file=sys.stderr)")
    completed = subprocess.run([sys.executable, "-c", code, str(tmp_path)], cwd=REPO, capture_output=True, text=True)
    assert "loaded: []" in completed.stderr
    assert completed.returncode == 0
    assert '"check": "code-unseeded-randomness"' in completed.stdout


def test_the_full_command_list_is_still_shown_without_a_command_or_with_a_misspelt_one() -> None:
    listing = subprocess.run([sys.executable, "-m", "tension_points", "--help"], cwd=REPO, capture_output=True, text=True)
    for command in ("exercises", "doctor", "plan", "audit", "woz", "room"):
        assert command in listing.stdout
    misspelt = subprocess.run([sys.executable, "-m", "tension_points", "audti"], cwd=REPO, capture_output=True, text=True)
    assert misspelt.returncode == 2
    assert "invalid choice: 'audti'" in misspelt.stderr and "'audit'" in misspelt.stderr
