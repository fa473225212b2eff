"""The newcomer's path, timed: a fresh virtual environment, the kit installed from the offline
bundle's wheels (no network), `tension-points exercises`, then `tension-points doctor`; and
the sizes of what a learner or a facilitator downloads.

Usage: make bundle, then .venv/bin/python benchmarks/newcomer_benchmark.py

The issue's goal is a newcomer with the exercises open in JupyterLab in under five minutes;
this measures the machine's part of that (the install and the two commands), not the
reading and typing. Installing from PyPI instead adds the download time of about 90 MB of
wheels. Exits 1 when the measured part takes more than BUDGET_SECONDS.
"""

from __future__ import annotations

import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import venv
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO / "_build" / "tension-points-offline.zip"
BUDGET_SECONDS = 180


def timed(label: str, command: list[str], cwd: Path, env: dict) -> float:
    start = time.perf_counter()
    run = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"{label} failed ({run.returncode}):\n{run.stdout[-1500:]}{run.stderr[-1500:]}")
    print(f"{label:<44} {elapsed:6.1f} s")
    return elapsed


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    if not BUNDLE.exists():
        print(f"{BUNDLE.relative_to(REPO)} not found: run make bundle first", file=sys.stderr)
        return 2
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="tp-newcomer-") as scratch:
        root = Path(scratch)
        with zipfile.ZipFile(BUNDLE) as bundle:
            bundle.extractall(root, [m for m in bundle.namelist() if "/wheels/" in m])
        wheels = root / "tension-points-offline" / "wheels"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "TP_", "VIRTUAL_ENV"))}
        env.update(PIP_CONFIG_FILE=os.devnull, HOME=str(root))
        bin_dir = root / "env" / "bin"
        start = time.perf_counter()
        venv.create(root / "env", with_pip=True)
        print(f"{'fresh virtual environment':<44} {time.perf_counter() - start:6.1f} s")
        total = time.perf_counter() - start
        total += timed("install the wheel with [exercises], offline", [str(bin_dir / "python"), "-m", "pip", "install", "--quiet",
                       "--no-index", "--find-links", str(wheels), "tension-points[exercises]"], root, env)
        total += timed("tension-points exercises", [str(bin_dir / "tension-points"), "exercises", "ex"], root, env)
        with socket.socket() as probe:  # a free port, so another program's cannot fail the check
            probe.bind(("127.0.0.1", 0))
            port = str(probe.getsockname()[1])
        total += timed("tension-points doctor (first run)", [str(bin_dir / "tension-points"), "doctor", "--port", port], root / "ex", env)
        print(f"{'newcomer path, total':<44} {total:6.1f} s (budget {BUDGET_SECONDS} s)")
        print(f"{'installed environment on disk':<44} {folder_size(root / 'env') / 1e6:6.0f} MB")
    wheel = next((REPO / "_build" / "dist").glob("tension_points-*.whl"))
    print(f"{'the kit wheel':<44} {wheel.stat().st_size / 1e3:6.0f} KB")
    print(f"{'offline bundle (this platform)':<44} {BUNDLE.stat().st_size / 1e6:6.1f} MB")
    return 0 if total <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
