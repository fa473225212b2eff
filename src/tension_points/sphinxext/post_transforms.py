"""The base of the kit's post-transforms: changes to a page once its references are resolved.

The kit's changes to a resolved page (links to the downloads and to present mode, the HTML
fixes) are post-transforms, so Sphinx applies them by builder format to every page it
resolves. They run after every other post-transform, where ``doctree-resolved`` handlers
run, and see the page as the other extensions have left it: references resolved (10),
images (100-200), sphinx-design's HTML (199-699), Sphinx's LaTeX transforms (up to 750)
and linkcheck's link collector (800).
"""

from __future__ import annotations

from sphinx.transforms.post_transforms import SphinxPostTransform


class ResolvedPageTransform(SphinxPostTransform):
    default_priority = 900

    @property
    def docname(self) -> str:
        """The page being resolved (for a PDF, the root page of the whole book)."""
        return self.env.current_document.docname
