"""Read the course from its files: each module's front matter (schema-checked) and the quote library.

Every malformed file stops with one UserError naming the file and the field.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType

from tension_points.course.model import (
    Course,
    LiveActivity,
    Module,
    ModuleKind,
    Objective,
    Part,
    Segment,
    SegmentKind,
    SelfPaced,
    Talk,
    TalkPoint,
)
from tension_points.course.quotes import QUOTES_FILE, load_quotes
from tension_points.datafiles import check_unique, parse_yaml, validate
from tension_points.errors import UserError
from tension_points.textfiles import read_text

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.DOTALL)


def read_front_matter(path: Path) -> dict:
    match = FRONT_MATTER.match(read_text(path, "a module page"))
    if not match:
        raise UserError(f"{path}: module: no front matter (a '---' block at the top of the file)")
    return parse_yaml(match.group(1), path) or {}


def load_module(path: Path) -> Module:
    data = validate(read_front_matter(path), "module", path)
    meta = data["module"]
    objectives = tuple(Objective(o["id"], o["text"]) for o in meta["objectives"])
    segments = []
    start = 0
    for entry in meta["segments"]:
        segments.append(make_segment(entry, start))
        start += entry["minutes"]
    module = Module(
        id=meta["id"],
        kind=ModuleKind(meta["kind"]),
        title=data["title"],
        summary=meta["summary"],
        objectives=objectives,
        key_points=tuple(meta["key_points"]),
        segments=tuple(segments),
        path=path,
        self_paced=make_self_paced(meta.get("self_paced")),
    )
    check_module(module)
    return module


def make_segment(entry: dict, start: int) -> Segment:
    live = entry.get("live")
    return Segment(
        id=entry["id"],
        kind=SegmentKind(entry["kind"]),
        title=entry["title"],
        minutes=entry["minutes"],
        min_minutes=entry["min_minutes"],
        start=start,
        format=entry.get("format"),
        prompt=entry.get("prompt"),
        parts=tuple(Part(p["label"], p["minutes"], p.get("paper")) for p in entry.get("parts", ())),
        serves=tuple(entry.get("serves", ())),
        live=make_live(live) if live else None,
        optional=entry.get("optional", False),
        pause_after=entry.get("pause_after", False),
        signature=entry.get("signature", False),
        talk=make_talk(entry["talk"]) if "talk" in entry else None,
        after_session=entry.get("after_session"),
    )


def make_talk(entry: dict) -> Talk:
    return Talk(
        points=tuple(TalkPoint(" ".join(p["say"].split()), p.get("quote")) for p in entry["points"]),
        next=" ".join(entry["next"].split()),
        ask=" ".join(entry["ask"].split()) if "ask" in entry else None,
        watch=" ".join(entry["watch"].split()) if "watch" in entry else None,
    )


def make_self_paced(entry: dict | None) -> SelfPaced | None:
    if entry is None:
        return None
    return SelfPaced(minutes=entry["minutes"], prerequisites=tuple(entry["prerequisites"]))


def make_live(entry: dict) -> LiveActivity:
    return LiveActivity(kind=entry["kind"], spec=MappingProxyType(dict(entry)))


def check_module(module: Module) -> None:
    path = module.path
    check_unique(
        enumerate(module.objectives), lambda p: p[1].id, lambda p: f"{path}: module.objectives[{p[0]}].id", "objective id"
    )
    check_unique(
        enumerate(module.segments), lambda p: p[1].id, lambda p: f"{path}: module.segments[{p[0]}].id", "segment id"
    )
    objective_ids = {o.id for o in module.objectives}
    for index, segment in enumerate(module.segments):
        where = f"{path}: module.segments[{index}]"
        if segment.min_minutes > segment.minutes:
            raise UserError(f"{where}.min_minutes: {segment.min_minutes} is more than minutes ({segment.minutes})")
        if segment.kind is SegmentKind.DISCUSSION and not segment.format:
            raise UserError(f"{where}.format: a discussion needs a format (e.g. think-pair-share)")
        if segment.parts and sum(p.minutes for p in segment.parts) != segment.minutes:
            total = sum(p.minutes for p in segment.parts)
            raise UserError(f"{where}.parts: the parts add up to {total} minutes, not the segment's {segment.minutes}")
        if segment.parts and len(segment.parts) > segment.min_minutes:
            raise UserError(
                f"{where}.min_minutes: {segment.min_minutes} is too short for its {len(segment.parts)} parts (a minute each at least)"
            )
        if segment.talk is not None and segment.kind is not SegmentKind.TEACHING:
            raise UserError(f"{where}.talk: talking points belong to a teaching segment, not a {segment.kind}")
        for objective_id in segment.serves:
            if objective_id not in objective_ids:
                raise UserError(f"{where}.serves: no objective '{objective_id}' in module.objectives")


def load_course(root: Path | None = None) -> Course:
    """The course in ``root`` (default: the kit's own, see :func:`course_root`), in teaching order:
    the order of the module files' names (01-opening.md, ...)."""
    if root is None:
        from tension_points.course.locate import course_root

        root = course_root()
    root = Path(root)
    modules_dir = root / "modules"
    if not modules_dir.is_dir():
        raise UserError(f"{modules_dir}: folder not found (is this the course folder?)")
    paths = sorted(p for p in modules_dir.glob("*.md") if p.name != "index.md")
    modules = tuple(load_module(p) for p in paths)
    check_unique(modules, lambda m: m.id, lambda m: f"{m.path}: module.id", "module id")
    check_unique(
        ((m, s) for m in modules for s in m.segments),
        lambda p: p[1].id,
        lambda p: f"{p[0].path}: module.segments",
        "segment id",
    )
    quotes_file = root / QUOTES_FILE
    quotes = load_quotes(quotes_file) if quotes_file.exists() else None
    check_talk_quotes(modules, quotes, quotes_file)
    return Course(root=root, modules=modules, quotes=quotes)


def check_talk_quotes(modules: tuple[Module, ...], quotes, quotes_file: Path) -> None:
    """Every quote a talking point reads out is a card of the quote library (traced to the transcript)."""
    for module in modules:
        for index, segment in enumerate(module.segments):
            points = segment.talk.points if segment.talk is not None else ()
            for number, point in enumerate(points):
                if point.quote is not None and (quotes is None or point.quote not in quotes.quotes):
                    raise UserError(
                        f"{module.path}: module.segments[{index}].talk.points[{number}].quote: "
                        f"no quote '{point.quote}' in {quotes_file}"
                    )
