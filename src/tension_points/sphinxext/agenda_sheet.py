"""The agenda sheet in print: LaTeX for the handbook, one page per half day, made for the lectern.

Each page is landscape with narrow margins: the agenda on the left (the clock and the minutes
large, the module as a band across, the minute split on a line of its own, buffers and
breaks as shaded rows, and in words where even every cut leaves the day ending late) and, on
the right, the page's title and the late plan in the body's size, as the late marks in the
rows: a facilitator reads both at arm's length. Nothing is justified or hyphenated.
The content comes from :mod:`tension_points.plan.sheet`, as for the site and the command.
"""

from __future__ import annotations

from sphinx.util.texescape import escape

from tension_points.plan.late import Cut
from tension_points.plan.sheet import LATE_LEGEND, Page, Row, Sheet, describe_cut

RAGGED = r"\raggedright\hyphenpenalty=10000\exhyphenpenalty=10000\arraybackslash"
# Read at arm's length, with one eye on the room. Nothing a facilitator reads during the run is
# smaller than 10 pt: the titles and the late marks 11 pt (the body's size), the minute split a
# facilitator calls time by and the late plan's cuts 10 pt, the clock and the minutes 13 pt bold
# (before: the split 8 pt, the titles 10 pt, the clock 12 pt).
# The three late columns are l columns: a cell never wraps, so no number of it can be read as
# the next row's; a rule stands between them, and their numbers are separated by commas.
# The title column takes the rest of the agenda's width (tabularx).
CLOCK_FONT = r"\fontsize{13}{13}\selectfont"
AGENDA_FONT = r"\fontsize{10.95}{11.6}\selectfont"
SPLIT_FONT = r"\fontsize{10}{11}\selectfont"
PLAN_FONT = r"\fontsize{10}{11.3}\selectfont"
LATE_RULE = r"!{\color{black!35}\vrule width 0.6pt\hspace{4pt}}"
COLUMNS = (
    rf"@{{}}>{{\bfseries{CLOCK_FONT}}}l>{{\bfseries{CLOCK_FONT}\raggedleft\arraybackslash}}r"
    rf"@{{\hspace{{6pt}}}}>{{{RAGGED}}}X"
    + "".join(rf"{LATE_RULE}>{{\normalsize}}l" for _ in range(3)) + "@{}"
)
# A page is landscape (pdflscape): a line 279 mm long and 200 mm of height. The agenda stands on
# the left, the late plan (the numbered cuts the rows name) on the right, and a half day is one
# page: the longest, the full day's afternoon (4 h 29 min: 26 segments, buffers and breaks, and
# 20 cuts), fills it at the sizes above. A page with room prints larger: LaTeX sets the page at
# the largest of :data:`SCALES` (every size above, and every space and rule, times the scale) at
# which both the agenda and its late plan fit the page's height, so a shorter agenda (the
# taster) reads larger at arm's length; the fullest page stays at the sizes above. Where the
# line is divided differs by page too: at each scale, LaTeX takes the widest late plan that
# leaves the agenda room to fit (a half day of many cuts and few rows gives the plan more
# width, the afternoon's 28 rows want it for the titles).
SHARES = ("0.50", "0.54", "0.58", "0.62", "0.64", "0.66", "0.68", "0.69", "0.70", "0.71", "0.72", "0.74", "0.76", "0.78")
# In hundredths, largest first; 100 is the sizes above. (Before: every page at 100, the taster's
# bottom 40 % empty.)
SCALES = tuple(range(160, 99, -5))
PAGE_HEIGHT = "197mm"
GAP = "10pt"
# A sheet's pages: narrow margins and landscape, from the page break before the section that
# holds it ({lectern-page}), so the section's heading and words share the page with the sheet;
# the sheet (or the refusal that stands in its place) ends them: :data:`LECTERN_END`.
LECTERN_PAGE = r"\clearpage"
# A sheet's pages: landscape (pdflscape) with narrow margins, from a page of their own.
SHEET_START = r"\clearpage\newgeometry{left=5mm,right=5mm,top=8mm,bottom=10mm}\begin{landscape}\thispagestyle{plain}"
SHEET_END = r"\end{landscape}\restoregeometry"
# Between the late plan's blocks: a rule, with little space (the page's height is spent on type).
RULE = r"\vspace{3pt}{\color{black!60}\hrule height 0.8pt}\vspace{2pt}"
BAND = "black!80"
BREAK = "black!22"
BUFFER = "black!7"


def tex(text: str) -> str:
    return escape(text, "xelatex")


def sheet_latex(sheet: Sheet) -> str:
    """The sheet's landscape pages, one per half day (or part of a day); the handbook prints the
    planner's notes before them."""
    out = [SHEET_START]
    for number, page in enumerate(sheet.pages):
        title = sheet.heading if len(sheet.pages) == 1 else f"{sheet.title or 'Agenda'}: {page.title}, {page.first} to {page.last}"
        if number:
            out.append(r"\clearpage\thispagestyle{plain}")
        out.append(page_latex(sheet, page, title))
    out.append(SHEET_END)
    return "\n".join(out)


def page_latex(sheet: Sheet, page: Page, title: str) -> str:
    """The agenda on the left; on the right the page's title and its late plan. Both are set in
    boxes at each share of the line in :data:`SHARES` until the agenda fits the page's height;
    the first that fits gives the late plan the most width."""
    steps = len(sheet.steps)
    agenda = [
        rf"\begin{{minipage}}[t]{{\tpshare\tpline}}\vspace{{0pt}}{AGENDA_FONT}",
        r"\setlength{\tabcolsep}{2.5pt}\setlength{\arrayrulewidth}{0.3pt}\renewcommand{\arraystretch}{0.85}"
        r"\setlength{\extrarowheight}{2pt}\arrayrulecolor{black!45}",
        rf"\begin{{tabularx}}{{\linewidth}}{{{COLUMNS}}}",
        r"{\small\mdseries Clock} & {\small\mdseries Min} & {\small What, and the steps to call time by} & "
        + " & ".join(rf"{{\small {n} late}}" for n in sheet.steps) + r" \\",
        r"\arrayrulecolor{black}\hline\arrayrulecolor{black!45}",
        *(row_latex(row, steps) for row in page.rows),
        r"\end{tabularx}",
        r"\end{minipage}",
    ]
    plan = [
        rf"\begin{{minipage}}[t]{{\dimexpr\tpline-\tpshare\tpline-{GAP}\relax}}\vspace{{0pt}}\raggedright{PLAN_FONT}",
        rf"{{\bfseries\large {tex(title)}\par}}\smallskip",
        rf"{{\bfseries Running late: cut in this order.}} {tex(LATE_LEGEND)}\par",
    ]
    for block in page.blocks:
        if not block.options:
            continue
        plan.append(rf"{RULE}{{\bfseries {tex(block.heading)}}}\par")
        plan += [option_latex(option.number, option.cut, sheet) for option in block.options]
    overs = [row for row in page.rows if row.over_text]
    if overs:  # in words, what a row's "+N" says: the rows have no line to spare for it
        plan.append(rf"{RULE}{{\bfseries Ends late even with every cut}}\par")
        plan.append("; ".join(f"from {row.clock}: {tex(row.over_text.split(': ', 1)[1])}" for row in overs) + r".\par")
    plan.append(r"\end{minipage}")
    least = narrowest_share(page)
    tries = "".join(rf"\tptry{{{scale}}}{{{share}}}" for scale in SCALES for share in SHARES
                    if float(share) >= least * scale / 100)
    tries += rf"\tptry{{100}}{{{SHARES[-1]}}}"  # nothing fits: the sizes above, the agenda widest
    return "\n".join([
        r"\par\begingroup\sffamily\hyphenpenalty=10000\exhyphenpenalty=10000\raggedright\noindent",
        # (Boxes of their own: graphicx's \scalebox sets LaTeX's scratch boxes 0 and 2.)
        r"\ifdefined\tpline\else\newdimen\tpline\newbox\tpagendabox\newbox\tpplanbox\fi",
        r"\def\tpagenda{%", *agenda, "}%",
        r"\def\tpplan{%", *plan, "}%",
        # \tptry{scale}{share}: set both on a line of \linewidth/scale, the agenda taking share of
        # it, unless an earlier try already fitted; they fit when both, scaled, are less high than
        # the page.
        r"\newif\iftpfitted\tpfittedfalse",
        r"\def\tptry#1#2{\iftpfitted\else\def\tpscale{#1}\def\tpshare{#2}"
        r"\tpline=\dimexpr\linewidth*100/#1\relax"
        r"\setbox\tpagendabox\hbox{\tpagenda}\setbox\tpplanbox\hbox{\tpplan}"
        rf"\ifdim\dimexpr(\ht\tpagendabox+\dp\tpagendabox)*#1/100\relax<{PAGE_HEIGHT}\relax"
        rf"\ifdim\dimexpr(\ht\tpplanbox+\dp\tpplanbox)*#1/100\relax<{PAGE_HEIGHT}\relax\tpfittedtrue\fi\fi\fi}}%",
        tries + "%",
        r"\scalebox{\fpeval{\tpscale/100}}{\box\tpagendabox}\hfill\scalebox{\fpeval{\tpscale/100}}{\box\tpplanbox}\par",
        r"\endgroup",
    ])


# Advance widths of the characters in a late cell, in ems (FreeSans, as Helvetica's metrics).
CHAR_EM = {**dict.fromkeys("0123456789", 0.556), ",": 0.278, " ": 0.278, "\u2013": 0.556, "+": 0.584}
LINE_PT = 279 / 25.4 * 72  # the landscape line: 297 mm less the margins
# The agenda's fixed columns (clock, minutes and the gaps between all seven columns), and the least
# width its title column may have (most titles on one line), in points at the sizes above. (190,
# not 220: a narrower agenda leaves its late plan the width to fit a larger scale; the half day
# went from 100 to 105, the taster from 125 to 130, the morning from 115 to 120.)
FIXED_PT, TITLE_LEAST_PT = 36 + 17 + 6 + 6 * 2.5 * 2 + 3 * (0.6 + 4), 190


def narrowest_share(page: Page) -> float:
    """The least share of the line the agenda may take: its title column no narrower than
    :data:`TITLE_LEAST_PT` beside late columns as wide as their widest cell (an l column never
    wraps), so that no late mark runs into the late plan."""
    widths = []
    for step in range(3):
        cells = [mark.text() for row in page.rows for mark in row.late[step:step + 1]]
        widest = max((sum(CHAR_EM.get(c, 0.6) for c in cell) * 10.95 for cell in cells), default=0)
        widths.append(max(widest, 30))  # the head, "20 late", in \small
    return (FIXED_PT + TITLE_LEAST_PT + sum(widths)) / LINE_PT


def option_latex(number: int, cut: Cut, sheet: Sheet) -> str:
    return rf"\hangindent=1.6em\hangafter=1\noindent\makebox[1.6em][l]{{\bfseries {number}}}{tex(describe_cut(cut, sheet.start, steps=False, agenda=sheet.agenda))}\par"


def row_latex(row: Row, steps: int) -> str:
    empty = " &" * steps
    if row.kind == "band":
        return (rf"\rowcolor{{{BAND}}}\multicolumn{{{3 + steps}}}{{@{{}}>{{\columncolor{{{BAND}}}{RAGGED}}}p{{\linewidth}}@{{}}}}"
                rf"{{\rule[-3pt]{{0pt}}{{12.5pt}}\color{{white}}\bfseries\ {tex(row.title)}}} \\")
    minutes = "" if row.minutes is None else str(row.minutes)
    if row.kind == "buffer":
        return rf"\rowcolor{{{BUFFER}}}\itshape {row.clock} & \itshape {minutes} & \itshape {tex(row.title)}{empty} \\ \hline"
    if row.kind in ("pause", "lunch", "late"):
        return rf"\rowcolor{{{BREAK}}}{row.clock} & {minutes} & \bfseries {tex(row.title)}{empty} \\ \hline"
    if row.kind == "end":
        return rf"{row.clock} & & \bfseries {tex(row.title)}{empty} \\ \arrayrulecolor{{black}}\hline"
    what = rf"{tex(row.title)}"
    if row.split:
        what += rf"\newline{SPLIT_FONT}\color{{black!80}}{tex(row.split)}"
    marks = " & ".join(tex(mark.text()) for mark in row.late) if row.late else " &" * (steps - 1)
    return rf"{row.clock} & {minutes} & {what} & {marks} \\ \hline"
