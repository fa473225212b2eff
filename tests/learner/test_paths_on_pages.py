"""Every path a learner page shows is a path in the folder the learner has: the one
`tension-points exercises` makes, which holds `data/` and `sample-projects/` at its top, not
the kit's `exercises/` folder of a source checkout."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paths import REPO

LEARNER_PAGES = sorted([*REPO.glob("modules/*.md"), *REPO.glob("exercises/*.md"), *REPO.glob("reference/*.md")])
FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\{[\w:-]+\})?")
INLINE_CODE = re.compile(r"(?<![}`])`([^`\n]+)`")  # not the text of a role ({doc}`...`)
PATH = re.compile(r"(?<![\w.-])(?:~/[\w.-]+/)?(?P<path>(?:exercises|sample-projects|data)/[\w./-]*)")


def code_the_reader_sees(page: Path) -> list[str]:
    """Inline code, and the lines of code blocks and code cells; not the directives' fences."""
    code, stack = [], []  # stack: for each open fence, its characters and whether it holds code
    for line in page.read_text(encoding="utf-8").splitlines():
        fence = FENCE.match(line)
        if fence and stack and fence.group(1)[0] == stack[-1][0][0] and len(fence.group(1)) >= len(stack[-1][0]) \
                and not line.strip().strip(fence.group(1)[0]):
            stack.pop()
        elif fence and not (stack and stack[-1][1]):
            directive = fence.group(2)
            stack.append((fence.group(1), directive is None or directive == "{code-cell}"))
        elif stack and stack[-1][1]:
            code.append(line)
        else:
            code += INLINE_CODE.findall(line)
    return code


def shown_paths(page: Path) -> list[str]:
    """Paths in the page's code, where a reader copies them from (not paths inside the installed kit)."""
    return [m.group("path").rstrip(".") for code in code_the_reader_sees(page) if "__file__" not in code
            for m in PATH.finditer(code)]


def sample_projects(folder: Path) -> list[Path]:
    return sorted(p for p in (folder / "sample-projects").iterdir() if p.is_dir())


@pytest.mark.parametrize("page", LEARNER_PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_path_a_page_shows_is_in_the_learners_exercise_folder(page, exercise_folder):
    for path in shown_paths(page):
        if path.startswith("exercises/") and not path.removeprefix("exercises/"):
            continue  # a folder of that name in some project (the audit's "exercises/ and solutions/")
        assert not path.startswith("exercises/"), (
            f"{page.relative_to(REPO)} shows {path}: the learner's folder has no exercises/ (it is "
            f"{path.removeprefix('exercises/')} there)")
        places = [exercise_folder] + (sample_projects(exercise_folder) if path.startswith("data/") else [])
        assert any((place / path).exists() for place in places), (
            f"{page.relative_to(REPO)} shows {path}, which is not in the folder `tension-points exercises` makes"
            + (" nor in a sample project" if path.startswith("data/") else ""))


def test_the_check_reads_the_paths_pages_show():
    audit_page = REPO / "exercises" / "reproducibility-audit.md"
    assert "sample-projects/churn-model-flawed" in shown_paths(audit_page)
    assert "data/README.md" in shown_paths(audit_page)
