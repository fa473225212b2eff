"""Where a report may be written: never inside the audited folder, never over a file without ``--force``.

The audit promises to leave the audited project as it found it. A report path
is compared with the project after resolving symlinks on both sides, and as
typed, so neither ``project/requirements.txt`` nor a link that leads there can
be written. An existing file is replaced only when asked (``--force``), and
then through a temporary file renamed into place, so a failure leaves the old
file whole.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tension_points.errors import UserError


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def refuse_inside(output: Path, audited: Path) -> None:
    """One line and exit 2 when ``output`` is, or leads, inside ``audited`` (a folder)."""
    typed = Path(os.path.abspath(output))
    try:
        resolved = output.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the write would fail anyway, say so below
        resolved = typed
    folders = {Path(os.path.abspath(audited)), audited.resolve()}
    if any(_inside(path, folder) for path in (typed, resolved) for folder in folders):
        raise UserError(f"{output}: inside the audited folder {audited}; the audit never writes into the project it "
                        "audits: write the report elsewhere (e.g. ../audit-report.md)")


def refuse_overwrite(output: Path, force: bool) -> None:
    """An existing regular file (or a link to one) is replaced only with ``--force``."""
    if not force and output.is_file():
        raise UserError(f"{output}: already exists; add --force to replace it")


def write_report(path: Path, data: bytes, *, force: bool) -> None:
    """Write the report to a regular file through a temporary file moved into place: a failure leaves
    whatever was there before, never an empty or half-written file. Without ``force`` the move cannot
    replace a file that appeared meanwhile (a hard link fails if the name exists). Anything that is not a
    regular file (/dev/null, a pipe) is written to directly: renaming over it would replace the device."""
    if path.is_dir():
        raise UserError(f"{path}: cannot write: is a folder")
    if path.exists() and not path.is_file():
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError as exc:
            raise UserError(f"{path}: cannot write ({exc.strerror})") from None
        return
    refuse_overwrite(path, force)
    target = path.resolve() if path.is_symlink() else path  # keep the symlink, replace what it points to
    folder = target.parent
    if not folder.is_dir():
        raise UserError(f"{path}: cannot write: folder {folder} does not exist")
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise UserError(f"{path}: cannot write ({exc.strerror})") from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask()
        os.chmod(temporary, mode)
        _move_into_place(temporary, target, force)
    except FileExistsError:
        raise UserError(f"{path}: already exists; add --force to replace it") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot write ({exc.strerror})") from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def _move_into_place(temporary: str, target: Path, force: bool) -> None:
    if force:
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)  # fails with FileExistsError instead of replacing
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: the check above is all we have
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(temporary, target)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
