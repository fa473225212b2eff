"""The agenda sheet in print: LaTeX for the handbook, one page per half day, made for the lectern.

Each page sets its own narrow margins; the agenda on the left (the clock and the minutes
large, the module as a band across, the minute split on a line of its own, buffers and
breaks as shaded rows) and the late plan on the right. Nothing is justified or hyphenated.
The content comes from :mod:`tension_points.plan.sheet`, as for the site and the command.
"""

from __future__ import annotations

from sphinx.util.texescape import escape

from tension_points.plan.late import Cut
from tension_points.plan.sheet import LATE_LEGEND, Page, Row, Sheet, describe_cut

RAGGED = r"\raggedright\hyphenpenalty=10000\exhyphenpenalty=10000\arraybackslash"
# Clock | Min | What | 5 late | 10 late | 20 late, in the left 72% of a sheet 192 mm wide
# (138 mm: the columns' 127.5 mm and ten gaps of 2.5 pt between them).
COLUMNS = (
    r"@{}>{\bfseries\large}p{14mm}>{\bfseries\large\raggedleft\arraybackslash}p{6.5mm}"
    rf">{{{RAGGED}}}p{{72.5mm}}*{{3}}{{>{{\footnotesize{RAGGED}}}p{{11.5mm}}}}@{{}}"
)
# A sheet's page: narrow margins, set at the page break before the section that holds it
# ({lectern-page}), so the section's heading and words share the page with the sheet.
LECTERN_PAGE = r"\clearpage\newgeometry{left=9mm,right=9mm,top=9mm,bottom=12mm}\thispagestyle{plain}"
BAND = "black!80"
BREAK = "black!22"
BUFFER = "black!7"


def tex(text: str) -> str:
    return escape(text, "xelatex")


def sheet_latex(sheet: Sheet, notes: list[str]) -> str:
    """The sheet's pages; the first follows what is already on the lectern page, the others start
    pages of their own; the planner's notes close the first page's late plan; normal margins
    come back after the last."""
    agenda = sheet.agenda
    out = []
    for number, page in enumerate(sheet.pages):
        title = sheet.heading if len(sheet.pages) == 1 else f"{sheet.title or 'Agenda'}: {page.title}, {page.first} to {page.last}"
        if number:
            out.append(LECTERN_PAGE)
        out.append(page_latex(sheet, page, title, agenda.summary() if number == 0 else "", [] if number else notes))
    out.append(r"\clearpage\restoregeometry")
    return "\n".join(out)


def page_latex(sheet: Sheet, page: Page, title: str, summary: str, notes: list[str]) -> str:
    lines = [
        r"\par\begingroup\sffamily\hyphenpenalty=10000\exhyphenpenalty=10000\raggedright",
        rf"\noindent{{\bfseries\Large {tex(title)}}}\par",
    ]
    if summary:
        lines.append(rf"\noindent{{\small {tex(summary)}}}\par")
    lines += [
        r"\vspace{1.5mm}\noindent",
        r"\begin{minipage}[t]{0.72\linewidth}\vspace{0pt}",
        r"\setlength{\tabcolsep}{2.5pt}\renewcommand{\arraystretch}{1.15}\arrayrulecolor{black!45}",
        rf"\begin{{tabular}}{{{COLUMNS}}}",
        r"{\footnotesize\mdseries Clock} & {\footnotesize\mdseries Min} & {\footnotesize What} & "
        + " & ".join(rf"{{\footnotesize {n} late}}" for n in sheet.steps) + r" \\",
        r"\arrayrulecolor{black}\hline\arrayrulecolor{black!45}",
    ]
    lines += [row_latex(row, len(sheet.steps)) for row in page.rows]
    lines += [
        r"\end{tabular}",
        r"\end{minipage}\hfill",
        r"\begin{minipage}[t]{0.265\linewidth}\vspace{0pt}\raggedright\scriptsize",
        r"{\bfseries\small Running late: cut in this order}\par\smallskip",
        rf"{tex(LATE_LEGEND)}\par",
    ]
    for block in page.blocks:
        if not block.options:
            continue
        lines.append(rf"\medskip{{\color{{black!60}}\hrule height 1pt}}\smallskip{{\bfseries\footnotesize {tex(block.heading)}}}\par")
        lines += [option_latex(option.number, option.cut, sheet.start) for option in block.options]
    if notes:
        lines.append(r"\medskip{\color{black!60}\hrule height 1pt}\smallskip{\bfseries\footnotesize Notes}\par")
        lines += [rf"{tex(note)}\par\smallskip" for note in notes]
    lines += [r"\end{minipage}\par", r"\endgroup"]
    return "\n".join(lines)


def option_latex(number: int, cut: Cut, start: int) -> str:
    return rf"\hangindent=1.5em\hangafter=1\noindent\makebox[1.5em][l]{{{number}.}}{tex(describe_cut(cut, start))}\par"


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
        what += rf"\newline{{\footnotesize\bfseries {tex(row.over_text)}}}"
    marks = " & ".join(tex(mark.text()) for mark in row.late) if row.late else " &" * (steps - 1)
    return rf"{row.clock} & {minutes} & {what} & {marks} \\ \hline"
