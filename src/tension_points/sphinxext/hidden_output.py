"""A folded cell output (the cell tag hide-output) as valid HTML with its visible label as its name.

myst-nb writes the fold's label as two <p> inside <summary>, which HTML does not allow there
(tests/test_html_valid.py), and names it "Toggle hidden content" for a screen reader whatever it
shows. Here the labels are spans, the shown one its name; tension-points.css shows the right one.
"""

from __future__ import annotations

from html import escape

from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
from sphinx.application import Sphinx


def visit_folded(self, node: HideCodeCellNode) -> None:
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>')
    self.body.append(f'<span class="collapsed admonition-title">{escape(node["prompt_show"])}</span>')
    self.body.append(f'<span class="expanded admonition-title">{escape(node["prompt_hide"])}</span>')
    self.body.append("</summary>\n")


def setup(app: Sphinx) -> dict:
    app.add_node(HideCodeCellNode, override=True, html=(visit_folded, depart_HideCellInput))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
