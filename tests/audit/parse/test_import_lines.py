"""A module's import lines read in one pass give what the two passes they replaced gave.

The audit parses a Python module only when a cheap look finds something a check needs; a module it
does not parse keeps its imports, read from the shape of its lines. Those were two regular-expression
passes (is an import from outside? which imports?); now one (``imports_unless_worth_parsing``). The
two passes are kept here, as they were, and both answers must agree on every line shape below and on
the Python files of the installed packages.
"""

from __future__ import annotations

import itertools
import random
import re
import sysconfig
import time
from pathlib import Path

from tension_points.audit.facts import EMPTY_PYTHON, IMPORT_LINE, PARSE_MARKERS, import_lines, imports_unless_worth_parsing
from tension_points.audit.knowledge.packages import ALWAYS_THERE
from tension_points.audit.parse.pyfacts import Import, PythonFacts

# --- The two passes, as they were before (src/tension_points/audit/facts.py at 99ddfae) ---------------
IMPORT_STATEMENT = re.compile(r"(?m)^[ \t]*(?:from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\(?([\w \t,*]+)|import[ \t]+([\w.]+))")
IMPORT_TOP = re.compile(r"(?m)^[ \t]*(?:from[ \t]+([A-Za-z_]\w*)|import[ \t]+([A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_][\w.]*)*))")


def imports_only(text: str) -> PythonFacts:
    if "import" not in text:
        return EMPTY_PYTHON
    found = PythonFacts()
    for match in IMPORT_STATEMENT.finditer(text):
        dots, module, names, plain = match.groups()
        line = text.count("\n", 0, match.start()) + 1
        if plain:
            found.imports.append(Import(plain, line))
        elif dots:
            found.local_imports += [(len(dots), f"{module}.{n.strip()}" if module and n.strip() != "*" else module or n.strip())
                                    for n in names.split(",") if n.strip().isidentifier() or n.strip() == "*" and module]
        elif module:
            found.imports.append(Import(module, line))
    return found


def worth_parsing(text: str, own_modules: frozenset[str]) -> bool:
    for marker in PARSE_MARKERS:
        if marker in text:
            return True
    if "import" not in text:
        return False
    for first, listed in IMPORT_TOP.findall(text):
        if first:
            if first not in ALWAYS_THERE and first not in own_modules:
                return True
            continue
        for part in listed.split(","):
            name = part.strip().split(".", 1)[0]
            if name not in ALWAYS_THERE and name not in own_modules:
                return True
    return False


def two_passes(text: str, own: frozenset[str]) -> PythonFacts | None:
    return None if worth_parsing(text, own) else imports_only(text)


# --- Line shapes, the odd ones included ------------------------------------------------------------
OWN = frozenset({"mypkg", "helpers", "import"})
LINES = [
    "import os", "import os, sys", "import os.path, sys", "import os , json", "import mypkg", "import numpy",
    "import os, numpy", "import os.path, numpy", "import 3d", "import os as o", "import\tos", "  import os",
    "\timport json, mypkg.sub", "import é", "importos", "imports os", "import", "import ", "import os,",
    "from os import path", "from os.path import join, exists", "from . import x", "from .. import a, b",
    "from .mod import (a, b", "from .mod import *", "from . import *", "from ..pkg.sub import name as other",
    "from mypkg import thing", "from numpy import array", "from  import x", "from \t import x, y",
    "from import x", "from imports import x", "from import.x import y", "from here on we stop",
    "from", "from ", "from 3d import x", "from é import x", "from os import", "from os import ", "from os import (",
    "from os import (\n    path,\n)", "from os import path  # numpy", "fromage", "  from json import loads",
    "from __future__ import annotations", "from typing import TYPE_CHECKING", "from os import a, 1b, *, c d",
    "x = 1", "# import numpy", 'path = "C:\\\\data"', 'path = "a\\\\b"', "home = '~/data'", "x = a / b", "url = 'http://x'",
    "p = '/home/me'", "t = 'a:b'", '"""import numpy"""', "print('from numpy import x')", "", "if x:\n    import math",
]


def test_every_line_shape_alone_and_in_pairs_gives_what_the_two_passes_gave():
    for first, second in itertools.product(LINES, repeat=2):
        text = f'"""Module."""\n{first}\n\n{second}\n'
        for own in (frozenset(), OWN):
            assert imports_unless_worth_parsing(text, own) == two_passes(text, own), text


def test_random_modules_of_those_lines_give_what_the_two_passes_gave():
    generator = random.Random(24)
    for _ in range(3000):
        text = "\n".join(generator.choice(LINES) for _ in range(generator.randint(0, 12)))
        text += generator.choice(["", "\n", "\r\n", "\nx = 1\n"])
        for own in (frozenset(), OWN):
            assert imports_unless_worth_parsing(text, own) == two_passes(text, own), text


def test_the_lines_tried_are_every_line_the_pattern_matches():
    """import_lines tries the pattern only on lines holding `import` or `from`: it finds what finditer finds."""
    generator = random.Random(8)
    texts = ["", "import", "from", "x\nfrom", "fromimport\nimport os", "a = 1  # from here\nfrom x import y"]
    texts += ["\n".join(generator.choice(LINES) for _ in range(generator.randint(0, 12))) for _ in range(3000)]
    for text in texts:
        assert [(m.start(), m.groups()) for m in import_lines(text)] == [
            (m.start(), m.groups()) for m in IMPORT_LINE.finditer(text)], text


def test_a_megabyte_of_import_lines_without_from_is_read_in_linear_time():
    """A word not found is never searched for again (searching again for `from` at every line of 40,000 took 10 s)."""
    text = "import alpha, beta, gamma\n" * 40_000
    start = time.perf_counter()
    assert sum(1 for _ in import_lines(text)) == 40_000
    assert time.perf_counter() - start < 2


def test_a_module_with_none_of_it_is_the_shared_empty_facts_and_a_marker_means_parse():
    assert imports_unless_worth_parsing("x = 1\n", frozenset()) is EMPTY_PYTHON
    assert imports_unless_worth_parsing("import os\nrandom_state = 1\n", frozenset()) is None
    facts = imports_unless_worth_parsing("import os\n\nfrom . import util\n", frozenset())
    assert facts.imports == [Import("os", 1)] and facts.local_imports == [(1, "util")]


def test_the_installed_packages_python_files_give_what_the_two_passes_gave():
    """Thousands of real modules, of every style (the standard library's own and the kit's dependencies')."""
    folders = {Path(sysconfig.get_paths()[key]) for key in ("stdlib", "purelib")}
    compared = 0
    for folder in sorted(folders):
        for path in sorted(folder.rglob("*.py"))[:6000]:
            try:
                text = path.read_text("utf-8", errors="replace")
            except OSError:
                continue
            # with no marker words, so that the import lines decide (as on the audit's benchmark)
            bare = text
            for marker in PARSE_MARKERS:
                bare = bare.replace(marker, "")
            own = frozenset({path.stem, path.parent.name})
            for variant in (text, bare):
                assert imports_unless_worth_parsing(variant, own) == two_passes(variant, own), path
            compared += 1
    assert compared > 1000
