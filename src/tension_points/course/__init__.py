"""The course: modules, segments, objectives and quotes, loaded once and read by every output."""

from tension_points.course.loaders import check_unique, load_course, load_module, read_front_matter
from tension_points.course.locate import course_root
from tension_points.course.model import (
    ACTIVITY_KINDS,
    SHORTEST_SEGMENT,
    Course,
    LiveActivity,
    Module,
    ModuleKind,
    Objective,
    Part,
    Segment,
    SegmentKind,
    SelfPaced,
    Recap,
    Talk,
    TalkPoint,
    TalkShort,
)
from tension_points.course.quotes import QUOTES_FILE, Quote, QuoteLibrary, Speaker, Theme, load_quotes
from tension_points.course.timefmt import clock, format_minutes, parse_clock

__all__ = [
    "ACTIVITY_KINDS", "SHORTEST_SEGMENT", "Course", "LiveActivity", "Module", "ModuleKind", "Objective", "Part",
    "Segment", "SegmentKind", "SelfPaced", "Talk", "TalkPoint", "TalkShort", "Recap", "QUOTES_FILE", "Quote", "QuoteLibrary", "Speaker", "Theme", "check_unique",
    "clock", "course_root", "format_minutes", "load_course", "load_module", "load_quotes", "parse_clock",
    "read_front_matter",
]
