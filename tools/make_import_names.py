"""Make the audit's import-name to distribution table from two maintained public datasets.

  * pigar's database of the top-level module names of every distribution on PyPI
    (pigar 2.2.0, BSD 3-Clause, https://github.com/damnever/pigar: `pigar/.db.sqlite3`
    in its wheel), which answers "which distributions install `import X`?";
  * hugovk/top-pypi-packages (`top-pypi-packages.min.json`), the 15,000 most
    downloaded distributions, which bounds the table to what projects declare and
    orders the candidates when a name is installed by several.

Only distributions whose top-level names are not simply their own name are kept
(scikit-learn installs `sklearn`; numpy installs `numpy` and needs no row): the
audit treats a name that matches a declared distribution as declared anyway.

    pip download --no-deps pigar==2.2.0 && unzip pigar-2.2.0-py3-none-any.whl 'pigar/.db.sqlite3'
    python tools/make_import_names.py pigar/.db.sqlite3 top-pypi-packages.min.json \
        > src/tension_points/data/audit/import_names.tsv
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main(database: str, ranking: str) -> int:
    top = json.load(open(ranking, encoding="utf-8"))
    ranked = [normalise(row["project"]) for row in top["rows"]]
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    ids = {normalise(name): (identifier, name) for identifier, name in connection.execute("SELECT id, name FROM distributions")}
    print(f"# import names of the {len(ranked)} most downloaded PyPI distributions, from pigar 2.2.0's database and")
    print(f"# hugovk/top-pypi-packages ({top['last_update'][:10]}); made by tools/make_import_names.py. Most downloaded first.")
    print("# distribution<TAB>top-level import names (space-separated)")
    for name in ranked:
        if name not in ids:
            continue
        identifier, _ = ids[name]
        modules = sorted({row[0] for row in connection.execute(
            "SELECT name FROM top_level_module_names WHERE distribution_id = ?", (identifier,))})
        modules = [m for m in modules if m.isidentifier() and not m.startswith("_") and "__mypyc" not in m
                   and m not in ("test", "tests")]
        if modules and [normalise(m) for m in modules] != [name]:
            print(f"{name}\t{' '.join(modules)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
