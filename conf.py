"""Sphinx configuration: one source, four editions.

TP_EDITION (set by the Makefile) picks the edition: ``web`` (the site, with
facilitator notes behind a toggle), ``learner`` (the self-study PDF, without
facilitator notes), ``facilitator`` (the handbook PDF, with everything) and
``handouts`` (the printable handouts PDF). Each edition has its own root page
and reads only the pages it contains.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "src"))

from tension_points.startup import defer_notebook_execution, skip_unused_slow_imports  # noqa: E402

# Before the extensions load: MyST-NB imports jsonschema first, and its notebook execution
# stack, which a build needs only when it reads a notebook page.
skip_unused_slow_imports()
defer_notebook_execution()

EDITION = os.environ.get("TP_EDITION", "web")

project = "Tension Points"
author = "The Tension Points maintainers"
copyright = "2026, the Tension Points maintainers. Course content CC BY 4.0, code MIT"
release = "0.1"

extensions = [
    "myst_nb",
    "sphinx_design",
    "sphinx_exercise",
    "sphinx_togglebutton",
    "sphinx_copybutton",
    "sphinx.ext.graphviz",
    "tension_points.sphinxext",
]
tension_points_edition = EDITION

COURSE = ["modules/**", "exercises/**", "reference/**"]
EDITIONS = {
    # edition: (root page, pages it reads)
    "web": ("index", ["index.md", *COURSE, "facilitator-guide/**", "handouts/**"]),
    "learner": ("learner", ["learner.md", *COURSE]),
    "facilitator": ("handbook", ["handbook.md", "facilitator-guide/**", *COURSE, "handouts/**"]),
    "handouts": ("handouts/index", ["handouts/**"]),
}
root_doc, include_patterns = EDITIONS[EDITION]
exclude_patterns = ["_build", ".venv", "**/.ipynb_checkpoints", "exercises/sample-projects/**", "exercises/data/**"]
suppress_warnings = []

# MyST and notebooks
myst_enable_extensions = ["colon_fence", "deflist", "attrs_block", "attrs_inline"]
myst_title_to_header = True
myst_heading_anchors = 3
nb_execution_mode = "cache"
# TP_JUPYTER_CACHE lets parallel builds (tests, benchmarks) keep separate caches.
nb_execution_cache_path = os.environ.get("TP_JUPYTER_CACHE", str(Path(__file__).parent / "_build" / ".jupyter_cache"))
nb_execution_timeout = 120
nb_execution_raise_on_error = True
nb_merge_streams = True

# HTML: Furo, no web fonts, no CDN, nothing that phones home.
html_theme = "furo"
html_title = "Tension Points"
# Where the site is published (the publishing workflow sets it): notebooks link its pages by this address.
html_baseurl = os.environ.get("TP_SITE_URL", "")
# The kit's repository (the publishing workflow sets it): Set up links it, and its issue tracker for help.
tension_points_repository = os.environ.get("TP_REPOSITORY_URL", "")
if tension_points_repository:
    tags.add("kit_repository")  # noqa: F821 (Sphinx's tags): Set up's way to report a problem differs without it
html_short_title = "Tension Points"
html_static_path = []
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
# Furo's code styles, named here so that they are part of the configuration from the start.
pygments_style = "a11y-light"
pygments_dark_style = "native"
html_theme_options = {
    "navigation_with_keys": True,
    "top_of_page_buttons": [],
}
# PNG: an <img> with its alt text (Sphinx wraps SVG in <object>, which screen readers and checks handle poorly).
graphviz_output_format = "png"
graphviz_dot_args = ["-Gdpi=110"]
copybutton_exclude = ".linenos, .gp, .go"

# linkcheck: builds run offline, so `make linkcheck` checks the course's own links and
# anchors only; `make linkcheck-external` (TP_LINKCHECK=external) checks the links to other
# sites, all of which are listed on reference/external-links (src/tension_points/sphinxext/links.py).
if os.environ.get("TP_LINKCHECK") != "external":
    linkcheck_ignore = [r"https?://"]
linkcheck_anchors = True
linkcheck_timeout = 20
linkcheck_retries = 2
linkcheck_report_timeouts_as_broken = True

# LaTeX: xelatex with the FreeFont family (Unicode punctuation, readable in print).
latex_engine = "xelatex"
SUBTITLE = "Working across the data-science / engineering divide"
latex_documents = {
    "learner": [("learner", "tension-points-course.tex", f"Tension Points: {SUBTITLE}", author, "manual")],
    "facilitator": [
        ("handbook", "tension-points-facilitator-handbook.tex", "Tension Points: Facilitator Handbook", author, "manual")
    ],
    "handouts": [("handouts/index", "tension-points-handouts.tex", "Tension Points: Handouts", author, "manual")],
}.get(EDITION, [])
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "extraclassoptions": "openany",  # no blank pages before chapters: these books get printed
    "releasename": "Version",
    # A command too long for the page is broken before that, as typed (command_lines.py); a line
    # of code or output that still reaches the margin wraps with LaTeX's marks, which say so.
    "sphinxsetup": "TitleColor=black, InnerLinkColor=black, OuterLinkColor=black, VerbatimColor={gray}{0.96}",
    "printindex": "",
}
latex_show_urls = "footnote"
latex_toplevel_sectioning = "chapter"

if EDITION == "handouts":
    # One page size that prints on both A4 and US Letter without scaling: A4's width and
    # Letter's height (210 mm x 279.4 mm), with margins wide enough for either printer.
    # Every handout is a chapter, so it starts on its own page; the chapter heading is a
    # plain title (no "Chapter 1"), and there is no title page or table of contents.
    latex_elements.update({
        "papersize": "",
        "geometry": r"\usepackage[paperwidth=210mm,paperheight=279.4mm,hmargin=18mm,vmargin={16mm,18mm},includeheadfoot]{geometry}",
        "fncychap": "",
        "maketitle": r"\thispagestyle{plain}{\noindent\sffamily\bfseries\LARGE Tension Points: Handouts\par}\vspace{6mm}",
        "tableofcontents": "",
        "extraclassoptions": "openany,oneside",
        "preamble": r"""
\fancypagestyle{normal}{\fancyhf{}\fancyfoot[C]{\small\sffamily Tension Points handouts \textperiodcentered{} page \thepage}%
  \renewcommand{\headrulewidth}{0pt}\renewcommand{\footrulewidth}{0pt}}
\fancypagestyle{plain}{\fancyhf{}\fancyfoot[C]{\small\sffamily Tension Points handouts \textperiodcentered{} page \thepage}%
  \renewcommand{\headrulewidth}{0pt}\renewcommand{\footrulewidth}{0pt}}
\titleformat{\chapter}[block]{\normalfont\sffamily\bfseries\LARGE}{}{0pt}{}
\titlespacing*{\chapter}{0pt}{0pt}{10pt}
\titleformat{\section}[block]{\normalfont\sffamily\bfseries\Large}{}{0pt}{}
\setcounter{secnumdepth}{-1}
\renewcommand{\chaptermark}[1]{\markboth{#1}{}}
% Wizard of Oz role cards: each ends its page, so every person gets a card of their own.
\newenvironment{sphinxclasstp-woz-role-card}{}{\clearpage}
""",
    })
    # Ruled grids without grey stripes: forms are written on, and photocopied.
    latex_table_style = ["standard"]
