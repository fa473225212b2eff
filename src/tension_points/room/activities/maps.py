"""Two kinds from the kit's exercises: the hand-off map and the ownership matrix.

A pair sends its map (or matrix) as the data the notebook's YAML file holds. The room
writes that data as YAML and reads it back with the notebook's own loader, so an answer
the room accepts is a file the notebook runs on, and a refusal carries the loader's
message. The drawings are the notebook's drawings (matplotlib), saved as SVG here.
"""

from __future__ import annotations

import io
import re
import threading
from abc import ABC, abstractmethod
import unicodedata
from collections import OrderedDict

import anyio
import yaml
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tension_points.errors import UserError
from tension_points.exercises import handoffs, ownership
from tension_points.reports import Table
from tension_points.room.activities.base import ActivityKind, AnswerRefused, KindContext, KindRoutes, StoredAnswer
from tension_points.room.guards import BadRequest, record_id

MAX_PAIR = 30
MAX_TEXT = 100  # a name or a hand-off's label: longer ones do not fit the drawing
CACHED_DRAWINGS = 64


def clean_pair(value: object) -> str:
    """The pair's name as the projector shows it: one line, bounded, never empty."""
    if not isinstance(value, str) or not " ".join(value.split()):
        raise AnswerRefused("give your pair a name, such as Pair 3, so the projector can show whose this is")
    name = " ".join(unicodedata.normalize("NFC", value).split())
    if len(name) > MAX_PAIR:
        raise AnswerRefused(f"your pair's name is longer than {MAX_PAIR} characters")
    return name


# The loader names places as the YAML file does ("teams[1].name"); the phone's form calls them
# what its labels say ("Team 2's name"). Most specific first.
FORM_WORDS = [
    (re.compile(r"^your (map|matrix): "), lambda m: ""),
    (re.compile(r"\bteams\[(\d+)\]\.name\b"), lambda m: f"Team {int(m[1]) + 1}'s name"),
    (re.compile(r"\bteams\[(\d+)\](\.id)?"), lambda m: f"Team {int(m[1]) + 1}"),
    (re.compile(r"\bhandoffs\[(\d+)\]\.what\b"), lambda m: f"Hand-off {int(m[1]) + 1}, what is handed over,"),
    (re.compile(r"\bhandoffs\[(\d+)\]\.from\b"), lambda m: f"Hand-off {int(m[1]) + 1}, From,"),
    (re.compile(r"\bhandoffs\[(\d+)\]\.to\b"), lambda m: f"Hand-off {int(m[1]) + 1}, To,"),
    (re.compile(r"\bhandoffs\[(\d+)\]\.feedback_on\b"), lambda m: f"Hand-off {int(m[1]) + 1}, work or feedback,"),
    (re.compile(r"\bhandoffs\[(\d+)\](\.id)?"), lambda m: f"Hand-off {int(m[1]) + 1}"),
    (re.compile(r"\broles\[(\d+)\]\.name\b"), lambda m: f"Role {int(m[1]) + 1}'s name"),
    (re.compile(r"\broles\[(\d+)\](\.id)?"), lambda m: f"Role {int(m[1]) + 1}"),
    (re.compile(r"\bstages\[(\d+)\]\.name\b"), lambda m: f"Stage {int(m[1]) + 1}'s name"),
    (re.compile(r"\bstages\[(\d+)\]\.raci\.[\w-]+"), lambda m: f"Stage {int(m[1]) + 1}'s letters"),
    (re.compile(r"\bstages\[(\d+)\](\.id)?"), lambda m: f"Stage {int(m[1]) + 1}"),
    (re.compile(r"(,?): '' should be non-empty"), lambda m: f"{m[1]} is empty"),
    (re.compile(r",?: unknown team '' \(known: [^)]*\)"), lambda m: ": pick a team"),
    (re.compile(r",:"), lambda m: ":"),
]


def in_form_words(message: str) -> str:
    """The loader's message with its places named as the phone's form names them."""
    for pattern, words in FORM_WORDS:
        message = pattern.sub(words, message)
    return message[:1].upper() + message[1:]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()).strip("-") or "pair"


class ExerciseKind(ActivityKind, ABC):
    """What the two kinds share: the YAML round trip, the size bounds and the drawing.

    Each kind says how to load, count, draw and describe its notebook's data."""

    one_per_participant = True  # a pair's later version replaces the earlier one: that is how it edits
    signed_answers = True  # each map is shown under the pair's name: the pair presents it to the room
    field = ""  # the payload's key holding the notebook's data
    what = ""  # "map" or "matrix", in messages
    notebook = ""  # the exercise page a pair runs at home
    example = ""  # the exercise's example file, in the course's exercises/data
    limits: dict[str, int] = {}  # most of each thing counts() counts, so a drawing stays readable
    assets = ("maps.js", "maps.css")

    @abstractmethod
    def load(self, text: str): ...

    @abstractmethod
    def counts(self, loaded) -> dict[str, int]: ...

    @abstractmethod
    def texts(self, loaded) -> list[str]: ...

    @abstractmethod
    def draw(self, loaded): ...

    @abstractmethod
    def summary(self, loaded) -> str: ...

    @abstractmethod
    def text_table(self, loaded) -> tuple[tuple[str, ...], list[list[str]]]: ...

    # --- An answer in ------------------------------------------------------------------

    def clean(self, activity, payload: dict) -> dict:
        pair = clean_pair(payload.get("pair"))
        data = payload.get(self.field)
        if not isinstance(data, dict):
            raise AnswerRefused(f"send your {self.what} as the fields of the form")
        text = self.yaml_text(activity, pair, data)
        try:
            loaded = self.load(text)
        except UserError as refused:
            raise AnswerRefused(in_form_words(str(refused))) from None
        self.check_size(loaded)
        return {"pair": pair, "yaml": text}

    def yaml_text(self, activity, pair: str, data: dict) -> str:
        header = (
            f"# {activity.title}: {pair}'s {self.what}, from the live room.\n"
            f"# Run the notebook of the exercise {self.notebook} on this file.\n"
        )
        return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)

    def check_size(self, loaded) -> None:
        for what, count in self.counts(loaded).items():
            limit = self.limits[what]
            if count > limit:
                raise AnswerRefused(f"a {self.what} in the room holds at most {limit} {what} (this one has {count})")
        for text in self.texts(loaded):
            if len(text) > MAX_TEXT:
                raise AnswerRefused(f"'{text[:40]}…' is longer than {MAX_TEXT} characters: shorten it so the drawing stays readable")

    # --- Results and export -------------------------------------------------------------

    def loaded(self, answer: StoredAnswer):
        return self.load(answer.body["yaml"])

    def card(self, answer: StoredAnswer) -> dict:
        loaded = self.loaded(answer)
        headers, rows = self.text_table(loaded)
        return {"id": answer.id, "pair": answer.body["pair"], "title": loaded.title, "summary": self.summary(loaded),
                "headers": list(headers), "rows": rows}

    def results(self, activity, answers, earlier=None):
        return {"what": self.what, "cards": [self.card(a) for a in answers if not a.hidden]}

    def tables(self, activity, answers, earlier=None):
        tables = []
        for answer in answers:
            card = self.card(answer)
            hidden = " (hidden from the room)" if answer.hidden else ""
            tables.append(Table(list(card["headers"]), [list(r) for r in card["rows"]], caption=f"{card['pair']}: {card['title']}{hidden}"))
            tables.append(Table(["Finding"], [[line] for line in card["summary"].splitlines()],
                                caption=f"{card['pair']}: what the notebook finds", row_headers=False))
        return tables

    def file_name(self, activity_id: str, answer: StoredAnswer, ext: str) -> str:
        return f"{activity_id}-{slug(answer.body['pair'])}-{answer.id}.{ext}"

    def files(self, activity, answers) -> list[tuple[str, str]]:
        """Every pair's YAML and drawing, for the facilitator's export."""
        out = []
        for answer in answers:
            out.append((self.file_name(activity.id, answer, "yaml"), answer.body["yaml"]))
            out.append((self.file_name(activity.id, answer, "svg"), drawing(self, answer)))
        return out

    def routes(self, context):
        return map_routes(context)


class HandoffMapKind(ExerciseKind):
    name = "handoff-map"
    label = "Hand-off map"
    field = "map"
    what = "map"
    notebook = "silos-handoff-map"
    example = "handoffs-example.yaml"
    limits = {"teams": 12, "hand-offs": 30}

    def load(self, text):
        return handoffs.parse_map(text, "your map")

    def counts(self, loaded):
        return {"teams": len(loaded.teams), "hand-offs": len(loaded.handoffs)}

    def texts(self, loaded):
        return [loaded.title, *loaded.teams.values(), *(h.what for h in loaded.handoffs)]

    def draw(self, loaded):
        return handoffs.draw(loaded, handoffs.analyse(loaded))

    def summary(self, loaded):
        return handoffs.describe(loaded, handoffs.analyse(loaded))

    def text_table(self, loaded):
        findings = handoffs.analyse(loaded)
        one_way, name = set(findings.one_way), loaded.teams
        rows = [
            [name[h.source], name[h.target], h.what,
             f"feedback on: {loaded.by_id(h.feedback_on).what}" if h.is_feedback else "work",
             "" if h.is_feedback else "no: one-way" if h in one_way else "yes"]
            for h in loaded.handoffs
        ]
        return ("From", "To", "What", "Work or feedback", "Sender hears how it fared?"), rows


class OwnershipMatrixKind(ExerciseKind):
    name = "ownership-matrix"
    label = "Ownership matrix"
    field = "matrix"
    what = "matrix"
    notebook = "ownership-matrix"
    example = "ownership-example.yaml"
    limits = {"roles": 10, "stages": 15}

    def load(self, text):
        return ownership.parse_matrix(text, "your matrix")

    def counts(self, loaded):
        return {"roles": len(loaded.roles), "stages": len(loaded.stages)}

    def texts(self, loaded):
        return [loaded.title, *loaded.roles.values(), *(s.name for s in loaded.stages)]

    def draw(self, loaded):
        return ownership.draw_matrix(loaded)

    def summary(self, loaded):
        return ownership.describe(loaded, ownership.check(loaded))

    def text_table(self, loaded):
        # The notebook's own table (ownership.table), as rows: "-" for no letter, "!" for a gap.
        findings = ownership.check(loaded)
        idle = set(findings.idle_roles)
        rows = []
        for stage in loaded.stages:
            flags = findings.flags(stage.id)
            rows.append([stage.name, *(stage.raci.get(r, "-") for r in loaded.roles), ("! " + ", ".join(flags)) if flags else "ok"])
        rows.append(["(role has a part?)", *("! none" if r in idle else "yes" for r in loaded.roles), ""])
        return ("Stage", *loaded.roles.values(), "Check"), rows


def form_spec(kind: ExerciseKind, example_text: str | None) -> dict:
    """What the phone's form needs from the kit: the limits, the matrix's letters, the example."""
    spec = {"kind": kind.name, "limits": kind.limits, "max_text": MAX_TEXT, "max_pair": MAX_PAIR}
    if kind.name == "ownership-matrix":
        spec["letters"] = [[letter, ownership.LETTER_NAMES[letter]] for letter in ownership.LETTERS]
        spec["cells"] = [[cell, name] for cell, name in ownership.CELLS.items()]  # what one cell may hold
    spec["example"] = yaml.safe_load(example_text) if example_text else None
    return spec


# --- Drawings: the notebook's figure, saved as SVG ---------------------------------------------

_drawing_lock = threading.Lock()  # pyplot keeps global state: one figure at a time
_drawings: OrderedDict[int, str] = OrderedDict()  # answer id -> SVG; an edit is a new answer, so no stale entry


def drawing(kind: ExerciseKind, answer: StoredAnswer) -> str:
    with _drawing_lock:
        if answer.id in _drawings:
            _drawings.move_to_end(answer.id)
            return _drawings[answer.id]
        import matplotlib

        matplotlib.use("Agg")  # no display on the server; set before the notebook's code imports pyplot
        svg = figure_svg(kind.draw(kind.loaded(answer)))
        _drawings[answer.id] = svg
        while len(_drawings) > CACHED_DRAWINGS:
            _drawings.popitem(last=False)
        return svg


def figure_svg(figure) -> str:
    import matplotlib
    from matplotlib import pyplot as plt

    buffer = io.StringIO()
    # Text stays text (searchable, read by the tests), and the same map gives the same file.
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "tension-points"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return buffer.getvalue()


# --- Routes: the form's spec and the pair's own files (participants), the drawings (projector) ---


def map_activity(room, activity_id: str):
    activity = room.catalogue.get(activity_id)
    if activity is None or not isinstance(activity.kind, ExerciseKind):
        raise BadRequest(404, f"no map or matrix activity '{activity_id}'")
    return activity


def example_text(activity) -> str | None:
    folder = activity.course_folder
    path = folder / "exercises" / "data" / activity.kind.example if folder else None
    return path.read_text("utf-8") if path and path.is_file() else None


def map_routes(context: KindContext) -> KindRoutes:
    """Both map kinds share these routes (they inherit one ``routes`` method, so the room mounts them once)."""
    room = context.room

    def mine(request: Request) -> tuple:
        participant = context.participant(request)
        context.limit(request)
        activity = map_activity(room, request.path_params["activity"])
        stored = room.store.my_answers(participant.id, activity.id)
        if not stored:
            raise BadRequest(404, f"your pair has not sent a {activity.kind.what} here yet")
        return activity, StoredAnswer(stored[-1]["id"], participant.role, stored[-1]["body"])

    async def form(request: Request):
        """The form's spec, with the pair's saved answer (as data) so the phone can edit it."""
        activity = map_activity(room, request.path_params["activity"])
        participant = context.participant(request)
        spec = form_spec(activity.kind, await anyio.to_thread.run_sync(example_text, activity))
        stored = await anyio.to_thread.run_sync(room.store.my_answers, participant.id, activity.id)
        spec["mine"] = {"id": stored[-1]["id"], "pair": stored[-1]["body"]["pair"], "data": yaml.safe_load(stored[-1]["body"]["yaml"])} if stored else None
        return JSONResponse(spec)

    async def download(request: Request):
        ext = request.path_params["ext"]
        if ext not in ("yaml", "svg"):
            raise BadRequest(404, "a pair's files are mine.yaml and mine.svg")
        activity, answer = await anyio.to_thread.run_sync(mine, request)
        text = answer.body["yaml"] if ext == "yaml" else await anyio.to_thread.run_sync(drawing, activity.kind, answer)
        name = activity.kind.file_name(activity.id, answer, ext)
        media = "application/yaml" if ext == "yaml" else "image/svg+xml"
        return Response(text, media_type=media, headers={"content-disposition": f'attachment; filename="{name}"'})

    async def svg(request: Request):
        answer_id = record_id(request.path_params["answer"], "a drawing")
        found = await anyio.to_thread.run_sync(room.store.answer, answer_id)
        activity = room.catalogue.get(found[0]) if found else None
        if activity is None or not isinstance(activity.kind, ExerciseKind):
            raise BadRequest(404, f"no map or matrix {answer_id}")
        svg = await anyio.to_thread.run_sync(drawing, activity.kind, found[1])
        # An answer never changes (an edit is a new answer), so the projector may keep the image.
        return Response(svg, media_type="image/svg+xml", headers={"cache-control": "private, max-age=86400"})

    return KindRoutes(
        participant=[Route("/api/maps/{activity}/form", form), Route("/api/maps/{activity}/mine.{ext:str}", download)],
        facilitator=[Route("/api/maps/drawing/{answer:int}.svg", svg)],
    )
