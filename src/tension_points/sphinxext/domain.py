"""The course domain (``tp``): what each page contributes to the course, and links to it.

Pages register their activities (``{activity}`` boxes), run-sheet steps and quote cards
here as referenceable objects, so ``{tp:activity}`segment-id``, ``{tp:segment}`...``` and
``{tp:quote}`quote-id``` link to them from any page, and every card gets its unique id
when it is made. The domain also keeps the per-page facts the checks need (which
activities and quotes a page shows, which pages are notebooks); ``clear_doc`` and
``merge_domaindata`` keep them right under incremental and parallel builds.
"""

from __future__ import annotations

from typing import Any, Iterator

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from tension_points.sphinxext.course_data import course_of

logger = logging.getLogger(__name__)

# Where a quote's link goes, best first: the reference listing by speaker holds every quote once.
QUOTE_HOME_PRIORITY = {"speaker": 0, "page": 1, "theme": 2}


class CourseDomain(Domain):
    name = "tp"
    label = "Tension Points course"
    object_types = {
        "activity": ObjType("activity", "activity"),
        "segment": ObjType("run-sheet step", "segment"),
        "quote": ObjType("quote", "quote"),
    }
    roles = {"activity": XRefRole(), "segment": XRefRole(), "quote": XRefRole()}
    initial_data: dict[str, Any] = {
        # (objtype, name) -> list of (docname, anchor, title, priority); a quote is shown on several pages.
        "objects": {},
        "notebooks": {},  # docname -> download path
    }
    data_version = 1

    @property
    def objects(self) -> dict[tuple[str, str], list[tuple[str, str, str, int]]]:
        return self.data["objects"]

    # --- recording, while pages are read ------------------------------------------------

    def note_object(self, objtype: str, name: str, docname: str, anchor: str, title: str, priority: int = 0) -> None:
        self.objects.setdefault((objtype, name), []).append((docname, anchor, title, priority))

    def unique_anchor(self, docname: str, base: str) -> str:
        """``base`` the first time a page asks for it, then ``base-2``, ``base-3``...:
        a quote cited twice on one page gets two linkable ids, chosen when the cards are made."""
        taken = self.env.temp_data.setdefault("tp-anchors", set())
        anchor, n = base, 1
        while anchor in taken:
            n += 1
            anchor = f"{base}-{n}"
        taken.add(anchor)
        return anchor

    def note_notebook(self, docname: str, path: str) -> None:
        self.data["notebooks"][docname] = path

    # --- what the checks ask ------------------------------------------------------------

    def names_on(self, objtype: str, docname: str) -> set[str]:
        return {name for (kind, name), places in self.objects.items() if kind == objtype for d, *_ in places if d == docname}

    def names_cited(self, objtype: str, priority: int) -> set[str]:
        """Names with at least one place of this priority (quotes cited on a course page, say)."""
        return {name for (kind, name), places in self.objects.items() if kind == objtype and any(p[3] == priority for p in places)}

    def notebooks(self) -> dict[str, str]:
        return self.data["notebooks"]

    # --- incremental and parallel builds ------------------------------------------------

    def clear_doc(self, docname: str) -> None:
        for key in list(self.objects):
            kept = [place for place in self.objects[key] if place[0] != docname]
            if kept:
                self.objects[key] = kept
            else:
                del self.objects[key]
        self.data["notebooks"].pop(docname, None)

    def merge_domaindata(self, docnames: set[str], otherdata: dict[str, Any]) -> None:
        for key, places in otherdata["objects"].items():
            ours = self.objects.setdefault(key, [])
            ours.extend(place for place in places if place[0] in docnames)
        for docname, path in otherdata["notebooks"].items():
            if docname in docnames:
                self.data["notebooks"][docname] = path

    # --- links -------------------------------------------------------------------------

    def home(self, objtype: str, name: str) -> tuple[str, str, str] | None:
        places = self.objects.get((objtype, name))
        if not places:
            return None
        docname, anchor, title, _ = min(places, key=lambda p: (p[3], p[0], p[1]))
        return docname, anchor, title

    def resolve_xref(
        self, env: BuildEnvironment, fromdocname: str, builder: Builder, typ: str, target: str,
        node: pending_xref, contnode: nodes.Element,
    ) -> nodes.reference | nodes.Element | None:
        found = self.home(typ, target)
        if found is None:
            if known_to_course(env, typ, target):
                # A real activity or step on a page this edition leaves out: plain text, no dead link.
                return contnode
            return None  # Sphinx reports the unknown target (an error under -n -W)
        docname, anchor, title = found
        if node.get("refexplicit") is False or not node.get("refexplicit"):
            contnode = nodes.inline(title, title)
        return make_refnode(builder, fromdocname, docname, anchor, contnode, title)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode) -> list:
        results = []
        for typ in self.object_types:
            found = self.home(typ, target)
            if found:
                docname, anchor, title = found
                results.append((f"tp:{typ}", make_refnode(builder, fromdocname, docname, anchor, contnode, title)))
        return results

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for (objtype, name), places in self.objects.items():
            docname, anchor, title, _ = min(places, key=lambda p: (p[3], p[0], p[1]))
            yield name, title, objtype, docname, anchor, 1


def known_to_course(env: BuildEnvironment, objtype: str, name: str) -> bool:
    course = course_of(env)
    if objtype in ("activity", "segment"):
        return course.has_segment(name)
    if objtype == "quote":
        return course.quotes is not None and name in course.quotes.quotes
    return False


def course_domain(env: BuildEnvironment) -> CourseDomain:
    return env.domains["tp"]


def reference_to(objtype: str, target: str, title: str | None = None) -> pending_xref:
    """A link to a course object, made by a directive (as the role would make it)."""
    text = title or target
    node = pending_xref("", refdomain="tp", reftype=objtype, reftarget=target, refexplicit=title is not None)
    node += nodes.inline(text, text)
    return node


def setup(app) -> dict:
    app.add_domain(CourseDomain)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
