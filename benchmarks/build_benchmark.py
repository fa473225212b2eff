"""Build times and page weight, measured on the machine it runs on, checked against the budgets.

Usage: make bench   (or .venv/bin/python benchmarks/build_benchmark.py [--lesson PATH] [--lesson-python PYTHON])

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
- the site's clean build time per page against the one-page project's clean build;
- side by side, a CodeRefinery lesson built in the same run (a checkout of one, such as
  coderefinery/git-intro, given by ``--lesson`` or ``TP_BENCH_LESSON``; none of its code is
  in this repository): its clean build, its two rebuilds from the command line and its
  median page weight. ``--lesson-python`` (``TP_BENCH_LESSON_PYTHON``) is a Python with the
  lesson's requirements installed (default: this one). Without a lesson the row is skipped
  with a message saying how to get one.

Budgets: rebuild with nothing changed <= 1 s; one-page edit <= 1.5 s; whole clean build
<= 90 s; median page <= 150 KB; no module page over 200 KB. Exits 1 when one is missed.
The machine is shared: when it is busy the absolute times miss while the ratios hold.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
import page_weight  # noqa: E402

PDF_EDITIONS = {"learner": "tension-points-course", "facilitator": "tension-points-facilitator-handbook",
                "handouts": "tension-points-handouts"}
BUDGETS = {"nothing changed": 1.0, "edit": 1.5, "everything": 90.0, "median_kb": 150.0, "module_max_kb": 200.0}
IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", "*.egg-info", "node_modules", ".pytest_cache")
EDITED_PAGE = "modules/02-silos.md"


def sphinx(source: Path, out: Path, doctrees: Path, builder: str, edition: str, env: dict,
           python: str = sys.executable) -> float:
    return sphinx_logged(source, out, doctrees, builder, edition, env, python)[0]


def sphinx_logged(source: Path, out: Path, doctrees: Path, builder: str, edition: str, env: dict,
                  python: str = sys.executable) -> tuple[float, str]:
    command = [python, "-m", "sphinx", "-b", builder, str(source), str(out), "-d", str(doctrees)]
    start = time.perf_counter()
    run = subprocess.run(command, cwd=source, env={**env, "TP_EDITION": edition}, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if run.returncode != 0:
        raise SystemExit(f"sphinx-build ({edition}, {builder}) failed:\n{run.stderr[-2000:]}")
    return elapsed, run.stdout


def rebuilds(source: Path, page: Path, out: Path, doctrees: Path, env: dict, repeat: int = 3,
             check: bool = True, python: str = sys.executable) -> tuple[float, float]:
    """Best of ``repeat``: a rebuild with nothing changed, and one after a sentence is added to ``page``.

    ``check``: fail when the rebuild with nothing changed reports a configuration change or
    reads a page (a plain Furo project reports one: Furo's late option, see sphinxext/stable_config.py).
    """
    unchanged, edited = [], []
    for attempt in range(repeat):
        seconds, log = sphinx_logged(source, out, doctrees, "html", "web", env, python)
        if check and ("configuration has changed" in log or "0 added, 0 changed, 0 removed" not in log):
            raise SystemExit(f"a rebuild with nothing changed did more than nothing:\n{log[-2000:]}")
        unchanged.append(seconds)
        page.write_text(page.read_text(encoding="utf-8") + f"\nOne more sentence ({attempt + 1}), as an author would add.\n",
                        encoding="utf-8")
        edited.append(sphinx(source, out, doctrees, "html", "web", env, python))
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


@dataclass
class Lesson:
    """A CodeRefinery lesson built in the same run: the side-by-side row."""

    name: str
    pages: int
    page: str  # the page edited for the edit rebuild
    clean: float
    unchanged: float
    edit: float
    reads_nothing: bool  # its rebuild with nothing changed reads no page
    config_changed: bool  # and says "the configuration has changed" (options its extensions set late)
    median_kb: float | None


def lesson_source(checkout: Path) -> Path:
    """The lesson's Sphinx source folder: CodeRefinery lessons keep it in content/."""
    return checkout / "content" if (checkout / "content" / "conf.py").exists() else checkout


def lesson_row(checkout: Path, python: str, root: Path, env: dict) -> Lesson:
    """Clean build (best of three), then the rebuilds from the command line, of a copy of the lesson."""
    copy = root / "lesson"
    shutil.copytree(checkout, copy, ignore=IGNORE)
    source = lesson_source(copy)
    out, doctrees = root / "lesson-build" / "html", root / "lesson-build" / "doctrees"
    lesson_env = {**env, "TP_JUPYTER_CACHE": str(root / "lesson-jupyter-cache")}
    sphinx(source, root / "lesson-warm", root / "lesson-warm-doctrees", "html", "web", lesson_env, python)
    clean = []
    for _ in range(3):
        shutil.rmtree(root / "lesson-build", ignore_errors=True)
        clean.append(sphinx(source, out, doctrees, "html", "web", lesson_env, python))
    _, log = sphinx_logged(source, out, doctrees, "html", "web", lesson_env, python)
    reads_nothing, config_changed = "0 added, 0 changed, 0 removed" in log, "configuration has changed" in log
    page = next(p for p in sorted(source.glob("*.md")) if p.stem != "index")
    unchanged, edit = rebuilds(source, page, out, doctrees, lesson_env, check=False, python=python)
    median_kb = None
    try:
        median_kb = statistics.median(page_weight.measure(out).values()) / 1000
    except Exception as exc:  # a page that never settles offline: the times still stand
        print(f"  (the lesson's page weight was not measured: {exc})")
    pages = len([p for p in out.rglob("*.html") if "_static" not in p.parts])
    return Lesson(checkout.name, pages, page.name, min(clean), unchanged, edit, reads_nothing, config_changed, median_kb)


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


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lesson", type=Path, default=os.environ.get("TP_BENCH_LESSON"),
                        help="a CodeRefinery lesson checkout to build side by side (or TP_BENCH_LESSON)")
    parser.add_argument("--lesson-python", default=os.environ.get("TP_BENCH_LESSON_PYTHON", sys.executable),
                        help="a Python with the lesson's requirements (or TP_BENCH_LESSON_PYTHON; default: this one)")
    return parser.parse_args()


def main() -> int:
    options = arguments()
    lesson_checkout = Path(options.lesson).resolve() if options.lesson else None
    if lesson_checkout is not None and not (lesson_source(lesson_checkout) / "conf.py").exists():
        print(f"--lesson {lesson_checkout}: no conf.py there or in its content/ folder: not a Sphinx lesson",
              file=sys.stderr)
        return 2
    if lesson_checkout is not None and shutil.which(options.lesson_python) is None:
        print(f"--lesson-python {options.lesson_python}: no such Python", file=sys.stderr)
        return 2
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
        lesson = lesson_row(lesson_checkout, options.lesson_python, root, env) if lesson_checkout else None
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

    if lesson is None:
        print("CodeRefinery lesson side by side: skipped (no lesson given: clone one, such as coderefinery/git-intro, "
              "install its requirements.txt in a virtual environment, and pass --lesson PATH --lesson-python "
              "VENV/bin/python, or set TP_BENCH_LESSON and TP_BENCH_LESSON_PYTHON)")
    else:
        site_pages = len(weights)
        print(f"CodeRefinery lesson {lesson.name} ({lesson.pages} pages) side by side, from the command line:")
        print(f"  clean build: site {times['site']:.2f} s ({site_pages} pages); lesson {lesson.clean:.2f} s")
        print(f"  nothing changed: site {cli_unchanged:.2f} s; lesson {lesson.unchanged:.2f} s "
              f"({'reads no page' if lesson.reads_nothing else 'reads pages again'}"
              f"{', says the configuration has changed' if lesson.config_changed else ''}); "
              f"ratio {cli_unchanged / lesson.unchanged:.2f}")
        print(f"  after editing one page: site {cli_edit:.2f} s ({EDITED_PAGE}); lesson {lesson.edit:.2f} s "
              f"({lesson.page}); ratio {cli_edit / lesson.edit:.2f}")
        if lesson.median_kb is not None:
            print(f"  median page weight: site {median_kb:.0f} KB; lesson {lesson.median_kb:.0f} KB; "
                  f"ratio {median_kb / lesson.median_kb:.2f}")

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
