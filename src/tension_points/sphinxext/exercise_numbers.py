"""Exercises numbered from 1 on each page, as the notebooks number them.

sphinx-exercise numbers exercises with Sphinx's figure numbers, which run across the whole
site when no toctree is numbered: the second exercise page opened at "Exercise 2", and its
"Solution to Exercise 4" pointed to nothing a reader could count. After Sphinx assigns the
numbers (env-get-updated), each page's exercises are renumbered 1, 2, ... in their order.

Sphinx decides which pages to rewrite by comparing its new numbers with the stored ones, so
the stored ones must be Sphinx's own when it compares: they are put back just before (a
handler that runs first) and the page's numbers set just after, and only pages whose own
numbers changed are rewritten.
"""

from __future__ import annotations

from sphinx.application import Sphinx

FIGTYPE = "exercise"
SITE_WIDE = "tp_sitewide_fignumbers"


def restore_sitewide_numbers(app: Sphinx, env) -> list[str]:
    """Before Sphinx numbers figures: give it back the numbers it assigned last time."""
    stored = getattr(env, SITE_WIDE, None)
    if stored is not None:
        for docname, numbers in stored.items():
            if docname in env.toc_fignumbers:
                env.toc_fignumbers[docname][FIGTYPE] = dict(numbers)
    return []


def number_per_page(app: Sphinx, env) -> list[str]:
    """After Sphinx numbers figures: keep its numbers aside, then number each page from 1."""
    previous = getattr(env, "tp_page_fignumbers", {})
    sitewide, per_page, changed = {}, {}, []
    for docname, figtypes in env.toc_fignumbers.items():
        numbers = figtypes.get(FIGTYPE)
        if not numbers:
            continue
        sitewide[docname] = dict(numbers)
        in_order = sorted(numbers, key=lambda ident: numbers[ident])
        figtypes[FIGTYPE] = per_page[docname] = {ident: (n,) for n, ident in enumerate(in_order, 1)}
        if per_page[docname] != previous.get(docname):
            changed.append(docname)
    setattr(env, SITE_WIDE, sitewide)
    env.tp_page_fignumbers = per_page
    return changed


def setup(app: Sphinx) -> dict:
    app.connect("env-get-updated", restore_sitewide_numbers, priority=100)
    app.connect("env-get-updated", number_per_page, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
