"""Code checks: unseeded randomness (in the pipeline, and apart in tests), absolute paths, hard-coded secrets.

Seeding is resolved across the project: a function that seeds (``def
seed_all(): ...``) seeds wherever it is called, notebooks included. Secrets
are found in every text file and notebook, and reported by kind only.
"""

from __future__ import annotations

import re

from tension_points.audit.checks import check, facts
from tension_points.audit.facts import RANDOM_CODE_SUFFIXES, ProjectFacts, in_folders
from tension_points.audit.knowledge import randomness
from tension_points.audit.knowledge.paths import container_prefixes, machine_paths
from tension_points.audit.model import Fact, Finding, Location
from tension_points.audit.read.walker import decode_text, read_prefix

RANDOMNESS, TEST_RANDOMNESS = "code-unseeded-randomness", "code-test-randomness"


def _modules(found: ProjectFacts, tests: bool):
    return [u for u in found.checked_units if u.notebook is None and u.test == tests]


def _randomness(found: ProjectFacts, check_id: str, tests: bool) -> list[Finding] | None:
    modules = _modules(found, tests)
    set_aside = found.template_folders + found.retired
    scripts = [f for f in found.files_of(suffixes=RANDOM_CODE_SUFFIXES) if _is_test(found, f.rel) == tests
               and not in_folders(f.rel, set_aside)]
    if not modules and not scripts:
        return None
    findings = [Finding(check_id, draw.kind, draw.message, Location(draw.rel, draw.line)) for draw in found.other_draws
                if draw.cell is None and _is_test(found, draw.caller or draw.rel) == tests]  # run unseeded by a test: the test's
    if tests:
        findings += _timing_assertions(modules)
    uncalled = _uncalled_functions(found) if not tests else {}
    for unit in modules:
        drawn_seeds, seed_lines = [], ()  # most modules draw no seed: no lists made for them
        if unit.python.drawn_seeds:
            drawn_seeds = [(line, called, randomness.drawn_seed(unit.resolve(called))) for line, called in unit.python.drawn_seeds]
            drawn_seeds = [(line, called, drawn) for line, called, drawn in drawn_seeds if drawn]
            seed_lines = {line for line, _, _ in drawn_seeds}
        for found_draw, call, message, severity in randomness.judged_draws(unit, found.seeding)[0]:
            if call.scope is not None and call.scope in uncalled.get(unit.rel, ()):
                continue  # in a function nothing runs: it cannot change a result (listed in the report's facts)
            if call.line in seed_lines:
                continue  # SEED = random.random(): said once, as the seed it is
            if found.kind.library and not tests and found_draw.family in ("numpy", "random") and not found_draw.construction \
                    and found_draw.kind in ("numpy.random without a seed", "random module without a seed"):
                message, severity = _library_draw(found_draw), severity or "low"
            findings.append(Finding(check_id, found_draw.kind, message, unit.location(call.line), severity=severity))
        for line, called, drawn in drawn_seeds:
            findings.append(Finding(check_id, "seed drawn at random",
                                    f"the seed is itself drawn afresh ({called}(), {drawn}): each run that takes this path "
                                    "uses a new seed, so its results cannot be repeated unless the seed is recorded with them",
                                    unit.location(line)))
    return findings


def _library_draw(draw) -> str:
    """A library drawing from the global generator: seeding inside the library would be wrong (it would reset its
    users' generator); what matters is that each call moves its users' random numbers, and its own results vary."""
    generator = "NumPy's global generator" if draw.family == "numpy" else "the random module's global generator"
    fix = "np.random.default_rng(seed)" if draw.family == "numpy" else "random.Random(seed)"
    return (f"{draw.kind.split(' without', 1)[0]} draws from {generator} inside the library: each call moves its users' "
            f"random numbers (a seeded analysis draws different numbers after calling it), and its own choices vary from "
            f"run to run; give it its own generator ({fix}, the seed a parameter)")


# Files where a function's name shows it is used: code, notebooks, configuration naming it (Hydra's _target_, setup.py's
# entry points, a Makefile's python -c), documentation telling the reader to call it.
REFERENCE_SUFFIXES = frozenset({".py", ".pyx", ".ipynb", ".md", ".rst", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".sh",
                                ".r", ".jl"})  # not .json or .txt: data more often than code, and large
REFERENCE_READ_LIMIT = 2 * 1024 * 1024


def _imported_modules(found: ProjectFacts) -> set[str]:
    """Every dotted name the project's code imports, with each of its prefixes (from utils import process: utils,
    utils.process)."""
    names: set[str] = set()
    for unit in found.units:
        for value in (*(i.module for i in unit.python.imports), *unit.python.aliases.values(),
                      *(module for _, module in unit.python.local_imports)):
            parts = value.split(".")
            names.update(".".join(parts[:end]) for end in range(1, len(parts) + 1))
    return names


def _uncalled_functions(found: ProjectFacts) -> dict[str, set[str]]:
    """Functions that draw unseeded and that nothing in the project names but their own definition, in a module the
    project imports: dead code (an unused load_random_data() beside the loaders the scripts call), which no run of the
    project executes. Not in a module nothing imports (a framework, a notebook elsewhere may call it), not in a library (its functions are for its
    users to call), nor a method, a decorated function (a route, a fixture, a command: a framework calls it), or a
    name exported in __all__. Worked out once: the checks and the report's facts ask."""
    cached = getattr(found, "_uncalled", None)
    if cached is not None:
        return cached
    result: dict[str, set[str]] = {}
    found._uncalled = result
    if found.kind.library:
        return result
    candidates: dict[str, set[str]] = {}
    imported = None  # worked out only once a module has a draw to judge (most modules draw nothing)
    for unit in found.checked_units:
        if unit.notebook is not None or unit.test or not unit.rel.endswith(".py"):
            continue
        draws = randomness.judged_draws(unit, found.seeding)[0]
        if not draws:
            continue
        if imported is None:
            imported = _imported_modules(found)
        dotted = unit.rel[:-3].removesuffix("/__init__").split("/")
        if not any(".".join(dotted[start:]) in imported for start in range(len(dotted))):
            continue  # a module nothing in the project imports: what calls its functions is not in view
        for _, call, _, _ in draws:
            function = unit.python.functions.get(call.scope) if call.scope else None
            if function is not None and not call.scope.startswith("__") and function.parameters[:1] not in (("self",), ("cls",)):
                candidates.setdefault(call.scope, set()).add(unit.rel)
    if not candidates:
        return result
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in sorted(candidates)) + r")\b")
    counts: dict[str, int] = dict.fromkeys(candidates, 0)
    texts: dict[str, str] = {}
    defining = {rel for rels in candidates.values() for rel in rels}
    for file in found.files:
        if file.suffix not in REFERENCE_SUFFIXES and file.name not in ("Makefile", "Snakefile", "Dockerfile"):
            continue
        try:
            text = decode_text(read_prefix(file, REFERENCE_READ_LIMIT))
        except OSError:
            return result  # a file not read may name it: nothing is set aside
        if not text:
            continue
        for match in pattern.finditer(text):
            counts[match.group(0)] += 1
        if file.rel in defining:
            texts[file.rel] = text
        if all(count > 1 for count in counts.values()) and defining <= texts.keys():
            break  # every candidate is named beyond its definition: no need to read on
    for name, rels in candidates.items():
        if counts[name] != 1 or len(rels) != 1:
            continue  # named elsewhere (called, passed, configured, documented), or defined twice
        (rel,) = rels
        text = texts.get(rel, "")
        definition = re.search(rf"(?m)^([ \t]*)(?:async[ \t]+)?def[ \t]+{re.escape(name)}\b", text)
        if definition is None or definition.group(1):
            continue  # not a module-level function (nested, or a method)
        before = text[:definition.start()].rstrip().rsplit("\n", 1)[-1].lstrip()
        if before.startswith("@") or re.search(r"__all__", text):
            continue  # a framework calls it, or the module exports it
        result.setdefault(rel, set()).add(name)
    return result


CLOCKS = frozenset({"time.time", "time.perf_counter", "time.monotonic", "time.process_time", "time.time_ns",
                    "time.perf_counter_ns", "time.monotonic_ns", "timeit.default_timer", "datetime.datetime.now"})
ORDER_ASSERTIONS = re.compile(r"(?:^|\.)assert(?:Less|Greater)\w*$")


def _timing_assertions(modules) -> list[Finding]:
    """Tests that read a clock at least twice and compare with assertLess/assertGreater (or a helper named so,
    assertLessLinux): they assert how fast the code ran, which the machine's load and cores decide as much as the
    code. One finding per file, the tests' lines listed."""
    findings = []
    for unit in modules:
        clocks: dict[str, int] = {}
        compared: dict[str, int] = {}
        for name, call in unit.resolved:
            if call.scope is None:
                continue
            if name in CLOCKS:
                clocks[call.scope] = clocks.get(call.scope, 0) + 1
            elif ORDER_ASSERTIONS.search(call.name) and call.scope not in compared:
                compared[call.scope] = call.line
        timed = sorted((line, scope) for scope, line in compared.items() if clocks.get(scope, 0) >= 2)
        if not timed:
            continue
        line, scope = timed[0]
        more = f" ({len(timed)} tests: lines {', '.join(str(l) for l, _ in timed[:8])}{' and more' if len(timed) > 8 else ''})" \
            if len(timed) > 1 else ""
        findings.append(Finding(TEST_RANDOMNESS, "timing assertion",
                                f"{scope} reads the clock and asserts on how long code took{more}: the result depends on "
                                "the machine's load and cores, not only on the code, so the test passes or fails from run "
                                "to run; assert on results, and measure speed in a benchmark", unit.location(line)))
    return findings


def _is_test(found: ProjectFacts, rel: str) -> bool:
    return found.is_test(rel)


@check(RANDOMNESS, reads=("python", "code"))
def unseeded_randomness(found: ProjectFacts) -> list[Finding] | None:
    return _randomness(found, RANDOMNESS, tests=False)


@check(TEST_RANDOMNESS, reads=("python", "code"))
def unseeded_test_randomness(found: ProjectFacts) -> list[Finding] | None:
    return _randomness(found, TEST_RANDOMNESS, tests=True)


@check("code-absolute-paths", reads=("python", "code", "config"))
def absolute_paths(found: ProjectFacts) -> list[Finding] | None:
    modules = [u for u in found.checked_units if u.notebook is None]
    if not modules and not found.config_paths and not any(f.suffix in (".r", ".sh", ".jl") for f in found.files):
        return None
    container = container_prefixes(found.specs.values())
    findings = []
    for unit in modules:
        for value, line in unit.python.strings:
            for path in machine_paths(value, container):
                findings.append(Finding("code-absolute-paths", "absolute path", f"absolute path {path}", unit.location(line)))
    for rel, hit, lines in found.config_paths:
        if machine_paths(hit.detail.rstrip("…"), container):
            findings.append(Finding("code-absolute-paths", "absolute path", f"absolute path {hit.detail}",
                                    Location(rel, lines.line(hit.position))))
    return findings


@check("code-secrets", reads=("python", "code", "config", "text", "notebook", "spec"))
def hard_coded_secrets(found: ProjectFacts) -> list[Finding] | None:
    if not found.files:
        return None
    return [Finding("code-secrets", hit.kind, f"{hit.kind} (value not shown)", Location(hit.rel, hit.line, hit.cell))
            for hit in found.secrets]


@facts("code")
def code_facts(found: ProjectFacts) -> list[Fact]:
    """Randomness left out because the code says it is meant, each place with what said so: a reader can disagree."""
    grouped: dict[tuple[str, str], list[str]] = {}
    for unit in found.checked_units:
        if unit.python.calls and (unit.python.stated or unit.python.repeats or unit.notebook is not None):
            for call, why in randomness.judged_draws(unit, found.seeding)[1]:
                where = unit.location(call.line)
                place = f"cell {where.cell}:{where.line}" if where.cell is not None else str(where.line)
                grouped.setdefault((unit.rel, why), []).append(place)
    uncalled = _uncalled_functions(found)
    for rel, names in sorted(uncalled.items()):
        unit = next(u for u in found.checked_units if u.rel == rel and u.notebook is None)
        for name in sorted(names):
            grouped.setdefault((rel, f"inside {name}(), which nothing in the project calls or names"), []).append(
                f"def at {unit.python.functions[name].line}")
    if not grouped:
        return []
    entries = [f"{rel} ({', '.join(places[:5])}{' and more' if len(places) > 5 else ''}): {why}"
               for (rel, why), places in grouped.items()]
    shown = "; ".join(entries[:5]) + (f"; and {len(entries) - 5} more" if len(entries) > 5 else "")
    return [Fact("Unseeded randomness left out as meant (what said so)", shown)]
