"""A rebuild sees the configuration the last build pickled, so it does not re-read every page.

Sphinx compares the configuration with the one the previous build pickled and re-reads
every page when they differ. Two ways the kit's configuration could differ from one build
to the next although nobody changed it:

* A list option (``html_static_path``, ``templates_path``) appended to rather than replaced:
  an option conf.py leaves unset is Sphinx's default list, shared by every build in the
  process, so each in-process rebuild (``make serve``) saw one more entry.
* Furo registers its ``pygments_dark_style`` option when the HTML builder loads the theme,
  after Sphinx has compared the configuration with the pickled one. The pickled one has the
  option and the fresh one does not yet, so every rebuild said "the configuration has
  changed". Furo reads the option once, when the builder starts; after that it is taken out
  of the configuration again, so what is pickled matches what the next build compares. (The
  kit's pages have their dark style from ``pygments_dark_style`` in conf.py, which Furo
  reads from there.)

Found by comparing an incremental build with a clean one (tests/test_incremental_build.py).
"""

from __future__ import annotations

from sphinx.application import Sphinx

THEME_OPTIONS_READ_AT_START = ("pygments_dark_style",)


def add_config_folder(config, name: str, folder: str) -> None:
    """Add ``folder`` to the list option ``name`` (``html_static_path``, ``templates_path``),
    replacing the list rather than appending to it (see the module docstring)."""
    current = list(getattr(config, name))
    if folder not in current:
        setattr(config, name, [*current, folder])


def forget_theme_options(app: Sphinx) -> None:
    """Take out the options Furo registered late and has already read (see the module docstring)."""
    for name in THEME_OPTIONS_READ_AT_START:
        app.config._options.pop(name, None)


def setup(app: Sphinx) -> dict:
    # After Furo's builder-inited handler (priority 500) has read the options.
    app.connect("builder-inited", forget_theme_options, priority=950)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
