"""Reading and writing the user's text files, with one clear message for every failure.

Every tool reads a file the user named (a data file, a log, a report) or writes one
(a report, an agenda); each failure becomes a UserError naming the file and the problem.
"""

from __future__ import annotations

import os
from pathlib import Path

from tension_points.errors import UserError


def read_text(path: Path | str, expected: str = "a text file") -> str:
    """The file's text; ``expected`` says what it should have been, for the message."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise UserError(f"{path}: is a folder, expected {expected}") from None
    except UnicodeDecodeError:
        raise UserError(f"{path}: not UTF-8 text, so not {expected}") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot read ({exc.strerror})") from None


def write_text(path: Path | str, text: str) -> None:
    """Write a file the user asked for by name (``--output``)."""
    path = Path(path)
    try:
        path.write_text(text, encoding="utf-8")
    except FileNotFoundError:
        raise UserError(f"{path}: cannot write: folder {path.parent} does not exist") from None
    except IsADirectoryError:
        raise UserError(f"{path}: cannot write: is a folder") from None
    except OSError as exc:
        raise UserError(f"{path}: cannot write ({exc.strerror})") from None


def private(path: str, flags: int) -> int:
    """An ``opener`` for ``open()``: a file the call creates is readable by its owner only (0600),
    like the room file, because it holds what people answered."""
    return os.open(path, flags, 0o600)
