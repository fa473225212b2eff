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
# The late plan is read at arm's length like the rest: the marks and the list beside the agenda
# in the body's size (\normalsize, 11 pt), never smaller. A page is landscape (pdflscape) so that
# both fit beside each other: the agenda in the left 60% of a line 276 mm long (165 mm: Clock |
# Min | What | 5 late | 10 late | 20 late, 155.5 mm of columns and ten gaps of 2.5 pt), the late
# plan in the right 38%.
LATE_WIDTHS = ("9mm", "15mm", "24mm")
COLUMNS = (
    r"@{}>{\bfseries\large}p{13mm}>{\bfseries\large\raggedleft\arraybackslash}p{6.5mm}"
    rf">{{{RAGGED}}}p{{88mm}}"
    + "".join(rf">{{\normalsize{RAGGED}}}p{{{width}}}" for width in LATE_WIDTHS) + "@{}"
)
# A sheet's pages: narrow margins and landscape, from the page break before the section that
# holds it ({lectern-page}), so the section's heading and words share the page with the sheet;
# the sheet (or the refusal that stands in its place) ends them: :data:`LECTERN_END`.
LECTERN_PAGE = r"\clearpage"
# A sheet's pages: landscape (pdflscape) with narrow margins, from a page of their own.
SHEET_START = r"\clearpage\newgeometry{left=6mm,right=6mm,top=8mm,bottom=10mm}\begin{landscape}\thispagestyle{plain}"
SHEET_END = r"\end{landscape}\restoregeometry"
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
    """The agenda on the left; on the right the page's title and its late plan, in the body's size."""
    lines = [
        r"\par\begingroup\sffamily\hyphenpenalty=10000\exhyphenpenalty=10000\raggedright\noindent",
        r"\begin{minipage}[t]{0.59\linewidth}\vspace{0pt}",
        r"\setlength{\tabcolsep}{2.5pt}\renewcommand{\arraystretch}{0.95}\arrayrulecolor{black!45}",
        rf"\begin{{tabular}}{{{COLUMNS}}}",
        r"{\footnotesize\mdseries Clock} & {\footnotesize\mdseries Min} & {\footnotesize What} & "
        + " & ".join(rf"{{\footnotesize {n} late}}" for n in sheet.steps) + r" \\",
        r"\arrayrulecolor{black}\hline\arrayrulecolor{black!45}",
    ]
    lines += [row_latex(row, len(sheet.steps)) for row in page.rows]
    lines += [
        r"\end{tabular}",
        r"\end{minipage}\hfill",
        r"\begin{minipage}[t]{0.4\linewidth}\vspace{0pt}\raggedright\normalsize\setlength{\baselineskip}{12pt}",
        rf"{{\bfseries\Large {tex(title)}}}\par\smallskip",
        rf"{{\bfseries Running late: cut in this order.}} {tex(LATE_LEGEND)}\par",
    ]
    for block in page.blocks:
        if not block.options:
            continue
        lines.append(rf"\smallskip{{\color{{black!60}}\hrule height 1pt}}\smallskip{{\bfseries {tex(block.heading)}}}\par")
        lines += [option_latex(option.number, option.cut, sheet.start) for option in block.options]
    lines += [r"\end{minipage}\par", r"\endgroup"]
    return "\n".join(lines)


def option_latex(number: int, cut: Cut, start: int) -> str:
    return rf"\hangindent=1.6em\hangafter=1\noindent\makebox[1.6em][l]{{{number}.}}{tex(describe_cut(cut, start))}\par"


def row_latex(row: Row, steps: int) -> str:
    empty = " &" * steps
    if row.kind == "band":
        return (rf"\rowcolor{{{BAND}}}\multicolumn{{{3 + steps}}}{{@{{}}>{{\columncolor{{{BAND}}}}}l@{{}}}}"
                rf"{{\color{{white}}\bfseries\normalsize\strut\ {tex(row.title)}}} \\")
    minutes = "" if row.minutes is None else str(row.minutes)
    if row.kind == "buffer":
        return rf"\rowcolor{{{BUFFER}}}\itshape {row.clock} & \itshape {minutes} & \itshape {tex(row.title)}{empty} \\ \hline"
    if row.kind in ("pause", "lunch", "late"):
        return rf"\rowcolor{{{BREAK}}}{row.clock} & {minutes} & \bfseries {tex(row.title)}{empty} \\ \hline"
    if row.kind == "end":
        return rf"{row.clock} & & \bfseries {tex(row.title)}{empty} \\ \arrayrulecolor{{black}}\hline"
    what = rf"\small {tex(row.title)}"
    if row.split:
        what += rf"\newline{{\scriptsize {tex(row.split)}}}"
    if row.over_text:
        what += rf"\newline{{\normalsize\bfseries {tex(row.over_text)}}}"
    marks = " & ".join(tex(mark.text()) for mark in row.late) if row.late else " &" * (steps - 1)
    return rf"{row.clock} & {minutes} & {what} & {marks} \\ \hline"
