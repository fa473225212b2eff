"""Command lines in print read as typed: a command too long for the printed line is broken before
an option, with a shell's continuation (`` \\``) and the rest indented, not by LaTeX's wrap with
its visible space and hook marks ("--format␣ ,→md"), which a reader would type.

Only the PDF changes: the site scrolls a long line and copies it whole. Lines that are not
commands (a program's output, a listing of code) still wrap at the margin with LaTeX's marks,
which tell a reader of Python that the line goes on.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

from tension_points.sphinxext.post_transforms import ResolvedPageTransform

# Characters of a code line that fit the handbook's printed line at the literal block's size,
# less a margin for blocks indented in a list or a box (the Wizard of Oz script's are two deep).
WIDTH = 68
INDENT = "    "
# A line that is a command a reader types: the kit's tools, make, pip, python, git, with or
# without a "$ " prompt.
COMMAND = re.compile(r"^\s*(\$ )?(tension-points|make|pip|python3?|\.venv/bin/\S+|git|cd|unzip|curl)\b")


def break_command(line: str, width: int = WIDTH) -> list[str]:
    """The line as the shell reads it, in lines of at most ``width`` characters where it can:
    broken at the last space before the width that starts an option (or at any space when no
    option starts there), each line but the last ending in " \\" and the rest indented under it.
    A word longer than the line stays whole on a line of its own."""
    lead = line[: len(line) - len(line.lstrip())]
    out, rest = [], line
    for _ in range(len(line)):  # each turn shortens the rest: at most this many
        if len(rest) <= width:
            break
        body = len(rest) - len(rest.lstrip())  # break only after the first word past the indentation
        first_word = rest.find(" ", body)
        limit = width - 2  # room for " \\"
        spaces = [at for at in unquoted_spaces(rest) if first_word <= at <= limit and at > body]
        options = [at for at in spaces if rest[at + 1:at + 2] == "-"]
        at = (options or spaces or [None])[-1]
        if at is None or at <= body:
            break
        out.append(rest[:at].rstrip() + " \\")
        rest = lead + INDENT + rest[at + 1:].lstrip()
    return out + [rest]


def unquoted_spaces(text: str) -> list[int]:
    """Where the shell splits words: spaces outside quotes (a break inside quotes changes the value)."""
    spaces, quote = [], ""
    for at, char in enumerate(text):
        if char in "'\"" and (not quote or quote == char):
            quote = "" if quote else char
        elif char == " " and not quote:
            spaces.append(at)
    return spaces


def rewrap(text: str, width: int = WIDTH) -> str:
    lines = []
    for line in text.split("\n"):
        lines += break_command(line, width) if COMMAND.match(line) and len(line) > width else [line]
    return "\n".join(lines)


class BreakCommandLines(ResolvedPageTransform):
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        for block in list(self.document.findall(nodes.literal_block)):
            text = block.astext()
            wrapped = rewrap(text)
            if wrapped != text:
                block.children = [nodes.Text(wrapped)]
                block.rawsource = wrapped


def setup(app: Sphinx) -> dict:
    app.add_post_transform(BreakCommandLines)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
