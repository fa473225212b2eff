"""How long does `tension-points audit` take on hostile files? Every case must stay under a second per megabyte.

Each case is a project holding one adversarial file of about a megabyte (a
pattern repeated until the file is that large: key-like strings, random calls,
unclosed brackets, a YAML alias bomb, a notebook nested thousands of levels
deep...), written to a temporary folder. The audit of each runs as a fresh
process; the time of auditing an empty project (start-up) is subtracted, and
the rest is divided by the file's size. Each time is the fastest of --repeat runs:
on a machine shared with other work, the minimum is the least disturbed measure. The script exits with status 1 if any
case takes more than TARGET_SECONDS_PER_MB, if an audit does not exit with 0,
or if its JSON report is not valid UTF-8 JSON.

    .venv/bin/python benchmarks/audit_adversarial.py [--megabytes 1] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_SECONDS_PER_MB = 1.0
MB = 1024 * 1024


def repeat(piece: str, size: int, head: str = "", tail: str = "") -> str:
    return head + piece * max(1, (size - len(head) - len(tail)) // len(piece)) + tail


def notebook(cells: list[str]) -> str:
    return json.dumps({"cells": [{"cell_type": "code", "execution_count": i + 1, "metadata": {}, "outputs": [],
                                  "source": source} for i, source in enumerate(cells)],
                       "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


# Patterns the audit looks for, assembled from pieces so that this file itself audits clean.
RANDOM, NUMPY_RANDOM, SPLIT = "random." + "random();", "np.random." + "rand(3)", "train_test_" + "split("
SKLEARN = "from sklearn.model_selection import KFold, train_test_split\n"
KEY_LIKE, PASSWORD = "AKIA" + "IOSFODNN7EXAMPLF", "password = 'correct-" + "horse-battery' "
HOME = "/ho" + "me/robin"
R_DRAW, JULIA_DRAW = "rno" + "rm(n, mean = f(g(1)), sd = \"a(b)\")", "ran" + "d(rng, [1, 2][end])'"


def cases(size: int) -> dict[str, tuple[str, str]]:
    """Case name: (file name, content)."""
    depth = size // 2
    alias_bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
    ) + "dependencies: [*i]\nname: bomb\n"
    return {
        "random calls on one line": ("train.py", repeat(RANDOM, size, "import random\n")),
        "random calls, one per line": ("train.py", repeat(f"x = {NUMPY_RANDOM}\n", size, "import numpy as np\n")),
        "estimator calls, never closed": ("model.py", repeat(SPLIT, size, SKLEARN)),
        "KFold(shuffle) look-ahead, never closed": ("model.py", repeat("KFold(", size, SKLEARN)),
        "AWS-key-like strings on one line": ("settings.py", repeat(KEY_LIKE + " ", size)),
        "AWS-key-like strings, one per line": ("keys.txt", repeat(KEY_LIKE + "\n", size)),
        "Slack-token-like run": ("settings.py", repeat("xoxb-", size)),
        "password assignments": ("settings.py", repeat(PASSWORD, size)),
        "unquoted secrets in .env": (".env", repeat("password=password=", size)),
        "connection URLs": ("db.py", repeat("://user:pass", size)),
        "home-folder paths": ("paths.py", repeat(HOME, size, "P = '", "'\n")),
        "imports": ("imports.py", repeat("import alpha, beta, gamma\n", size)),
        "downloads": ("fetch.sh", repeat("wget https://example.org/x.csv\n", size)),
        "README, unclosed inline code": ("README.md", repeat("`make x ", size)),
        "README, blank lines": ("README.md", repeat("\n", size)),
        "Makefile recipes": ("Makefile", repeat("\tpython missing.py\n", size, "all:\n")),
        "requirements, 100,000 lines": ("requirements.txt", repeat("pkg\n", size)),
        "pyproject, huge dependency list": ("pyproject.toml", repeat('"pkg>=1",', size, '[project]\nname = "x"\ndependencies = [', "]\n")),
        "setup.py, unclosed install_requires": ("setup.py", repeat("install_requires=[", size)),
        "environment.yml, many dependencies": ("environment.yml", repeat("  - pkg=1.0\n", size, "dependencies:\n")),
        "environment.yml, alias bomb": ("environment.yml", alias_bomb),
        "pyproject.toml, nested arrays": ("pyproject.toml", "x = " + "[" * depth + "]" * depth + "\n"),
        "notebook, nested JSON": ("deep.ipynb", "[" * depth + "]" * depth),
        "R draws, one per line": ("model.R", repeat(f"x <- {R_DRAW}\n", size)),
        "R brackets, never closed": ("model.R", repeat("f(", size)),
        "Julia draws in nested functions": ("sim.jl", repeat(f"function f(n)\n  {JULIA_DRAW}\n", size)),
        "Julia block comment, never closed": ("sim.jl", repeat("#= " + JULIA_DRAW + " ", size)),
        "notebook, 20,000 random cells": ("eda.ipynb", notebook([f"{NUMPY_RANDOM}\n" * 2] * (size // 60))),
        "notebook, one huge cell": ("eda.ipynb", notebook([repeat(RANDOM + " ", size - 200)])),
        "notebook, 28 times the size in figures": ("figures.ipynb", figures(28 * size)),
    }


def figures(size: int) -> str:
    """A notebook whose outputs are mostly images (base64 PNG data) and long printed text, as plotting notebooks are."""
    image = "iVBORw0KGgo" * (300_000 // 11)
    cell = {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "plt.plot(x)",
            "outputs": [{"output_type": "display_data", "metadata": {}, "data": {"image/png": image, "text/plain": "<Figure>"}},
                        {"output_type": "stream", "name": "stdout", "text": "loss = 0.1\n" * 2000}]}
    count = max(1, size // (len(image) + 22_000))
    cells = [{**cell, "execution_count": n + 1} for n in range(count)]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def audit_seconds(project: Path, repeat_count: int) -> tuple[float, bool]:
    times, valid = [], True
    for _ in range(repeat_count):
        start = time.perf_counter()
        completed = subprocess.run([sys.executable, "-m", "tension_points", "audit", str(project), "--format", "json"],
                                   capture_output=True, timeout=600)
        times.append(time.perf_counter() - start)
        try:
            json.loads(completed.stdout.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            valid = False
        valid &= completed.returncode == 0
    return min(times), valid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--megabytes", type=float, default=1.0, help="size of each adversarial file")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each case; the fastest is used")
    args = parser.parse_args()
    size = int(args.megabytes * MB)
    workdir = Path(tempfile.mkdtemp(prefix="audit-adversarial-"))
    failures = 0
    try:
        empty = workdir / "empty"
        empty.mkdir()
        baseline, _ = audit_seconds(empty, args.repeat)
        print(f"start-up (auditing an empty folder): {baseline:.2f} s, subtracted below")
        print(f"{'case':<42} {'size':>8} {'audit':>8} {'s/MB':>6}")
        for index, (name, (file_name, content)) in enumerate(cases(size).items()):
            project = workdir / f"case-{index:02d}"
            project.mkdir()
            data = content.encode("utf-8")
            (project / file_name).write_bytes(data)
            seconds, valid = audit_seconds(project, args.repeat)
            per_mb = max(seconds - baseline, 0.0) / max(len(data) / MB, 1e-9) if len(data) >= MB / 4 else max(seconds - baseline, 0.0)
            verdict = "" if valid and per_mb <= TARGET_SECONDS_PER_MB else "  FAIL" + ("" if valid else " (bad exit or JSON)")
            failures += bool(verdict)
            shown = f"{len(data) / MB:.2f} MB" if len(data) >= 10_000 else f"{len(data)} B"
            print(f"{name:<42} {shown:>8} {seconds:>7.2f}s {per_mb:>6.2f}{verdict}")
        print(f"target: at most {TARGET_SECONDS_PER_MB:g} s per MB (for files under 1/4 MB, at most that in seconds)")
        return 1 if failures else 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
