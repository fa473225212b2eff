"""The agenda rules a facilitator signs, as one check: every way an agenda can break them, by name.

Each rule is stated once here, independently of the planner's code (tests/plan/test_rules.py
runs it on agendas of every length; test_rule_check.py shows it catches each violation).
"""

from __future__ import annotations

import math

from tension_points.course import ModuleKind

MAX_BLOCK = 90
MIN_BLOCK = 45
BUFFER_SHARE = 0.10
MOST_TRIMMED = 0.25
HALF_DAY = range(180, 241)
SIGNATURE_EXERCISES = {"reproducibility-audit", "cross-training-wizard-of-oz"}


def blocks(agenda) -> list[list]:
    result = [[]]
    for item in agenda.items:
        if item.kind in ("pause", "lunch"):
            result.append([])
        else:
            result[-1].append(item)
    return result


def broken_rules(agenda, minutes: int, break_minutes: int = 15, lunch_minutes: int = 0,
                 named: list[str] | None = None) -> list[str]:
    """Every rule the agenda breaks, in words; [] when it keeps them all."""
    problems = []
    items = list(agenda.items)
    if sum(i.minutes for i in items) != minutes:
        problems.append(f"adds up to {sum(i.minutes for i in items)} min, not the {minutes} asked")
    for before, after in zip(items, items[1:]):
        if before.offset + before.minutes != after.offset:
            problems.append(f"a gap or overlap between {before.title!r} and {after.title!r}")
    # Pauses: exactly as asked, where the work allows one.
    pauses = [n for n, i in enumerate(items) if i.kind in ("pause", "lunch")]
    lunches = [items[n] for n in pauses if items[n].kind == "lunch"]
    if lunch_minutes and len(lunches) != 1:
        problems.append(f"{len(lunches)} lunches where one was asked")
    if not lunch_minutes and lunches:
        problems.append("a lunch where none was asked")
    for n in pauses:
        pause = items[n]
        asked = lunch_minutes if pause.kind == "lunch" else break_minutes
        if pause.minutes != asked:
            problems.append(f"{pause.title} at minute {pause.offset} lasts {pause.minutes} min, not the {asked} asked")
        before = next((i for i in reversed(items[:n]) if i.segment is not None), None)
        after = next((i for i in items[n + 1:] if i.segment is not None), None)
        if before is None or after is None:
            problems.append(f"{pause.title} at minute {pause.offset} does not stand between two segments")
        elif before.module is after.module and not before.segment.pause_after:
            problems.append(f"{pause.title} at minute {pause.offset} splits {before.segment.id!r} from {after.segment.id!r}, "
                            "which its module does not mark as a place to pause")
    # Blocks: at most 90 minutes, at least 45 when there are pauses, a buffer of a tenth at the end.
    for number, block in enumerate(blocks(agenda), 1):
        length = sum(i.minutes for i in block)
        if length > MAX_BLOCK:
            problems.append(f"block {number} runs {length} min without a break")
        if pauses and length < MIN_BLOCK:
            problems.append(f"block {number} is only {length} min between breaks")
        buffers = [i for i in block if i.kind == "buffer"]
        if len(buffers) != 1 or block[-1] is not buffers[0]:
            problems.append(f"block {number} does not end with one Buffer row")
        elif buffers[0].minutes < math.ceil(BUFFER_SHARE * length - 1e-9):
            problems.append(f"block {number}: buffer {buffers[0].minutes} min is under a tenth of its {length} min")
        elif buffers[0].title != "Buffer":
            problems.append(f"block {number}: the buffer row is called {buffers[0].title!r}")
    # Segments: never below their minimum, nor trimmed by more than a quarter; parts add up.
    for item in agenda.segment_items():
        segment = item.segment
        if not (segment.min_minutes <= item.minutes <= segment.minutes):
            problems.append(f"{segment.id} runs {item.minutes} min, outside {segment.min_minutes}..{segment.minutes}")
        if item.minutes < (1 - MOST_TRIMMED) * segment.minutes:
            problems.append(f"{segment.id} runs {item.minutes} of its {segment.minutes} min: trimmed by more than a quarter")
        if segment.parts and sum(p.minutes for p in item.parts) != item.minutes:
            problems.append(f"{segment.id}: its steps add up to {sum(p.minutes for p in item.parts)}, not {item.minutes}")
    # Modules: the opening and closing always; each module whole but for optional segments.
    kinds = [m.kind for m in agenda.modules]
    if ModuleKind.OPENING not in kinds or ModuleKind.CLOSING not in kinds:
        problems.append("the opening or the closing is missing")
    kept = {item.segment.id for item in agenda.segment_items()}
    for module in agenda.modules:
        for segment in module.segments:
            if not segment.optional and segment.id not in kept:
                problems.append(f"{module.id} is in but its segment {segment.id!r} is not")
    if named is not None:
        topics = [m.id for m in agenda.modules if m.kind is ModuleKind.TOPIC]
        if sorted(topics) != sorted(named):
            problems.append(f"topic modules {topics}, not the {named} asked for")
    else:
        topics = [m for m in agenda.modules if m.kind is ModuleKind.TOPIC]
        if len(topics) > 1 and any(i.minutes < i.segment.minutes for i in agenda.segment_items()):
            problems.append("the planner shortened segments to fit more than one topic module in by itself")
        if minutes in HALF_DAY and not kept & SIGNATURE_EXERCISES:
            problems.append("a half day without the reproducibility audit or the Wizard of Oz")
    return problems
