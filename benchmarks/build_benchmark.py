"""Build times and page weight, measured on the machine it runs on, checked against the budgets.

Usage: make bench   (or .venv/bin/python benchmarks/build_benchmark.py)

Works on a private copy of the sources in a temporary folder (the working tree and _build/
are not touched) and reports:

- clean build time of the site, of each PDF, and of everything (site and all PDFs, one
  after the other as `make` runs them), with the notebooks' Jupyter cache warm;
- rebuild time with nothing changed, and after editing one module page's prose, best of
  three each, two ways: as `make serve` rebuilds (Sphinx loaded once, each rebuild in a
  forked child: benchmarks/preview_rebuilds.py), which the budgets apply to, and as a new
  `sphinx-build` from the command line. The rebuild with nothing changed must report no
  configuration change and read no page;
- the same rebuilds of a one-page Sphinx project with the same theme, in the same run
  (the floor of fixed start-up cost), and the site's times as ratios to them;
- median page weight and the heaviest module page (benchmarks/page_weight.py);
- the site's clean build time per page against the one-page project's clean build.

Budgets: rebuild with nothing changed <= 1 s; one-page edit <= 1.5 s; whole clean build
<= 90 s; median page <= 150 KB; no module page over 200 KB. Exits 1 when one is missed.
The machine is shared: when it is busy the absolute times miss while the ratios hold.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import page_weight  # noqa: E402

PDF_EDITIONS = {"learner": "tension-points-course", "facilitator": "tension-points-facilitator-handbook",
                "handouts": "tension-points-handouts"}
BUDGETS = {"nothing changed": 1.0, "edit": 1.5, "everything": 90.0, "median_kb": 150.0, "module_max_kb": 200.0}
IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", "*.egg-info", "node_modules", ".pytest_cache")
EDITED_PAGE = "modules/02-silos.md"


def sphinx(source: Path, out: Path, doctrees: Path, builder: str, edition: str, env: dict) -> float:
    return sphinx_logged(source, out, doctrees, builder, edition, env)[0]


def sphinx_logged(source: Path, out: Path, doctrees: Path, builder: str, edition: str, env: dict) -> tuple[float, str]:
    command = [sys.executable, "-m", "sphinx", "-b", builder, str(source), str(out), "-d", str(doctrees)]
    start = time.perf_counter()
    run = subprocess.run(command, cwd=source, env={**env, "TP_EDITION": edition}, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"sphinx-build ({edition}, {builder}) failed:\n{run.stderr[-2000:]}")
    return elapsed, run.stdout


def rebuilds(source: Path, page: Path, out: Path, doctrees: Path, env: dict, repeat: int = 3,
             check: bool = True) -> tuple[float, float]:
    """Best of ``repeat``: a rebuild with nothing changed, and one after a sentence is added to ``page``.

    ``check``: fail when the rebuild with nothing changed reports a configuration change or
    reads a page (a plain Furo project reports one: Furo's late option, see sphinxext/stable_config.py).
    """
    unchanged, edited = [], []
    for attempt in range(repeat):
        seconds, log = sphinx_logged(source, out, doctrees, "html", "web", env)
        if check and ("configuration has changed" in log or "0 added, 0 changed, 0 removed" not in log):
            raise SystemExit(f"a rebuild with nothing changed did more than nothing:\n{log[-2000:]}")
        unchanged.append(seconds)
        page.write_text(page.read_text(encoding="utf-8") + f"\nOne more sentence ({attempt + 1}), as an author would add.\n",
                        encoding="utf-8")
        edited.append(sphinx(source, out, doctrees, "html", "web", env))
    return min(unchanged), min(edited)


def preview_rebuilds(source: Path, page: Path, out: Path, doctrees: Path, env: dict) -> tuple[float, float]:
    """Best of three rebuilds as `make serve` does them (see preview_rebuilds.py)."""
    run = subprocess.run([sys.executable, str(REPO / "benchmarks" / "preview_rebuilds.py"), str(source), str(out),
                          str(doctrees), str(page)], cwd=source, env={**env, "TP_EDITION": "web"}, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"preview rebuilds failed in {source}:\n{run.stderr[-2000:]}")
    times = json.loads(run.stdout.strip().splitlines()[-1])
    return times["unchanged"], times["edit"]


def latex_pdf(folder: Path, env: dict) -> float:
    start = time.perf_counter()
    run = subprocess.run(["make", "-C", str(folder), "all-pdf", "LATEXMKOPTS=-quiet -interaction=nonstopmode -halt-on-error"],
                         env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"LaTeX failed in {folder}:\n{run.stdout[-2000:]}")
    return time.perf_counter() - start


def one_page_project(root: Path, env: dict) -> tuple[float, float, float, float, float]:
    """The floor: Sphinx building one page with the same theme, best of three: clean, and
    rebuilt with nothing changed and after an edit, from the command line and as `make serve` does."""
    project = root / "one-page"
    project.mkdir()
    (project / "conf.py").write_text('project = "One page"\nhtml_theme = "furo"\n', encoding="utf-8")
    (project / "index.rst").write_text("One page\n========\n\nA paragraph.\n", encoding="utf-8")
    out, doctrees = project / "_build" / "html", project / "_build" / "doctrees"
    times = []
    for attempt in range(3):
        shutil.rmtree(project / "_build", ignore_errors=True)
        times.append(sphinx(project, out, doctrees, "html", "web", env))
    return (min(times), *rebuilds(project, project / "index.rst", out, doctrees, env, check=False),
            *preview_rebuilds(project, project / "index.rst", out, doctrees, env))


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = platform.system()
    try:
        release = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
        system = release.get("PRETTY_NAME", system).strip('"')
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{cores} cores ({cpu}), {system}, Python {platform.python_version()}"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="tp-bench-") as tmp:
        root = Path(tmp)
        source = root / "course"
        shutil.copytree(REPO, source, ignore=IGNORE)
        env = {**os.environ, "TP_JUPYTER_CACHE": str(root / "jupyter-cache")}
        env.setdefault("SOURCE_DATE_EPOCH", subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=REPO, capture_output=True, text=True).stdout.strip() or "1700000000")

        print(f"machine: {machine()}")
        print("warming the notebooks' Jupyter cache (one untimed build) ...", flush=True)
        sphinx(source, root / "warm", root / "warm-doctrees", "html", "web", env)

        html = root / "build" / "html"
        times: dict[str, float] = {"site": sphinx(source, html, root / "build" / "doctrees-web", "html", "web", env)}
        for edition in PDF_EDITIONS:
            latex = root / "build" / "latex" / edition
            times[f"{edition} PDF"] = sphinx(source, latex, root / "build" / f"doctrees-{edition}", "latex", edition, env) \
                + latex_pdf(latex, env)
        everything = sum(times.values())

        weights_by_page = page_weight.measure(html)
        cli_unchanged, cli_edit = rebuilds(source, source / EDITED_PAGE, html, root / "build" / "doctrees-web", env)
        unchanged, edit = preview_rebuilds(source, source / EDITED_PAGE, html, root / "build" / "doctrees-web", env)
        floor, floor_cli_unchanged, floor_cli_edit, floor_unchanged, floor_edit = one_page_project(root, env)
        pages = [p for p in html.rglob("*.html") if "_static" not in p.parts]
        per_page = times["site"] / len(pages)
        weights = sorted(weights_by_page.values())
        median_kb, max_kb = statistics.median(weights) / 1000, weights[-1] / 1000
        module_max_kb = max(w for p, w in weights_by_page.items() if p.startswith("modules/")) / 1000

    print()
    print("clean builds (notebooks cached):")
    for name, seconds in times.items():
        print(f"  {name:<17} {seconds:6.1f} s")
    print(f"  {'everything':<17} {everything:6.1f} s   (budget {BUDGETS['everything']:.0f} s)")
    print("rebuilds as `make serve` does them (Sphinx loaded once):")
    print(f"  nothing changed: {unchanged:.2f} s (budget {BUDGETS['nothing changed']:.1f} s); "
          f"one-page project: {floor_unchanged:.2f} s; ratio {unchanged / floor_unchanged:.2f}")
    print(f"  after editing {EDITED_PAGE}: {edit:.2f} s (budget {BUDGETS['edit']:.1f} s); "
          f"one-page project edited: {floor_edit:.2f} s; ratio {edit / floor_edit:.2f}")
    print("rebuilds with a new sphinx-build from the command line:")
    print(f"  nothing changed: {cli_unchanged:.2f} s; one-page project: {floor_cli_unchanged:.2f} s; "
          f"ratio {cli_unchanged / floor_cli_unchanged:.2f}")
    print(f"  after editing {EDITED_PAGE}: {cli_edit:.2f} s; one-page project edited: {floor_cli_edit:.2f} s; "
          f"ratio {cli_edit / floor_cli_edit:.2f}")
    print(f"page weight over {len(weights)} pages: median {median_kb:.0f} KB (budget {BUDGETS['median_kb']:.0f} KB), "
          f"maximum {max_kb:.0f} KB, heaviest module page {module_max_kb:.0f} KB (budget {BUDGETS['module_max_kb']:.0f} KB)")
    print(f"site build per page: {per_page:.2f} s over {len(pages)} pages; one-page Sphinx project: {floor:.2f} s; "
          f"ratio {per_page / floor:.2f}")

    missed = [
        name for name, ok in (
            ("nothing changed", unchanged <= BUDGETS["nothing changed"]), ("edit", edit <= BUDGETS["edit"]),
            ("everything", everything <= BUDGETS["everything"]), ("median page weight", median_kb <= BUDGETS["median_kb"]),
            ("module page weight", module_max_kb <= BUDGETS["module_max_kb"]),
        ) if not ok
    ]
    print("budgets: " + ("all met" if not missed else "MISSED: " + ", ".join(missed)))
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
