"""MyST becomes Markdown a reader of Jupyter can read: roles are text with a link to the site's
page where its address is known and the page's name in italics where not (never a relative link,
which leads nowhere in the learner's folder), an exercise is a bold heading and its question, a solution a folded cell of its own, and a
role or directive with no Markdown form stops the conversion with one line naming the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tension_points.errors import UserError
from tension_points.notebook_export.markdown import Page, render
from tension_points.site_files import SiteAddresses


@pytest.fixture
def course(tmp_path: Path) -> Path:
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "02-silos.md").write_text('---\ntitle: "Silos: how teams drift apart"\n---\n\nText.\n')
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "setup.md").write_text("# Set up\n")
    (tmp_path / "handouts").mkdir()
    (tmp_path / "handouts" / "handoff-map.md").write_text('---\ntitle: "Hand-off map"\n---\n')
    return tmp_path


def markdown(source: str, course: Path, site: str = "") -> list:
    return render(source, Page("exercises/map", course, SiteAddresses(site)))


SITE = "https://example.org/course/"


def test_a_doc_role_is_the_pages_title_linked_to_the_site(course):
    [cell] = markdown("Part of the {doc}`../modules/02-silos` module.", course, site=SITE)
    assert cell.text == "Part of the [Silos: how teams drift apart](https://example.org/course/modules/02-silos.html) module."


def test_without_the_sites_address_a_role_names_the_page_and_links_nothing(course):
    [cell] = markdown("Part of the {doc}`../modules/02-silos` module; see {doc}`the steps <setup>`, "
                      "the {handout}`handoff-map`, a {term}`lock file` and {kit-download}`the handouts <handouts-pdf>`.", course)
    assert cell.text == ("Part of the *Silos: how teams drift apart* module; see *the steps* (on the page *Set up*), "
                         "the *Hand-off map handout*, a *lock file* (on the page *Glossary*) and "
                         "*the handouts* (a download on the course site).")
    assert "](" not in cell.text


def test_a_role_may_wrap_across_lines_and_keeps_its_explicit_title(course):
    [cell] = markdown("the {doc}`set-up\npage <setup>` and a {term}`lock file`", course, site=SITE)
    assert cell.text == ("the [set-up page](https://example.org/course/exercises/setup.html) and a "
                         "[lock file](https://example.org/course/reference/glossary.html#term-lock-file)")


def test_handouts_and_downloads_are_named_and_linked(course):
    [cell] = markdown("Draw the {handout}`handoff-map`; print {kit-download}`the handouts <handouts-pdf>`.", course, site=SITE)
    assert cell.text == ("Draw the [Hand-off map handout](https://example.org/course/handouts/handoff-map.html); print "
                         "[the handouts](https://example.org/course/downloads/tension-points-handouts.pdf).")


def test_inline_code_and_code_blocks_are_left_as_they_are(course):
    source = "Write `{doc}` roles like this:\n\n```md\nSee {doc}`setup`.\n```\n"
    [cell] = markdown(source, course)
    assert cell.text == source.strip()


def test_an_exercise_is_a_bold_heading_and_its_solution_a_folded_cell_of_its_own(course):
    source = """## Questions

```{exercise}
:label: map-questions

1. Which hand-offs are one-way?
```

```{solution} map-questions
:class: dropdown

1. Three of them.
```

## Next section
"""
    question, solution, after = markdown(source, course)
    assert question.text == "## Questions\n\n**Exercise 1**\n\n1. Which hand-offs are one-way?"
    assert not question.solution and "Three of them" not in question.text
    assert solution.solution
    assert solution.text.startswith("<details>\n<summary><b>Solution to exercise 1</b>")
    assert "\n\n1. Three of them.\n\n</details>" in solution.text
    assert after.text == "## Next section"


def test_exercises_are_numbered_from_one_on_each_page(course):
    page = Page("exercises/map", course, SiteAddresses(""))
    cells = render("```{exercise}\n:label: a\n\nFirst.\n```\n\n```{exercise} Harder\n:label: b\n\nSecond.\n```\n", page)
    assert cells[0].text == "**Exercise 1**\n\nFirst.\n\n**Exercise 2: Harder**\n\nSecond."
    assert page.exercise_numbers == {"a": 1, "b": 2}


def test_a_note_becomes_a_quotation_with_its_title(course):
    [cell] = markdown(":::{note}\nA clean report proves nothing by itself; see {doc}`setup`.\n:::\n", course)
    assert cell.text == "> **Note**\n>\n> A clean report proves nothing by itself; see *Set up*."


def test_definition_lists_become_bullets_and_targets_and_comments_go(course):
    source = "(options)=\n% a comment for authors\n`--format text|md`\n: The report format;\n  text by default.\n"
    [cell] = markdown(source, course)
    assert cell.text == "- **`--format text|md`**: The report format;\n  text by default."


def test_the_download_link_of_the_page_itself_is_dropped(course):
    assert markdown("```{notebook-download}\n```\n", course) == []


@pytest.mark.parametrize("source, named", [
    ("See {ref}`somewhere`.", "the role {ref}"),
    ("```{figure} map.png\n:alt: a map\n```\n", "the directive {figure}"),
    ("{doc}`../modules/99-missing`", "no page modules/99-missing.md"),
    ("```{solution} nowhere\nText.\n```\n", "{solution} nowhere: no exercise with that label above it"),
])
def test_a_construct_with_no_markdown_form_stops_with_one_line_naming_the_page(course, source, named):
    with pytest.raises(UserError) as raised:
        markdown(source, course)
    message = str(raised.value)
    assert message.startswith(f"{course / 'exercises' / 'map'}.md: ") and named in message
    assert "\n" not in message
