"""One definition: the checklist YAML, the audit's checks and the rendered page agree."""

from __future__ import annotations

import io
import re
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
import yaml
from sphinx.application import Sphinx

from tension_points.audit.checklist import KINDS, default_path, load_checklist
from tension_points.audit.checks import load_all_checks
from tension_points.datafiles import load_schema


def test_the_checklist_is_valid_against_its_schema():
    data = yaml.safe_load(default_path().read_text())
    jsonschema.validate(data, load_schema("checklist"))


def test_every_automated_item_has_a_check_and_every_check_has_an_item():
    checklist = load_checklist()
    assert sorted(load_all_checks()) == sorted(checklist.automated_ids)


def test_every_group_has_automated_and_manual_items_listed_in_the_order_of_the_groups():
    checklist = load_checklist()
    group_ids = [group.id for group in checklist.groups]
    assert group_ids == ["environment", "notebooks", "code", "data", "project", "git"]
    assert [item.group for item in checklist.items] == sorted((i.group for i in checklist.items), key=group_ids.index)
    assert any(not item.automated for item in checklist.items)


def test_the_issues_evidence_is_cited():
    text = default_path().read_text()
    for figure in ("24%", "4%", "36%", "196", "1.5"):
        assert figure in text


def build(tmp_path: Path, page: str, builder: str = "html") -> tuple[Path, str]:
    source = tmp_path / "source"
    source.mkdir(exist_ok=True)
    (source / "conf.py").write_text('extensions = ["myst_parser", "tension_points.sphinxext.checklist"]\n'
                                    'exclude_patterns = ["_build"]\nlatex_documents = [("index", "out.tex", "T", "A", "manual")]\n')
    (source / "index.md").write_text(page)
    warnings = io.StringIO()
    out = tmp_path / builder
    app = Sphinx(str(source), str(source), str(out), str(tmp_path / "doctrees"), builder,
                 status=None, warning=warnings, freshenv=True)
    app.build()
    return out, own_warnings(warnings.getvalue())


def own_warnings(text: str) -> str:
    """Warnings from our pages, without colours and without Sphinx's complaints about being set up twice."""
    lines = re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines()
    return "\n".join(line for line in lines if "is already registered" not in line)


FULL_AND_COMPACT = """# Checklist

```{reproducibility-checklist}
```

# Handout

```{reproducibility-checklist}
:compact:
```
"""


def test_the_directive_renders_every_item_in_html(tmp_path):
    out, warnings = build(tmp_path, FULL_AND_COMPACT)
    assert warnings == ""
    html = (out / "index.html").read_text()
    plain = html.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"').replace("\u2026", "...")
    checklist = load_checklist()
    for item in checklist.items:  # once on the page, once in the handout
        assert plain.count(item.question.replace('"', "&quot;")) == 2, item.id
    assert "Why it matters: " in html and "Suggested owner: " in html and "How to fix it: " in html
    assert "Checked by tension-points audit: " in html and "no: check it by hand" in html
    assert html.count("[ ]") == len(checklist.items)
    assert 'href="https://doi.org/10.1109/MSR.2019.00077"' in html


def test_the_directive_renders_in_latex_with_plain_tick_boxes(tmp_path):
    out, warnings = build(tmp_path, FULL_AND_COMPACT, "latex")
    assert warnings == ""
    tex = (out / "out.tex").read_text()
    assert tex.count("{[} {]} ") == len(load_checklist().items)  # escaped, so \item does not take it as a label
    assert "☐" not in tex
    assert "Is there a LICENSE file?" in tex


def test_one_group_only(tmp_path):
    out, _ = build(tmp_path, "# Data\n\n```{reproducibility-checklist}\n:group: data\n:compact:\n```\n")
    html = (out / "index.html").read_text()
    assert html.count("[ ]") == len(load_checklist().items_in("data"))


@pytest.mark.parametrize("content, message", [
    ("version: 1\ngroups: []\nitems: []\n", "[] should be non-empty"),
    ("version: 1\ngroups:\n  - {id: code, title: Code, summary: S}\nitems:\n  - {id: code-x, group: code}\n",
     "items[0].question: required field is missing"),
    ("version: [1\n", "invalid YAML"),
])
def test_a_broken_checklist_file_is_a_build_error_naming_file_and_field(tmp_path, content, message):
    (tmp_path / "source").mkdir()
    (tmp_path / "source" / "broken.yaml").write_text(content)
    _, warnings = build(tmp_path, "# X\n\n```{reproducibility-checklist}\n:path: broken.yaml\n```\n")
    assert "broken.yaml" in warnings and message in warnings


def test_the_page_shows_for_each_item_the_languages_and_kinds_of_project_the_audit_checks_it_for(tmp_path):
    out, warnings = build(tmp_path, FULL_AND_COMPACT)
    assert warnings == ""
    page = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    table = page.select_one("table.checklist-coverage")
    assert table.find_previous("p", class_="rubric").get_text(strip=True) == "What tension-points audit checks, by language and kind of project"
    assert [th.get_text(strip=True) for th in table.select("thead th")] == ["Checklist item", "Python", "R", "Julia", "dbt"]
    rows = {tr.select("td")[0].get_text(strip=True): [td.get_text(strip=True) for td in tr.select("td")[1:]]
            for tr in table.select("tbody tr")}
    checklist = load_checklist()
    assert set(rows) == {item.id for item in checklist.items}
    for item in checklist.items:  # the audit's own data, cell by cell
        assert rows[item.id] == ["checked" if item.automated and kind in item.checked_for else "by hand" for kind in KINDS]
    assert rows["code-unseeded-randomness"] == ["checked", "checked", "checked", "by hand"]
    assert rows["env-pinned-versions"] == ["checked", "by hand", "by hand", "checked"]
    assert table.select_one('tbody a[href="#checklist-env-specs-agree"]') is not None
    entry = page.select_one("#checklist-env-pinned-versions").get_text(" ", strip=True).replace("\u201c", '"').replace("\u201d", '"')
    assert ("Checked by tension-points audit: yes, check env-pinned-versions (medium), for Python and dbt projects; "
            "for R and Julia projects it reports \"not checked\", and you check it by hand: Open the files") in entry
    scope = page.select_one("#checklist-env-specs-agree").get_text(" ", strip=True)
    assert "What the audit compares: Compared, across the specification files" in scope
    handout = page.select("ul.checklist-handout li")
    assert any("(engineer; audit for Python, dbt)" in li.get_text() for li in handout)
    assert any("Is there a LICENSE file? (both; audit)" in li.get_text() for li in handout)


def test_not_checked_needs_what_to_check_by_hand_for_every_item_the_audit_checks_for_some_kinds_only():
    for item in load_checklist().items:
        if item.automated and set(item.checked_for) != set(KINDS):
            assert item.by_hand, item.id
