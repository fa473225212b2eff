"""How fast is `tension-points audit` compared with simply reading every file once?

Generates a tree of 50,000 small Python source files in a temporary folder,
then, in the same run, times

  1. the baseline: ``find TREE -type f -print0 | xargs -0 cat > /dev/null``
  2. the audit:    ``python -m tension_points audit TREE --format json --output /dev/null``

(both as fresh processes, start-up included; a warm-up read first, so both see
a warm page cache) and prints the ratio. The target is a ratio of at most 3.

    .venv/bin/python benchmarks/audit_benchmark.py [--files 50000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_RATIO = 3.0
FILES_PER_FOLDER = 100

SOURCE_TEMPLATE = '''"""Module {index} of a generated benchmark project."""

import math
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


def feature_{index}(values):
    """Scale values and return their mean."""
    scaled = [math.log1p(abs(value)) for value in values]
    return sum(scaled) / max(len(scaled), 1)


class Model{index}:
    def __init__(self, threshold=0.5):
        self.threshold = threshold

    def predict(self, row):
        return feature_{index}(row) > self.threshold
'''


def generate_tree(root: Path, count: int) -> None:
    for index in range(count):
        folder = root / "src" / f"package_{index // FILES_PER_FOLDER:04d}"
        if index % FILES_PER_FOLDER == 0:
            folder.mkdir(parents=True)
        (folder / f"module_{index:05d}.py").write_text(SOURCE_TEMPLATE.format(index=index))
    (root / "README.md").write_text("# Benchmark project\n\nRun `make` to reproduce.\n")
    (root / "requirements.txt").write_text("numpy==2.1.0\n")


def timed(command: list[str] | str, shell: bool = False) -> float:
    start = time.perf_counter()
    subprocess.run(command, shell=shell, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command; the median is used")
    args = parser.parse_args()

    tree = Path(tempfile.mkdtemp(prefix="audit-benchmark-"))
    try:
        print(f"generating {args.files:,} files in {tree} ...", flush=True)
        generate_tree(tree, args.files)
        read_all = f"find '{tree}' -type f -print0 | xargs -0 cat > /dev/null"
        audit = [sys.executable, "-m", "tension_points", "audit", str(tree), "--format", "json", "--output", "/dev/null"]
        timed(read_all, shell=True)  # warm the page cache for both contenders
        baseline, audited = [], []
        for _ in range(args.repeat):
            baseline.append(timed(read_all, shell=True))
            audited.append(timed(audit))
        baseline_time, audit_time = statistics.median(baseline), statistics.median(audited)
        ratio = audit_time / baseline_time
        print(f"read every file once (find | xargs cat): {baseline_time:.2f} s (median of {args.repeat})")
        print(f"tension-points audit:                    {audit_time:.2f} s (median of {args.repeat})")
        print(f"ratio: {ratio:.2f} (target: at most {TARGET_RATIO:g})")
        return 0 if ratio <= TARGET_RATIO else 1
    finally:
        shutil.rmtree(tree, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
