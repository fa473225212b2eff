"""Per-document facts collected while Sphinx reads pages (which activities a page shows,
which quotes it cites, whether it is a notebook), kept right under incremental and parallel builds."""

from __future__ import annotations

from sphinx.application import Sphinx


def track_per_document(app: Sphinx, attribute: str) -> None:
    """Keep ``env.<attribute>``, a dict from docname to whatever the directives record.

    A page's entry is dropped when the page is re-read, and merged back from
    parallel readers, so the dict always describes the pages as they are now.
    """

    def init(app: Sphinx, env, docnames) -> None:
        if not hasattr(env, attribute):
            setattr(env, attribute, {})

    def purge(app: Sphinx, env, docname: str) -> None:
        getattr(env, attribute).pop(docname, None)

    def merge(app: Sphinx, env, docnames, other) -> None:
        ours, theirs = getattr(env, attribute), getattr(other, attribute)
        ours.update({docname: theirs[docname] for docname in docnames if docname in theirs})

    app.connect("env-before-read-docs", init)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
