"""What every kind of room activity is: the protocol a kind implements, and the activity it runs.

A kind (``simple.py``'s poll, ``survey.py``, ``woz.py``...) is one class deriving from
:class:`ActivityKind`. It reads its own part of a module's ``live`` spec, says what the
screens need to know about an activity, cleans a participant's answer (or refuses it with
a reason the phone shows), adds the stored answers up into results, lays them out as tables
and files for the export, says what a live update carries, and may add routes of its own
through the one :class:`KindContext` the room's HTTP layer lends it. Its renderer (the
phone's form, the results on every screen) is one entry of ``Room.kinds`` in a script of
its own, listed in :attr:`ActivityKind.assets`. ``registry.py`` gathers the kinds; nothing
here imports it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from tension_points.datafiles import describe_location, describe_problem
from tension_points.reports import Table
from tension_points.room.activities.privacy import gated
from tension_points.room.roles import ROLES

MAX_TEXT = 500
# Where the built-in kinds' renderers live (served under /static/kinds/).
KIND_ASSETS = Path(str(resources.files("tension_points.room") / "static" / "kinds"))


class AnswerRefused(ValueError):
    """An answer this kind does not accept; the message is shown on the phone."""


class SpecProblem(ValueError):
    """What is wrong with a segment's ``live`` spec; the catalogue adds the module file and segment."""


@dataclass(frozen=True)
class StoredAnswer:
    id: int
    role: str
    body: dict
    votes: int = 0
    pinned: bool = False
    hidden: bool = False
    created_at: float = 0.0
    participant_id: int = 0  # pairs a participant's answers across activities (before/after); never shown


@dataclass(frozen=True)
class NoSpec:
    """The spec of a kind that needs nothing but its name."""


def describe_activity(kind_label: str, format: str | None, minutes: int | None) -> str:
    """The line under an activity's title on every screen and in the export: "Poll · pairs · 6 min".
    "Word cloud · word cloud, then pairs" says it twice: a format that starts with the kind's
    label takes its place."""
    bits = [kind_label] if kind_label else []
    if format and kind_label and format.casefold().startswith(kind_label.casefold()):
        bits = [format[0].upper() + format[1:]]
    elif format:
        bits.append(format)
    if minutes:
        bits.append(f"{minutes} min")
    return " · ".join(bits)


@dataclass(frozen=True)
class Activity:
    """One activity of the room: a segment of the course, run as one kind with its parsed spec."""

    id: str
    title: str
    prompt: str | None
    format: str | None
    minutes: int
    segment_kind: str
    module_id: str
    module_title: str
    kind: "ActivityKind"
    spec: Any = NoSpec()
    parts: tuple[tuple[str, int], ...] = ()
    module_path: Path | None = None  # the module's file: where the course's own files are found
    compare_with: str | None = None  # a comparing kind: the earlier activity it compares with
    segment: Any = None  # the course's segment: its parts, fitted to the minutes the room gives it
    # The course's modules the room's agenda does not run (ids): a survey leaves out their statements.
    modules_left_out: tuple[str, ...] = ()

    @property
    def course_folder(self) -> Path | None:
        return self.module_path.parent.parent if self.module_path else None

    def public(self, minutes: int | None = None) -> dict:
        """What every screen may know about the activity, run for ``minutes`` (the room's clock:
        the planner's fitted minutes, an extension) or, without, for the course's own minutes."""
        minutes = minutes or self.minutes
        parts = self.segment.parts_for(minutes) if self.segment is not None else ()
        return {
            "id": self.id,
            "title": self.title,
            "prompt": self.prompt,
            "format": self.format,
            "minutes": minutes,
            "kind": self.kind.name,
            "kind_label": self.kind.label,
            "description": describe_activity(self.kind.label, self.format, minutes),
            "accepts_answers": self.kind.accepts_answers,
            "parts": [{"label": part.label, "minutes": part.minutes} for part in parts] if self.segment is not None
            else [{"label": label, "minutes": n} for label, n in self.parts],
            "module": self.module_title,
            "one_per_participant": self.kind.one_per_participant,
            **self.kind.describe(self),
        }


@dataclass
class KindRoutes:
    """The routes a kind adds: behind the participant gate (/p), behind the facilitator's (/f),
    and public ones (a link that lets a device in, checked by the kind itself)."""

    participant: list = field(default_factory=list)
    facilitator: list = field(default_factory=list)
    public: list = field(default_factory=list)


@dataclass
class KindContext:
    """What the room's HTTP layer lends a kind for its routes: the one way in for all of them.

    A route raises :class:`~tension_points.room.guards.BadRequest` to refuse; the application's
    exception handlers turn it into the JSON error (or, for a page, the locked page)."""

    room: Any  # the live room (live.Room): store, catalogue, broadcaster, current activity, actions lock
    json_body: Callable[[Any], Awaitable[dict]]  # the request's JSON object, bounded and checked
    participant: Callable[[Any], Any]  # the participant behind a /p request (store.Participant)
    limit: Callable[[Any], None]  # the participant's rate limit: raises 429 when spent
    render: Callable[..., str]  # a template of the room's, autoescaped
    stream: Callable[..., Any]  # stream(request, audiences, snapshot): server-sent events with ids and replay
    # admit(request, response, role, team): the device's participant (its cookie, or a new one
    # whose cookie is set on ``response``), for a public route that lets a device in.
    admit: Callable[..., Awaitable[Any]] = None
    on_shutdown: list[Callable[[], None]] = field(default_factory=list)  # run when the server stops


class ActivityKind:
    """The protocol every kind implements; the defaults suit a kind with no answers."""

    name = ""
    label = ""
    accepts_answers = True
    one_per_participant = False  # one answer a participant (a later one replaces it) or several
    max_per_participant = 1
    # Whether results compare with the answers of an earlier activity of the same kind
    # (the post survey with the pre survey); the catalogue links the two.
    compares_with_earlier = False
    # Whether each answer is shown under its authors' own names on purpose (a pair presenting
    # its map): only then do results of fewer than privacy.MIN_GROUP people reach the screens.
    signed_answers = False

    # Its part of a module's live spec: JSON Schema properties (besides ``kind``), the
    # required ones, and the frozen dataclass the checked mapping becomes.
    spec_properties: Mapping[str, dict] = {}
    spec_required: tuple[str, ...] = ()
    spec_type: type = NoSpec

    # The renderer: scripts (and style sheets) that register this kind in Room.kinds.
    assets: tuple[str, ...] = ()
    asset_dir: Path = KIND_ASSETS

    # --- The course --------------------------------------------------------------------------

    def parse_spec(self, raw: Mapping[str, Any]) -> Any:
        """The segment's ``live`` mapping checked against this kind's schema and made its spec."""
        schema = {
            "type": "object",
            "properties": {"kind": {"type": "string"}, **self.spec_properties},
            "required": list(self.spec_required),
            "additionalProperties": False,
        }
        problem = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(dict(raw)))
        if problem is not None:
            where = describe_location(problem)
            takes = ", ".join(self.spec_properties) or "nothing but its kind"
            raise SpecProblem(f"live{'' if where == 'top level' else '.' + where.lstrip('.')}: {describe_problem(problem)}"
                              f" (live.kind {self.name} takes {takes})")
        values = {key: tuple(value) if isinstance(value, list) else value for key, value in raw.items() if key != "kind"}
        return self.spec_type(**values)

    # --- The printed kit ---------------------------------------------------------------------

    def on_paper(self, spec: Any, segment: Any, minutes: int | None = None) -> str:
        """What the printed run-sheet and module page say so a room without phones can run the
        activity from its one definition (a poll's options for a show of hands, the items a
        Wizard of Oz round plays), at ``minutes`` or the segment's own; "" when nothing."""
        return ""

    def step_note(self, spec: Any, segment: Any, minutes: int) -> str:
        """A few words for the lectern sheet's step-split line at ``minutes`` ("" when none)."""
        return ""

    # --- The screens -------------------------------------------------------------------------

    def describe(self, activity: Activity) -> dict:
        """What the screens need beyond the common fields (a poll's options, a survey's questions)."""
        return {}

    def clean(self, activity: Activity, payload: dict) -> dict:
        raise AnswerRefused(f"this activity ({self.label.lower()}) takes no answers on the phone")

    def results(self, activity: Activity, answers: list[StoredAnswer], earlier: list[StoredAnswer] | None = None) -> dict:
        return {}

    def live_update(self, activity: Activity, answers: list[StoredAnswer], since_id: int, earlier=None) -> dict:
        """The event that brings revealed results up to date after answers came in: the whole
        results by default; a kind may send only what is new since answer ``since_id``."""
        return {"type": "results", "activity": activity.id, "results": self.results(activity, answers, earlier)}

    def phone_view(self, activity: Activity, participant_id: int, store) -> dict:
        """What a participant's own screen needs beyond the answers they sent (the votes they gave)."""
        return {}

    def console_view(self, activity: Activity, answers: list[StoredAnswer]) -> dict:
        """What the facilitator's console needs beyond the results (the wall with hidden answers)."""
        return {}

    # --- The export --------------------------------------------------------------------------

    def tables(self, activity: Activity, answers: list[StoredAnswer], earlier: list[StoredAnswer] | None = None) -> list[Table]:
        return []

    def files(self, activity: Activity, answers: list[StoredAnswer]) -> list[tuple[str, str]]:
        """Files handed over whole, beside the record: (name, text)."""
        return []

    def export(self, activity: Activity, store) -> tuple[dict, list[Table]]:
        """What the record holds that is not in the room's answers (a game's logs): entries and tables."""
        return {}, []

    # --- The server --------------------------------------------------------------------------

    def routes(self, context: KindContext) -> KindRoutes:
        return KindRoutes()


# --- Helpers the kinds share -----------------------------------------------------------------


def earlier_answers(activity: Activity, answers_of: Callable[[str], list[StoredAnswer]]) -> list[StoredAnswer] | None:
    """A comparing kind's earlier activity's answers (the pre survey's, for the post survey)."""
    if not activity.kind.compares_with_earlier:
        return None
    return answers_of(activity.compare_with) if activity.compare_with else []


def results_of(activity: Activity, answers: list[StoredAnswer], answers_of) -> dict:
    """The results every screen gets, through the privacy rule's one gate."""
    return gated(activity.kind, answers, lambda: activity.kind.results(activity, answers, earlier_answers(activity, answers_of)))


def tables_of(activity: Activity, answers: list[StoredAnswer], answers_of) -> list[Table]:
    return activity.kind.tables(activity, answers, earlier_answers(activity, answers_of))


def clean_text(value: object, limit: int, what: str) -> str:
    if not isinstance(value, str):
        raise AnswerRefused(f"{what} must be text")
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").strip()
    # Control characters other than newlines have no place in an answer on a wall.
    text = "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch)[0] != "C")
    if not text:
        raise AnswerRefused(f"{what} is empty")
    if len(text) > limit:
        raise AnswerRefused(f"{what} is longer than {limit} characters")
    return text


def by_role(answers: list[StoredAnswer]) -> dict[str, list[StoredAnswer]]:
    """Answers grouped under "all" and under each role that answered, however few: for the
    facilitator's export only. The screens' figures go through ``privacy.visible_figures``."""
    groups: dict[str, list[StoredAnswer]] = {"all": list(answers)}
    for answer in answers:
        groups.setdefault(answer.role, []).append(answer)
    return groups


def role_columns(groups: dict) -> list[str]:
    return [role for role, _ in ROLES if role in groups]
