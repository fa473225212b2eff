"""The ``reproducibility-checklist`` directive: the checklist page and the handout, from the one YAML file.

    ```{reproducibility-checklist}
    ```

renders every item, grouped: the question, why it matters (with the evidence
and its sources), the owner the kit suggests, how to fix it, and whether
``tension-points audit`` checks it, and for which languages and kinds of project
(the ``checked_for`` the audit itself reads, so the page cannot promise more
than the audit does), with what it compares and what to check by hand
elsewhere. A table first shows the same per item and kind. ``:compact:``
renders the printable handout instead: one tick box and question per line,
marked with the kinds the audit checks it for. ``:group: data`` limits either
form to one group. Only plain docutils nodes are produced (rubrics,
paragraphs, bullet lists, references), so HTML and LaTeX both render them.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from tension_points import __version__
from tension_points.audit.checklist import KINDS, OWNER_LABELS, Checklist, Item, default_path, listed, read_checklist
from tension_points.sphinxext.course_directive import CourseDirective

# A plain-ASCII tick box: it survives every LaTeX font, unlike U+2610.
TICK_BOX = "[ ]"


class ReproducibilityChecklist(CourseDirective):
    has_content = False
    option_spec = {"compact": directives.flag, "group": directives.unchanged_required, "path": directives.unchanged_required}

    def run(self) -> list[nodes.Node]:
        checklist = self.read_data(self._checklist_path(), read_checklist, prefix="reproducibility-checklist: ")
        groups = checklist.groups
        if "group" in self.options:
            groups = [g for g in groups if g.id == self.options["group"]]
            if not groups:
                known = ", ".join(g.id for g in checklist.groups)
                raise self.error(f"reproducibility-checklist: unknown group '{self.options['group']}' (known: {known})")
        compact = "compact" in self.options
        container = nodes.container(classes=["reproducibility-checklist", "compact" if compact else "full"])
        if compact:
            container += nodes.paragraph(text="Tick each question you can answer yes. Items marked audit are checked by "
                                              "tension-points audit (for Python, R, Julia and dbt projects, or for those "
                                              "named); check the others by hand.")
        else:
            container += nodes.rubric(text=COVERAGE_CAPTION)  # a heading, not a caption: the theme repeats a caption's id
            container += _coverage_table([item for group in groups for item in checklist.items_in(group.id)])
        for group in groups:
            container += nodes.rubric(text=group.title)
            if not compact:
                container += nodes.paragraph(text=group.summary)
            items = checklist.items_in(group.id)
            container += self._compact_list(items) if compact else self._full_list(items)
        return [container]

    def _checklist_path(self) -> Path:
        if "path" not in self.options:
            return default_path()
        relative, absolute = self.env.relfn2path(self.options["path"])
        return Path(absolute)

    def _compact_list(self, items: list[Item]) -> nodes.bullet_list:
        bullets = nodes.bullet_list(bullet="-", classes=["checklist-handout"])
        for item in items:
            paragraph = nodes.paragraph()
            paragraph += nodes.Text(f"{TICK_BOX} {item.question} ")
            audit = "" if not item.automated else "; audit" if set(item.checked_for) == set(KINDS) \
                else f"; audit for {', '.join(item.checked_for)}"
            extra = OWNER_LABELS[item.owner] + audit
            paragraph += nodes.emphasis(text=f"({extra})")
            bullets += nodes.list_item("", paragraph)
        return bullets

    def _full_list(self, items: list[Item]) -> nodes.bullet_list:
        entries = nodes.bullet_list(bullet="*", classes=["checklist-items"])
        for item in items:
            entry = nodes.list_item(ids=[nodes.make_id(f"checklist-{item.id}")])
            question = nodes.paragraph()
            question += nodes.strong(text=item.question)
            question += nodes.Text(" ")
            question += nodes.literal(text=item.id)
            entry += question
            details = nodes.bullet_list(bullet="-")
            details += _labelled("Why it matters: ", item.why)
            for evidence in item.evidence:
                details += _evidence(evidence)
            details += _labelled("Suggested owner: ", OWNER_LABELS[item.owner])
            details += _labelled("How to fix it: ", item.fix)
            details += _labelled("Checked by tension-points audit: ", _checked_text(item))
            if item.automated and item.audit_scope:
                details += _labelled("What the audit compares: ", item.audit_scope)
            entry += details
            entries += entry
        return entries


def _checked_text(item: Item) -> str:
    """'yes, check env-pinned-versions (medium), for Python and dbt projects; for R and Julia projects it reports
    "not checked": open the files ...'."""
    if not item.automated:
        return "no: check it by hand"
    text = f"yes, check {item.id} ({item.severity}), for {item.checked_for_text()} projects"
    others = [kind for kind in KINDS if kind not in item.checked_for]
    if others:
        text += f"; for {listed(others)} projects it reports \"not checked\", and you check it by hand: {item.by_hand_text}"
    return text


COVERAGE_CAPTION = "What tension-points audit checks, by language and kind of project"


def _coverage_table(items: list[Item]) -> nodes.table:
    """One row per item, one column per kind of project: "checked", "by hand" (words, not colours or ticks)."""
    # Widths given, so print sets fixed columns: tabulary squeezed the first below its longest
    # check id ("nb-unseeded-randomness"), which then ran into the next column.
    table = nodes.table(classes=["checklist-coverage", "colwidths-given"])
    group = nodes.tgroup(cols=len(KINDS) + 1)
    table += group
    group += nodes.colspec(colwidth=36)
    for _ in KINDS:
        group += nodes.colspec(colwidth=(100 - 36) // len(KINDS))
    head = nodes.thead()
    group += head
    head += _row(["Checklist item", *KINDS])
    body = nodes.tbody()
    group += body
    for item in items:
        cells = [("checked" if kind in item.checked_for else "by hand") if item.automated else "by hand" for kind in KINDS]
        body += _row([item.id, *cells], reference=f"checklist-{item.id}")
    return table


def _row(texts: list[str], reference: str = "") -> nodes.row:
    row = nodes.row()
    for index, text in enumerate(texts):
        entry = nodes.entry()
        paragraph = nodes.paragraph()
        if index == 0 and reference:
            paragraph += nodes.reference(text=text, refid=nodes.make_id(reference), internal=True)
        else:
            paragraph += nodes.Text(text)
        entry += paragraph
        row += entry
    return row


def _labelled(label: str, text: str) -> nodes.list_item:
    paragraph = nodes.paragraph()
    paragraph += nodes.strong(text=label)
    paragraph += nodes.Text(text)
    return nodes.list_item("", paragraph)


def _evidence(evidence) -> nodes.list_item:
    paragraph = nodes.paragraph()
    paragraph += nodes.strong(text="Evidence: ")
    paragraph += nodes.Text(f"{evidence.text} (")
    if evidence.url:
        paragraph += nodes.reference(text=evidence.source, refuri=evidence.url)
    else:
        paragraph += nodes.Text(evidence.source)
    paragraph += nodes.Text(")")
    return nodes.list_item("", paragraph)


def setup(app: Sphinx) -> dict:
    app.add_directive("reproducibility-checklist", ReproducibilityChecklist)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}


__all__ = ["Checklist", "ReproducibilityChecklist", "setup"]
