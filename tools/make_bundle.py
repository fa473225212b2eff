"""Write the offline bundle: one zip a facilitator copies to a USB stick for a room without internet.

Usage (make bundle runs it): python tools/make_bundle.py --site _build/html --dist _build/dist
    --output _build/tension-points-offline.zip --wheelhouse _build/wheelhouse [--target PLATFORM:PYTHON ...]

The zip holds one folder, tension-points-offline/, with:

- site/       the web site, opened from file:// (site/index.html); its downloads/ folder holds
              the three PDFs and the kit's wheel (not this zip, which the published site offers),
              its _notebooks/ folder the notebooks;
- wheels/     the kit's wheel and every wheel it needs with JupyterLab, so
              pip install --no-index --find-links wheels "tension-points[exercises]" needs no network;
- exercises/  the notebooks with their example data, as `tension-points exercises` writes them;
- README.txt  what to do with it.

The dependency wheels are fetched by pip (network or pip's cache) into --wheelhouse, once
until constraints.txt, pyproject.toml or the targets change, for this machine's platform and Python; each --target adds another platform and Python version, for a
room of mixed laptops (for example --target win_amd64:3.12 --target macosx_11_0_arm64:3.12).
The zip is reproducible: entries sorted, timestamps from SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TOP = "tension-points-offline"
README = """\
Tension Points, offline
=======================

Everything here works with no network.

Read the course:   open site/index.html in a web browser (double-click it).
                   The PDFs are in site/downloads/.
Install the kit:   on a computer listed under "Which computers it installs on"
                   below, from this folder:

  Linux, macOS:    python3 -m venv ~/tension-points
                   ~/tension-points/bin/python -m pip install --no-index --find-links wheels "tension-points[exercises]"
                   ~/tension-points/bin/tension-points doctor

  Windows:         py -m venv $HOME\\tension-points
                   & $HOME\\tension-points\\Scripts\\python -m pip install --no-index --find-links wheels "tension-points[exercises]"
                   & $HOME\\tension-points\\Scripts\\tension-points doctor

Open the exercises: copy them into a folder of your own, then start JupyterLab there
                   (a copy is also in exercises/ here, to read).

  Linux, macOS:    ~/tension-points/bin/tension-points exercises ~/tension-points-exercises
                   cd ~/tension-points-exercises && ~/tension-points/bin/jupyter lab

  Windows:         & $HOME\\tension-points\\Scripts\\tension-points exercises $HOME\\tension-points-exercises
                   cd $HOME\\tension-points-exercises; & $HOME\\tension-points\\Scripts\\jupyter lab

Which computers it installs on
------------------------------
Some of the wheels are compiled, so they install only on these systems and Python versions:

{targets}

To see yours: `python3 --version` (Windows: `py --version`) and
`python3 -c "import platform; print(platform.system(), platform.machine())"`
(x86_64 or AMD64 is a 64-bit Intel or AMD processor; arm64 or aarch64 is ARM, such as Apple silicon).

If yours differs, pip stops with "No matching distribution found". Then:
- with another Python version: install one listed above beside it and make the
  environment with that one (for example python{python} -m venv ~/tension-points);
- with internet: install from the course site's Set up page instead (pip fetches the
  wheels for your system);
- otherwise: ask whoever made this bundle for one that includes your system, or take the
  paper route on the Set up page (site/exercises/setup.html): every exercise works on paper.
"""

OPERATING_SYSTEMS = {"linux": "Linux", "manylinux": "Linux", "musllinux": "Linux (musl, such as Alpine)",
                     "win": "Windows", "macosx": "macOS"}
PROCESSORS = {"x86_64": "a 64-bit Intel or AMD processor (x86_64)", "amd64": "a 64-bit Intel or AMD processor (x86_64)",
              "aarch64": "a 64-bit ARM processor (aarch64)", "arm64": "Apple silicon (M1 or later)",
              "universal2": "Apple silicon or Intel", "win32": "a 32-bit Intel or AMD processor"}


def describe_target(platform: str, python: str) -> str:
    """A pip platform tag and Python version as a learner reads them:
    ("macosx_11_0_arm64", "3.12") -> "macOS 11 or later on Apple silicon (M1 or later), Python 3.12"."""
    platform = platform.replace("-", "_").replace(".", "_").lower()
    system = next((name for prefix, name in OPERATING_SYSTEMS.items() if platform.startswith(prefix)), platform)
    processor = next((name for suffix, name in PROCESSORS.items() if platform.endswith(suffix)), "")
    if system == "macOS" and (version := platform.split("_")[1:3]) and version[0].isdigit():
        system += f" {version[0]}{'.' + version[1] if version[0] == '10' else ''} or later"
    return f"- {system}{' on ' + processor if processor else ''}, Python {python} (any {python}.x)"


def describe_targets(targets: list[str]) -> str:
    """This machine's system and Python first (pip fetched its wheels), then each --target."""
    here = (sysconfig.get_platform(), f"{sys.version_info[0]}.{sys.version_info[1]}")
    return "\n".join(describe_target(*pair) for pair in [here, *(t.split(":", 1) for t in targets)])


def without_links_to_itself(html: str, zip_name: str) -> str:
    """A page of the bundle's copy of the site, its links to the bundle itself made plain text that
    says where the learner already has it: the copy cannot hold the zip it is inside."""
    link = re.compile(rf'<a [^>]*href="(?:\.\./)*downloads/{re.escape(zip_name)}"[^>]*>(.*?)</a>', re.S)
    return link.sub(r'<span class="tp-download">\1 (the zip this copy of the site came in)</span>', html)


def explain_links_to_itself(site: Path, zip_name: str) -> None:
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if zip_name in html:
            page.write_text(without_links_to_itself(html, zip_name), encoding="utf-8")


def fetch_wheels(kit_wheel: Path, wheelhouse: Path, targets: list[str]) -> None:
    """The kit's dependencies with the exercises extra, binary wheels only (no compiler offline).

    They are kept in ``wheelhouse`` (under _build/) and fetched again only when what decides
    them changes (constraints.txt, pyproject.toml, the targets): after the first bundle,
    `make bundle` and `make test` need no network.
    """
    stamp = hashlib.sha256()
    for source in (REPO / "constraints.txt", REPO / "pyproject.toml"):
        stamp.update(source.read_bytes())
    stamp.update(" ".join(targets).encode())
    stamp_file = wheelhouse / ".fetched"
    if stamp_file.exists() and stamp_file.read_text() == stamp.hexdigest():
        return
    shutil.rmtree(wheelhouse, ignore_errors=True)
    base = [sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:", "-d", str(wheelhouse),
            "-c", str(REPO / "constraints.txt"), f"{kit_wheel}[exercises]"]
    runs = [base] + [base + ["--platform", platform, "--python-version", python, "--implementation", "cp"]
                     for platform, python in (t.split(":", 1) for t in targets)]
    for command in runs:
        run = subprocess.run(command, capture_output=True, text=True)
        if run.returncode != 0:
            raise SystemExit(f"make_bundle: pip download failed for {' '.join(command[-6:])}:\n{run.stderr[-2000:]}")
    stamp_file.write_text(stamp.hexdigest())


def copy_wheels(kit_wheel: Path, wheelhouse: Path, target: Path) -> None:
    """The dependencies from the wheelhouse, and the kit's wheel as make dist built it just now."""
    target.mkdir(parents=True)
    for wheel in sorted(wheelhouse.glob("*.whl")):
        if not wheel.name.startswith("tension_points-"):
            shutil.copyfile(wheel, target / wheel.name)
    shutil.copyfile(kit_wheel, target / kit_wheel.name)


def copy_exercises(kit_wheel: Path, target: Path) -> None:
    """The learner's exercise folder, written by the wheel's own `tension-points exercises`."""
    with tempfile.TemporaryDirectory(prefix="tp-bundle-") as unpacked:
        with zipfile.ZipFile(kit_wheel) as wheel:
            wheel.extractall(unpacked)
        env = {**os.environ, "PYTHONPATH": unpacked}
        env.pop("TP_COURSE_DIR", None)
        run = subprocess.run([sys.executable, "-m", "tension_points", "exercises", str(target)],
                             env=env, capture_output=True, text=True, cwd=unpacked)
        if run.returncode != 0:
            raise SystemExit(f"make_bundle: tension-points exercises failed: {run.stderr.strip()}")


def write_zip(folder: Path, output: Path) -> None:
    stamp = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH", "315532800")))[:6]
    partial = output.with_suffix(".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{TOP}/{path.relative_to(folder).as_posix()}", date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    partial.replace(output)


def main() -> int:
    parser = argparse.ArgumentParser(description="Write the offline bundle (see the module docstring).")
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--dist", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--wheelhouse", type=Path, required=True, help="where the dependency wheels are kept between bundles")
    parser.add_argument("--target", action="append", default=[], metavar="PLATFORM:PYTHON")
    args = parser.parse_args()
    wheels_built = sorted(args.dist.glob("tension_points-*.whl"))
    if not (args.site / "downloads").is_dir() or len(wheels_built) != 1:
        print("make_bundle: build the site with its downloads and one wheel first (make)", file=sys.stderr)
        return 2
    kit_wheel = wheels_built[0]
    with tempfile.TemporaryDirectory(prefix="tp-bundle-") as staging:
        folder = Path(staging) / TOP
        # Not the bundle itself, which the site offers: on the stick, it is the zip you opened.
        shutil.copytree(args.site, folder / "site", ignore=shutil.ignore_patterns(".buildinfo", ".doctrees", args.output.name))
        explain_links_to_itself(folder / "site", args.output.name)
        fetch_wheels(kit_wheel, args.wheelhouse, args.target)
        copy_wheels(kit_wheel, args.wheelhouse, folder / "wheels")
        copy_exercises(kit_wheel, folder / "exercises")
        readme = README.format(targets=describe_targets(args.target), python=f"{sys.version_info[0]}.{sys.version_info[1]}")
        (folder / "README.txt").write_text(readme, encoding="utf-8")
        args.output.parent.mkdir(parents=True, exist_ok=True)
        write_zip(folder, args.output)
    size = args.output.stat().st_size / 1e6
    print(f"{args.output}: {size:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
