"""``room export``: the session's record as Markdown, HTML and JSON, from the room file alone.

Every activity that was run or answered gets its results by role (as the kind lays them
out), every answer (the ones the facilitator hid are listed apart, marked), and the stuck
and done flags; the agenda gets the minutes planned and the minutes actually used.
Nicknames are left out: answers are recorded with the role only.
"""

from __future__ import annotations

import html
import json
from datetime import datetime
from pathlib import Path

from tension_points.errors import UserError
from tension_points.reports import Table
from tension_points.room.activities.base import results_of, tables_of
from tension_points.room.activities.privacy import every_figure
from tension_points.room.catalogue import build_catalogue
from tension_points.room.http.pages import TEMPLATES
from tension_points.room.roles import ROLE_LABELS, ROLES, role_label
from tension_points.room.store import RoomStore


def when(seconds: float | None) -> str:
    return datetime.fromtimestamp(seconds).strftime("%Y-%m-%d %H:%M:%S") if seconds else ""


def minutes_between(start: float | None, end: float | None) -> float | None:
    if start is None or end is None:
        return None
    return round((end - start) / 60, 1)


def gather(course, store: RoomStore) -> dict:
    catalogue = build_catalogue(list(course.modules))
    runs = store.activity_runs()
    ids = []
    for activity_id in [r["activity_id"] for r in runs] + store.activities_with_answers():
        if activity_id not in ids:
            ids.append(activity_id)
    roster = store.roster()
    counts = {role: sum(1 for p in roster if p.role == role) for role, _ in ROLES}
    flags = store.flag_history()
    activities = []
    for activity_id in ids:
        activity = catalogue.get(activity_id)
        answers = store.answers(activity_id)
        entry = {
            "id": activity_id,
            "title": activity.title if activity else activity_id,
            "prompt": activity.prompt if activity else None,
            "kind": activity.kind.name if activity else None,
            "format": activity.format if activity else None,
            "minutes": activity.minutes if activity else None,
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
        entry["tables"] = [{"caption": t.caption, "headers": list(t.headers), "rows": [list(r) for r in t.rows]} for t in tables]
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


def md_cell(text: object) -> str:
    """One table cell: on one line, pipes escaped, and markup a participant typed kept as text."""
    text = " ".join(str(text).split())
    return html.escape(text, quote=False).replace("|", "\\|")


def md_table(headers, rows) -> list[str]:
    lines = ["| " + " | ".join(md_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines


def render_markdown(record: dict) -> str:
    room = record["room"]
    lines = [f"# Workshop room record: {room['file']}", "", f"Room created {room['created_at']}, exported {room['exported_at']}.", ""]
    people = record["participants"]
    lines += [f"## Participants: {people['total']}", ""]
    lines += md_table(("Role", "Joined"), [(role, n) for role, n in people["by_role"].items()]) + [""]
    lines += ["## Timings", ""]
    rows = [(s["title"], s["planned_minutes"], s["extended_minutes"], s["started_at"], s["used_minutes"] if s["used_minutes"] is not None else "still running") for s in record["segments"]]
    lines += (md_table(("Item", "Planned min", "Extended by", "Started", "Used min"), rows) if rows else ["No agenda item was started."]) + [""]
    lines += ["## Activities", ""]
    if not record["activities"]:
        lines += ["No activity was run.", ""]
    for activity in record["activities"]:
        lines += [f"### {activity['title']}", ""]
        facts = [f for f in (activity["module"], activity["kind"], activity["format"], f"{activity['minutes']} min" if activity["minutes"] else None) if f]
        lines += [" · ".join(facts), ""]
        if activity["prompt"]:
            lines += [f"> {activity['prompt']}", ""]
        for run in activity["runs"]:
            lines += [f"- Opened {run['opened_at']}, closed {run['closed_at'] or 'not closed'}" + (f", results shown {run['revealed_at']}" if run["revealed_at"] else "")]
        lines += [""]
        for table in activity["tables"]:
            lines += [f"**{table['caption']}**", ""]
            lines += (md_table(table["headers"], table["rows"]) if table["rows"] else ["(none)"]) + [""]
        if activity["files"]:
            lines += ["**Files**", ""] + [f"- [{f['name']}]({f['path']})" for f in activity["files"]] + [""]
        if activity["flags"]:
            lines += ["**Stuck and done**", ""] + md_table(("Table or pair", "Flag", "At"), [(f["team"], f["state"], f["at"]) for f in activity["flags"]]) + [""]
    return "\n".join(lines).rstrip() + "\n"


def render_html(record: dict) -> str:
    return TEMPLATES.get_template("export.html").render(record=record)


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
            target.parent.mkdir(exist_ok=True)
            with open(target, "x", encoding="utf-8") as handle:
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
    if not directory.is_dir():
        raise UserError(f"{directory}: no such folder")
    stem = free_name(directory, f"{path.stem}-export")
    files = write_files(record, directory, f"{stem}-files")
    written = []
    for ext, text in (("md", render_markdown(record)), ("html", render_html(record)), ("json", json.dumps(record, indent=2, ensure_ascii=False) + "\n")):
        target = directory / f"{stem}.{ext}"
        with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(text)
        written.append(target)
    return written + files
