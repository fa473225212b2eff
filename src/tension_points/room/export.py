"""``room export``: the session's record as Markdown, HTML and JSON, from the room file alone.

The JSON is the record as data; the Markdown and HTML are one document of the kit's report
stack (``reports/``), written by its renderers, with each kind's tables as they lay them out.

Every activity that was run or answered gets its results by role (as the kind lays them
out), every answer (the ones the facilitator hid are listed apart, marked), and the stuck
and done flags; the agenda gets the minutes planned and the minutes actually used.
Nicknames are left out: answers are recorded with the role only.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from tension_points.errors import UserError
from tension_points.reports import Document, Heading, Link, ListBlock, Paragraph, Table, render
from tension_points.room.activities.base import describe_activity, results_of, tables_of
from tension_points.room.activities.privacy import every_figure
from tension_points.room.catalogue import build_catalogue
from tension_points.room.roles import ROLE_LABELS, ROLES, role_label
from tension_points.room.store import RoomStore
from tension_points.textfiles import private


def when(seconds: float | None) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M:%S") if seconds else ""


def minutes_between(start: float | None, end: float | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start) / 60, 1)


def gather(course, store: RoomStore) -> dict:
    catalogue = build_catalogue(list(course.modules), store.agenda)
    runs = store.activity_runs()
    ids = []
    for activity_id in [r["activity_id"] for r in runs] + store.activities_with_answers():
        if activity_id not in ids:
            ids.append(activity_id)
    roster = store.roster()
    counts = {role: sum(1 for p in roster if p.role == role) for role, _ in ROLES}
    flags = store.flag_history()
    # The minutes the screens counted: the planner's fitted minutes for an activity on the
    # agenda (a 10-minute wall fitted to 7 ran for 7), the course's own for one opened off it.
    fitted = {item["segment_id"]: item["minutes"] for item in store.agenda if item.get("segment_id")}
    activities = []
    for activity_id in ids:
        activity = catalogue.get(activity_id)
        answers = store.answers(activity_id)
        entry = {
            "id": activity_id,
            "title": activity.title if activity else activity_id,
            "prompt": activity.prompt if activity else None,
            "kind": activity.kind.name if activity else None,
            "kind_label": activity.kind.label if activity else None,
            "format": activity.format if activity else None,
            "minutes": fitted.get(activity_id, activity.minutes) if activity else None,
            "module": activity.module_title if activity else None,
            "runs": [
                {**{k: when(r[k]) for k in ("opened_at", "closed_at", "revealed_at")}, "open_minutes": minutes_between(r["opened_at"], r["closed_at"])}
                for r in runs
                if r["activity_id"] == activity_id
            ],
            "answers": [
                {"id": a.id, "role": a.role, "answer": a.body, "votes": a.votes, "pinned": a.pinned, "hidden": a.hidden, "at": when(a.created_at)}
                for a in answers
            ],
            "results": results_of_everyone(activity, answers, store.answers) if activity else None,
            "flags": [{"team": team, "state": state, "at": when(at)} for act, team, state, at in flags if act == activity_id],
        }
        tables = tables_of(activity, answers, store.answers) if activity else [raw_table(answers)]
        if activity is not None:
            extra, extra_tables = activity.kind.export(activity, store)  # a game's logs and debrief
            entry.update(extra)
            tables += extra_tables
        entry["tables"] = [{"caption": t.caption, "headers": list(t.headers), "rows": [list(r) for r in t.rows],
                            "numeric": list(t.numeric), "row_headers": t.row_headers}
                           for t in tables]
        # Kinds whose answers are files (a pair's map and its drawing) hand them over whole.
        entry["files"] = [{"name": name, "text": text} for name, text in activity.kind.files(activity, answers)] if activity else []
        activities.append(entry)
    segments = []
    for run in store.segment_runs():
        planned = run["planned_minutes"]
        segments.append(
            {
                "title": run["title"],
                "segment_id": run["segment_id"],
                "planned_minutes": planned,
                "extended_minutes": run["extended_minutes"],
                "started_at": when(run["started_at"]),
                "ended_at": when(run["ended_at"]),
                "used_minutes": minutes_between(run["started_at"], run["ended_at"]),
            }
        )
    return {
        "room": {"file": store.path.name, "id": store.room_id, "created_at": when(float(store.meta["created_at"])), "exported_at": when(datetime.now().timestamp())},
        "participants": {"total": len(roster), "by_role": {ROLE_LABELS[r]: n for r, n in counts.items()}},
        "agenda": [{"title": item["title"], "kind": item["kind"], "minutes": item["minutes"]} for item in store.agenda],
        "segments": segments,
        "activities": activities,
    }


def results_of_everyone(activity, answers, answers_of) -> dict:
    """The results as the screens have them, but with every role, however few answered: the
    export is the facilitator's (the screens keep to privacy.py's rule)."""
    with every_figure():
        return results_of(activity, answers, answers_of)


def raw_table(answers) -> Table:
    rows = [[json.dumps(a.body, ensure_ascii=False), role_label(a.role)] for a in answers]
    return Table(["Answer", "Role"], rows, caption="Answers (activity no longer in the course)", row_headers=False)


def record_document(record: dict) -> Document:
    """The record as one report of the kit's report stack, written as Markdown and HTML by its renderers."""
    room = record["room"]
    document = Document(f"Workshop room record: {room['file']}")
    document.add(Paragraph(f"Room created {room['created_at']}, exported {room['exported_at']}."))
    people = record["participants"]
    document.add(Heading(2, f"Participants: {people['total']}"),
                 Table(["Role", "Joined"], [[role, str(n)] for role, n in people["by_role"].items()], numeric=(1,)))
    document.add(Heading(2, "Timings"))
    rows = [[s["title"], str(s["planned_minutes"]), str(s["extended_minutes"]), s["started_at"],
             str(s["used_minutes"]) if s["used_minutes"] is not None else "still running"] for s in record["segments"]]
    document.add(Table(["Item", "Planned min", "Extended by", "Started", "Used min"], rows, numeric=(1, 2, 4))
                 if rows else Paragraph("No agenda item was started."))
    document.add(Heading(2, "Activities"))
    if not record["activities"]:
        document.add(Paragraph("No activity was run."))
    for activity in record["activities"]:
        add_activity(document, activity)
    return document


def add_activity(document: Document, activity: dict) -> None:
    document.add(Heading(3, activity["title"]))
    # The screens' own line (kind's label, format, minutes), after the module.
    described = describe_activity(activity.get("kind_label") or "", activity["format"], activity["minutes"])
    facts = [f for f in (activity["module"], described) if f]
    document.add(Paragraph(" · ".join(facts)))
    if activity["prompt"]:
        document.add(Paragraph(activity["prompt"], style="quote"))
    runs = [f"Opened {r['opened_at']}, closed {r['closed_at'] or 'not closed'}" + (f", results shown {r['revealed_at']}" if r["revealed_at"] else "")
            for r in activity["runs"]]
    if runs:
        document.add(ListBlock(runs))
    for table in activity["tables"]:
        if table["rows"]:
            document.add(Table(table["headers"], table["rows"], tuple(table.get("numeric", ())),
                               row_headers=table.get("row_headers", True), caption=table["caption"]))
        else:
            document.add(Paragraph(f"{table['caption']}: none."))
    if activity["files"]:
        document.add(Heading(4, "Files"), *(Link(f["name"], f["path"]) for f in activity["files"]))
    if activity["flags"]:
        document.add(Table(["Table or pair", "Flag", "At"], [[f["team"], f["state"], f["at"]] for f in activity["flags"]], caption="Stuck and done"))


def free_name(directory: Path, stem: str) -> str:
    """``stem``, or ``stem-2``, ``stem-3``...: the first for which none of the three files (nor the folder of files) exists."""
    candidate, number = stem, 1
    while any((directory / f"{candidate}.{ext}").exists() for ext in ("md", "html", "json", "files")):
        number += 1
        candidate = f"{stem}-{number}"
    return candidate


def write_files(record: dict, directory: Path, folder: str) -> list[Path]:
    """The activities' files into one folder beside the record; the record keeps their paths."""
    written = []
    for activity in record["activities"]:
        for entry in activity["files"]:
            target = directory / folder / entry.pop("name")  # names are slugs: no path escapes the folder
            target.parent.mkdir(mode=0o700, exist_ok=True)
            with open(target, "x", encoding="utf-8", opener=private) as handle:
                handle.write(entry.pop("text"))
            entry.update(name=target.name, path=f"{folder}/{target.name}")
            written.append(target)
    return written


def export_room(course, path: Path, output_dir: Path | None) -> list[Path]:
    store = RoomStore.open(path, serving=False)
    try:
        record = gather(course, store)
    finally:
        store.close()
    directory = output_dir or path.parent
    if output_dir is not None and not directory.exists():
        try:  # a new folder for the record, as private as the record itself
            directory.mkdir(mode=0o700, parents=True)
        except OSError as error:
            raise UserError(f"{directory}: cannot make this folder ({error.strerror})") from None
    if not directory.is_dir():
        raise UserError(f"{directory}: not a folder")
    stem = free_name(directory, f"{path.stem}-export")
    files = write_files(record, directory, f"{stem}-files")
    written = []
    document = record_document(record)
    for ext, text in (("md", render(document, "md")), ("html", render(document, "html")), ("json", json.dumps(record, indent=2, ensure_ascii=False) + "\n")):
        target = directory / f"{stem}.{ext}"
        # "x": never overwrite; private: the answers are the facilitator's, like the room file (0600)
        with open(target, "x", encoding="utf-8", opener=private) as handle:
            handle.write(text)
        written.append(target)
    return written + files
