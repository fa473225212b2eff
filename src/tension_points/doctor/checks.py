"""The checks, each returning one Result: what was checked, whether it passed, and the fix.

They check what a learner's first run needs, in the order a failure would bite: the
Python version, the kit's packages, JupyterLab, a folder to write the exercises into,
the port the Wizard of Oz screens use, git with a name and email to commit under (the
audit exercise commits its copy of the sample project), and a Jupyter kernel that really
runs a notebook which imports the kit (a kernel that does not start, or starts another
Python that lacks the kit, is the failure a room hits first).
"""

from __future__ import annotations

import importlib.metadata
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

DISTRIBUTION = "tension-points"
EXERCISES_EXTRA = "exercises"


def python_command() -> str:
    """This environment's Python, as a command: the fix must install into it, not into another Python."""
    return f'"{sys.executable}"' if " " in sys.executable else sys.executable


INSTALL_EXERCISES = f'{python_command()} -m pip install "{DISTRIBUTION}[{EXERCISES_EXTRA}]" (or the wheel, with [{EXERCISES_EXTRA}] after its name)'
KERNEL_TIMEOUT = 90  # seconds: a first kernel start on a slow laptop takes a while


@dataclass(frozen=True)
class Result:
    """One check. A note is something missing that no exercise needs (an exercise sets it for
    itself, or a tool has a way round it): said with its fix, never counted as a failure."""

    name: str
    ok: bool
    detail: str
    fix: str = ""
    note: bool = False

    @property
    def failed(self) -> bool:
        return not self.ok and not self.note

    def line(self) -> str:
        mark = "ok  " if self.ok else "note" if self.note else "FAIL"
        text = f"{mark}  {self.name}: {self.detail}"
        return text if self.ok else f"{text}. Fix: {self.fix}"


def requirements(extras: tuple[str, ...] = ("", EXERCISES_EXTRA)) -> list[tuple[Requirement, str]]:
    """The kit's own requirements for the base install and the exercises extra, with the extra each is in."""
    found = []
    try:
        declared = importlib.metadata.requires(DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:
        return found  # check_python reports a kit that is not installed
    for text in declared:
        requirement = Requirement(text)
        for extra in extras:
            if requirement.marker is None and extra == "" or requirement.marker and requirement.marker.evaluate({"extra": extra}):
                found.append((requirement, extra))
                break
    return found


def installed_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def check_python() -> Result:
    try:
        needed = importlib.metadata.metadata(DISTRIBUTION).get("Requires-Python") or ""
    except importlib.metadata.PackageNotFoundError:
        return Result("Python", False, f"the kit is not installed in this Python ({sys.executable})",
                      "install the kit's wheel with pip, as the Set up page shows, and run its tension-points")
    running = ".".join(map(str, sys.version_info[:3]))
    if SpecifierSet(needed).contains(running):
        return Result("Python", True, f"{running} (the kit needs {needed})")
    return Result("Python", False, f"{running} is running, the kit needs {needed}",
                  f"install Python {needed.lstrip('>=')} or later from python.org, then install the kit with it")


def check_packages() -> Result:
    missing = [(r, extra) for r, extra in requirements() if installed_version(r.name) is None]
    wrong = [(r, v) for r, _ in requirements() if (v := installed_version(r.name)) and not r.specifier.contains(v, prereleases=True)]
    if not requirements():
        return Result("packages", False, "the kit's own package metadata is missing", "install the kit's wheel with pip")
    if not missing and not wrong:
        return Result("packages", True, f"all {len(requirements())} packages the kit and its exercises need are installed")
    names = [r.name for r, _ in missing] + [f"{r.name} {v} (needs {r.specifier})" for r, v in wrong]
    return Result("packages", False, f"missing or wrong version: {', '.join(names)}", INSTALL_EXERCISES)


def check_jupyterlab() -> Result:
    version = installed_version("jupyterlab")
    scripts = Path(sys.executable).parent
    command = next((p for p in (scripts / "jupyter-lab", scripts / "jupyter-lab.exe") if p.exists()), None)
    command = command or shutil.which("jupyter-lab")
    if version and command:
        return Result("JupyterLab", True, f"{version} ({command})")
    if version:
        return Result("JupyterLab", False, f"{version} is installed but its jupyter-lab command is not found",
                      f"run it as {python_command()} -m jupyterlab, or reinstall: {INSTALL_EXERCISES}")
    return Result("JupyterLab", False, "not installed", INSTALL_EXERCISES)


def check_writable(folder: Path) -> Result:
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".tp-doctor-"):
            pass
    except OSError as exc:
        return Result("folder", False, f"cannot write in {folder} ({exc.strerror or exc})",
                      "run the command from a folder of your own (your home folder or Documents), or name one with --folder")
    return Result("folder", True, f"{folder} is writable (tension-points exercises copies the notebooks here)")


def check_port(port: int) -> Result:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return Result("port", False, f"{port} on 127.0.0.1 is in use; the exercises do not need it, the Wizard of Oz screens listen there",
                          f"stop the program using it, or start the screens with --port 0 (any free port)", note=True)
    return Result("port", True, f"{port} on 127.0.0.1 is free for the Wizard of Oz screens")


GIT_IDENTITY_FIX = ('git config --global user.name "Your Name" and git config --global user.email you@example.com '
                    "for all your projects (or, for one project only, the same two commands without --global inside it, as the audit exercise does)")


def check_git(folder: Path) -> Result:
    """git is installed and knows who is committing: `git commit` stops with "Please tell me who you are" otherwise."""
    git = shutil.which("git")
    if git is None:
        return Result("git", False, "git is not installed (the audit exercise versions its copy of the sample project)",
                      "install Git from https://git-scm.com/downloads (on Debian or Ubuntu: sudo apt install git)")
    try:
        version = subprocess.run([git, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
        # The identity git would commit under here, by git's own rules (config, environment, strict checks).
        ident = subprocess.run([git, "var", "GIT_COMMITTER_IDENT"], capture_output=True, text=True, cwd=folder, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Result("git", False, f"git did not answer ({exc})", "reinstall Git from https://git-scm.com/downloads")
    if ident.returncode != 0:
        # Not a failure: the audit exercise sets a name and email for its own copy of the project.
        return Result("git", False, f"{version.removeprefix('git version ')} is installed, with no name and email to commit under yet "
                      "(the audit exercise sets them for its own copy; nothing else needs them)", GIT_IDENTITY_FIX, note=True)
    who = ident.stdout.rsplit(">", 1)[0] + ">"
    return Result("git", True, f"{version.removeprefix('git version ')}, commits as {who}")


KERNEL_PROBE = "import sys, matplotlib, tension_points.exercises.handoffs\nprint(sys.executable)"


def check_kernel() -> Result:
    try:
        import nbformat
        from nbclient import NotebookClient  # nbconvert's executor: what `jupyter nbconvert --execute` runs
    except ImportError:
        return Result("kernel", False, "nbconvert is not installed, so no notebook can be run", INSTALL_EXERCISES)
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(KERNEL_PROBE)])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    fix = (f"make the python3 kernel this environment's: {python_command()} -m ipykernel install "
           "--user --name python3, then run tension-points doctor again")
    with tempfile.TemporaryDirectory(prefix="tp-doctor-") as workdir:
        # The kernel's own messages go to a file: shown only when it fails, not as noise when it works.
        kernel_log = Path(workdir) / "kernel.log"
        try:
            with kernel_log.open("w") as log:
                client = NotebookClient(notebook, timeout=KERNEL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": workdir}})
                client.execute(stderr=log)
        except Exception as exc:  # the kernel's own error, whatever its type: report it, with the fix
            said = kernel_log.read_text(errors="replace").strip().splitlines()
            reason = " ".join(str(exc).split()) or type(exc).__name__
            last_words = f"; the kernel said: {said[-1][:200]}" if said else ""
            return Result("kernel", False, f"a test notebook did not run ({reason[-200:]}{last_words})", fix)
    outputs = notebook.cells[0].outputs
    kernel_python = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream").strip()
    return Result("kernel", True, f"a test notebook ran and imported the kit (kernel: {kernel_python or 'unknown'})")
