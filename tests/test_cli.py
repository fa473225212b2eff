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


def test_each_tool_does_its_real_work_from_the_one_entry_point(tmp_path):
    agenda = run("plan", "--minutes", "210", "--format", "json")
    assert agenda.returncode == 0, agenda.stderr
    assert '"late_plan"' in agenda.stdout and "Workshop agenda, 3 h 30 min" in agenda.stdout
    (tmp_path / "requirements.txt").write_text("pandas\n", encoding="utf-8")
    audit = run("audit", str(tmp_path), "--format", "json")
    assert audit.returncode == 0 and '"score"' in audit.stdout and "pandas" in audit.stdout
    packs = run("woz", "list")
    assert packs.returncode == 0 and "jetpac-travel-photos" in packs.stdout


def test_a_bug_in_a_tool_exits_3_with_one_line_never_a_results_code(tmp_path):
    """Exit 1 means 'below --fail-under' and 2 'bad input'; a crash must be told apart."""
    script = (
        "import sys, tension_points.plan.command as c\n"
        "def broken(args):\n    raise RuntimeError('boom')\n"
        "c.run_plan = broken\n"
        "from tension_points.cli import main\n"
        "sys.exit(main(['plan', '--minutes', '90']))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "internal error: RuntimeError: boom" in result.stderr
    assert "Traceback" not in result.stderr
