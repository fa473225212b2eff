"""Code checks: unseeded randomness (in the pipeline, and apart in tests), absolute paths, hard-coded secrets.

Seeding is resolved across the project: a function that seeds (``def
seed_all(): ...``) seeds wherever it is called, notebooks included. Secrets
are found in every text file and notebook, and reported by kind only.
"""

from __future__ import annotations

from tension_points.audit.checks import check, facts
from tension_points.audit.facts import RANDOM_CODE_SUFFIXES, ProjectFacts, in_folders
from tension_points.audit.knowledge import randomness
from tension_points.audit.knowledge.paths import container_prefixes, machine_paths
from tension_points.audit.model import Fact, Finding, Location
from tension_points.audit.read import filetypes

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
    for unit in modules:
        for found_draw, call, message, severity in randomness.judged_draws(unit, found.seeding)[0]:
            findings.append(Finding(check_id, found_draw.kind, message, unit.location(call.line), severity=severity))
    return findings


def _is_test(found: ProjectFacts, rel: str) -> bool:
    return filetypes.is_test(rel) and rel not in found.not_tests


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
    if not grouped:
        return []
    entries = [f"{rel} ({', '.join(places[:5])}{' and more' if len(places) > 5 else ''}): {why}"
               for (rel, why), places in grouped.items()]
    shown = "; ".join(entries[:5]) + (f"; and {len(entries) - 5} more" if len(entries) > 5 else "")
    return [Fact("Unseeded randomness left out as meant (what said so)", shown)]
